/**
 * The embedded stack's wiring, shared by `npm start` and the test suite: point the process
 * at the emulators (the same env vars a deployed function gets), create the table and
 * queues from the shared declarations, install the local clock and scheduler, start the front.
 */

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { resetBlobStore } from '../../shared/adapters/blob-store.ts';
import { type AdjustableClock, useClock } from '../../shared/adapters/clock.ts';
import { resetDynamo } from '../../shared/adapters/dynamo.ts';
import { resetQueueClient } from '../../shared/adapters/queue.ts';
import { useScheduler } from '../../shared/adapters/scheduler.ts';
import { SMS_ENV, useSmsSender } from '../../shared/adapters/sms-sender.ts';
import { ENV } from '../../shared/config.ts';
import { queues } from '../../shared/queues.ts';
import { useMailer } from '../../shared/use-cases/dispatch.ts';
import { workers as workerDefs } from '../../shared/workers.ts';
import {
  createQueues,
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localDynamoClient,
  localSqsClient,
  type QueueUrls,
} from './emulators.ts';
import { type LocalFront, startLocalFront } from './front.ts';
import { LocalScheduler } from './scheduler.ts';
import { LocalStreamReader } from './streams.ts';
import { createLocalIssuer, type LocalIssuer } from './tokens.ts';
import { LocalWorkers } from './workers.ts';

export interface LocalStackOptions {
  /** Run the queue consumers and recurring schedules in the background (npm start); tests drain by hand. */
  background?: boolean;
  /** Where department e-mails are written as .eml files. */
  mailDir?: string;
  /** Where text messages to reporters are written, one JSON file each (default: `.local/sms`). */
  smsDir?: string;
  /** Action-link HMAC key (absent: a random one per start). */
  actionLinkSecret?: string;
  /** Divides the webhook retry schedule (default 1440: a day's retries in about a minute). */
  retryCompress?: number;
  port: number;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  /** S3 emulator; default: the SQS endpoint (fauxqs serves both). */
  s3Endpoint?: string;
  tableName: string;
  queuePrefix?: string;
  clock: AdjustableClock;
  /** Where the token signing key is kept (absent: a fresh key per start, as in tests). */
  issuerKeyPath?: string;
  host?: string;
}

export interface LocalStack {
  url: string;
  workers: LocalWorkers;
  /** Run every queue consumer and schedule until nothing is left to do. */
  drain(): Promise<void>;
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

  process.env[ENV.actionLinkSecret] = opts.actionLinkSecret ?? randomBytes(32).toString('base64url');
  process.env[ENV.webhookRetryCompress] = String(opts.retryCompress ?? 1440);
  process.env.MAIL_TRANSPORT = 'file';
  if (opts.mailDir) process.env.MAIL_DIR = opts.mailDir;
  process.env[SMS_ENV.transport] = 'file';
  process.env[SMS_ENV.dir] = opts.smsDir ?? join(process.cwd(), '.local', 'sms');
  resetQueueClient();
  useMailer(undefined);
  useSmsSender(undefined);

  const dynamo = localDynamoClient(opts.dynamoEndpoint);
  const sqs = localSqsClient(opts.sqsEndpoint);
  let urls: QueueUrls;
  try {
    await createTable(dynamo, opts.tableName);
    urls = await createQueues(sqs, opts.queuePrefix ?? '');
    for (const [id, q] of Object.entries(queues)) {
      process.env[q.envVar] = urls[id as keyof typeof queues].url;
    }
  } finally {
    dynamo.destroy();
  }

  // S3 (attachments, archive): the buckets on the emulator, named with the queue prefix so
  // parallel test files do not share them. fauxqs has no Object Lock; see blob-store.ts.
  const s3Endpoint = opts.s3Endpoint ?? opts.sqsEndpoint;
  const bucketPrefix = opts.queuePrefix ?? '';
  const buckets = {
    [ENV.attachmentBucket]: `${bucketPrefix}bancheng-attachments`,
    [ENV.archiveBucket]: `${bucketPrefix}bancheng-archive`,
  };
  await createBuckets(s3Endpoint, Object.values(buckets));
  process.env[ENV.s3Endpoint] = s3Endpoint;
  for (const [envVar, name] of Object.entries(buckets)) process.env[envVar] = name;
  resetBlobStore();

  useClock(opts.clock);
  const scheduler = new LocalScheduler();
  const unsubscribe = opts.clock.onChange((now) => scheduler.fireDue(now));
  scheduler.startTicking(() => opts.clock.now());
  const issuer = await createLocalIssuer(opts.issuerKeyPath);
  const front = await startLocalFront({
    port: opts.port,
    issuer,
    clock: opts.clock,
    s3Endpoint,
    smsDir: process.env[SMS_ENV.dir],
    ...(opts.host ? { host: opts.host } : {}),
  });
  process.env[ENV.publicBaseUrl] = front.url;
  process.env[ENV.s3PublicEndpoint] = `${front.url}/_local/s3`;
  // The table's stream, read from now on: what the outbox relay forwards to the queue.
  const stream = new LocalStreamReader(opts.dynamoEndpoint, opts.tableName);
  await stream.start();
  const workers = new LocalWorkers(sqs, urls, stream);
  // npm start: a clock move also runs the recurring workers at once (the monthly bulletin after a
  // jump past the 1st, the safety net), instead of at their next tick.
  let unsubscribeWorkers = () => {};
  if (opts.background) {
    workers.startBackground();
    unsubscribeWorkers = opts.clock.onChange(() => workers.drain().catch(() => undefined));
  }
  // One-time deadline schedules go to the local scheduler, which fires the same target modules.
  useScheduler({
    async scheduleOnce({ name, at, target, input }) {
      scheduler.schedule({
        name,
        at,
        input,
        fire: async (i) => void (await workers.invoke(workerDefs[target].entry, i)),
      });
    },
    async cancel(name) {
      scheduler.cancel(name);
    },
  });

  return {
    url: front.url,
    workers,
    drain: () => workers.drain(),
    clock: opts.clock,
    issuer,
    scheduler,
    front,
    async close() {
      unsubscribe();
      unsubscribeWorkers();
      scheduler.stop();
      useScheduler(undefined);
      workers.stop();
      await front.close();
      sqs.destroy();
      resetDynamo();
      resetQueueClient();
      resetBlobStore();
    },
  };
}

/** Creates the buckets on the S3 emulator; an existing one is fine (idempotent). */
async function createBuckets(endpoint: string, names: readonly string[]): Promise<void> {
  const s3 = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    for (const name of names) {
      try {
        await s3.send(new CreateBucketCommand({ Bucket: name }));
      } catch (e) {
        const code = (e as Error).name;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw e;
      }
    }
  } finally {
    s3.destroy();
  }
}
