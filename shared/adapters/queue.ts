/**
 * SQS, one client per process. Queue URLs come from each queue definition's env var; the
 * local stack points the client at the emulator through SQS_ENDPOINT.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, requiredEnv } from '../config.ts';
import { type QueueId, queues } from '../queues.ts';

let client: SQSClient | undefined;

function sqs(): SQSClient {
  if (!client) {
    const endpoint = process.env[ENV.sqsEndpoint];
    client = new SQSClient(
      endpoint
        ? {
            endpoint,
            region: process.env.AWS_REGION ?? 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : {},
    );
  }
  return client;
}

export async function sendMessage(queue: QueueId, body: unknown): Promise<void> {
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: requiredEnv(queues[queue].envVar),
      MessageBody: JSON.stringify(body),
    }),
  );
}

export function resetQueueClient(): void {
  client?.destroy();
  client = undefined;
}
