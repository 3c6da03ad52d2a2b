/**
 * SQS, one client per process. Queue URLs come from each queue definition's env var; the
 * local stack points the client at the emulator through SQS_ENDPOINT.
 */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
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

/**
 * Many messages in batches of ten (SendMessageBatch). Answers the indexes of the messages that
 * were not accepted (a batch that fails as a whole: all of its messages), for the caller to retry.
 */
export async function sendMessages(queue: QueueId, bodies: readonly unknown[]): Promise<number[]> {
  const url = requiredEnv(queues[queue].envVar);
  const failed: number[] = [];
  for (let start = 0; start < bodies.length; start += 10) {
    const batch = bodies.slice(start, start + 10);
    try {
      const out = await sqs().send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: batch.map((body, i) => ({ Id: String(start + i), MessageBody: JSON.stringify(body) })),
        }),
      );
      for (const f of out.Failed ?? []) failed.push(Number(f.Id));
    } catch {
      failed.push(...batch.map((_, i) => start + i));
    }
  }
  return failed.sort((a, b) => a - b);
}

export function resetQueueClient(): void {
  client?.destroy();
  client = undefined;
}
