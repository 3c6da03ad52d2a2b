/**
 * The embedded stack's wiring, shared by `npm start` and the test suite: point the process
 * at the emulators (the same env vars a deployed function gets), create the table and
 * queues from the shared declarations, install the local clock and scheduler, start the front.
 */
import { type AdjustableClock, useClock } from '../../shared/adapters/clock.ts';
import { resetDynamo } from '../../shared/adapters/dynamo.ts';
import { ENV } from '../../shared/config.ts';
import { queues } from '../../shared/queues.ts';
import { createQueues, createTable, localDynamoClient, localSqsClient } from './emulators.ts';
import { type LocalFront, startLocalFront } from './front.ts';
import { LocalScheduler } from './scheduler.ts';
import { createLocalIssuer, type LocalIssuer } from './tokens.ts';

export interface LocalStackOptions {
  port: number;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queuePrefix?: string;
  clock: AdjustableClock;
  /** Where the token signing key is kept (absent: a fresh key per start, as in tests). */
  issuerKeyPath?: string;
  host?: string;
}

export interface LocalStack {
  url: string;
  clock: AdjustableClock;
  issuer: LocalIssuer;
  scheduler: LocalScheduler;
  front: LocalFront;
  close(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  process.env[ENV.stage] = 'local';
  process.env[ENV.tableName] = opts.tableName;
  process.env[ENV.dynamoEndpoint] = opts.dynamoEndpoint;
  process.env[ENV.sqsEndpoint] = opts.sqsEndpoint;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  resetDynamo();

  const dynamo = localDynamoClient(opts.dynamoEndpoint);
  const sqs = localSqsClient(opts.sqsEndpoint);
  try {
    await createTable(dynamo, opts.tableName);
    const urls = await createQueues(sqs, opts.queuePrefix ?? '');
    for (const [id, q] of Object.entries(queues)) {
      process.env[q.envVar] = urls[id as keyof typeof queues].url;
    }
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }

  useClock(opts.clock);
  const scheduler = new LocalScheduler();
  const unsubscribe = opts.clock.onChange((now) => scheduler.fireDue(now));
  scheduler.startTicking(() => opts.clock.now());
  const issuer = await createLocalIssuer(opts.issuerKeyPath);
  const front = await startLocalFront({
    port: opts.port,
    issuer,
    clock: opts.clock,
    ...(opts.host ? { host: opts.host } : {}),
  });

  return {
    url: front.url,
    clock: opts.clock,
    issuer,
    scheduler,
    front,
    async close() {
      unsubscribe();
      scheduler.stop();
      await front.close();
      resetDynamo();
    },
  };
}
