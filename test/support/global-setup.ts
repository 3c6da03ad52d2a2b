/**
 * Starts DynamoDB Local (in memory) and fauxqs once for the whole vitest run and hands their
 * endpoints to the test files: `inject('dynamoEndpoint')`, `inject('sqsEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { startSqsEmulator } from '../../infra/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const started = await Promise.allSettled([startDynamoDbLocal({ inMemory: true }), startSqsEmulator()]);
  const [dynamo, sqs] = started;
  if (dynamo.status === 'rejected' || sqs.status === 'rejected') {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw dynamo.status === 'rejected' ? dynamo.reason : (sqs as PromiseRejectedResult).reason;
  }
  project.provide('dynamoEndpoint', dynamo.value.endpoint);
  project.provide('sqsEndpoint', sqs.value.endpoint);
  return async () => {
    await Promise.all([dynamo.value.stop(), sqs.value.stop()]);
  };
}
