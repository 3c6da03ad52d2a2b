/**
 * Starts DynamoDB Local (in memory) and fauxqs once for the whole vitest run and hands their
 * endpoints to the test files: `inject('dynamoEndpoint')`, `inject('sqsEndpoint')`. The web
 * console is built (when its sources changed) beside them, once, for the browser tests.
 */
import type { TestProject } from 'vitest/node';
import { ensureConsoleBuilt } from '../../infra/local/console.ts';
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
  const [built, ...started] = await Promise.allSettled([
    ensureConsoleBuilt(),
    startDynamoDbLocal({ inMemory: true }),
    startSqsEmulator(),
  ]);
  const [dynamo, sqs] = started as [
    PromiseSettledResult<Awaited<ReturnType<typeof startDynamoDbLocal>>>,
    PromiseSettledResult<Awaited<ReturnType<typeof startSqsEmulator>>>,
  ];
  if (built.status === 'rejected') {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw built.reason;
  }
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
