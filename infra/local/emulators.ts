/**
 * Local SQS (fauxqs, which also emulates S3) and the bootstrap that creates the table and the
 * queues on the emulators from the shared declarations — the same shapes CDK deploys.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  QueueAttributeName,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { deadLetterName, queues } from '../../shared/queues.ts';
import { dynamoProjection, type IndexDefinition, keyAttributes, table } from '../../shared/table.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export const localDynamoClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

export const localSqsClient = (endpoint: string) =>
  new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

export interface SqsEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts fauxqs (SQS + S3) in this process. Port 0 or undefined: a free port. */
export async function startSqsEmulator(options: { port?: number } = {}): Promise<SqsEmulator> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false });
  return { endpoint: `http://127.0.0.1:${server.port}`, port: server.port, stop: () => server.stop() };
}

/**
 * Creates the table from shared/table.ts, waits until ACTIVE and enables TTL.
 * Idempotent: an existing table (e.g. a persisted local DB) keeps its items, and its indexes are
 * brought to `table.indexes` (see `alignIndexes`).
 */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await describe(client, tableName);
  if (existing) {
    await alignIndexes(client, tableName, existing);
    await addStream(client, tableName, existing);
    return;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keyAttributes)].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Object.values(table.indexes).map(indexSpec),
        StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView },
      }),
    );
  } catch (e) {
    // Someone else created it between our check and our call: fine, wait for it below.
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  } catch (e) {
    // DynamoDB Local answers "TimeToLive is already enabled" (ValidationException) on a second
    // call; anything else is a real problem.
    if (!/already enabled/i.test((e as Error).message)) throw e;
  }
}

function indexSpec(i: IndexDefinition) {
  return {
    IndexName: i.name,
    KeySchema: [
      { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: dynamoProjection(i.projection),
  };
}

/**
 * A persisted local table made by an older release gets exactly `table.indexes`, the way a stage
 * in AWS steps there (docs/operations.md, "Replacing an index"): first each index declared since
 * is created (a replaced projection deploys under a new name) and backfilled from the items, then
 * each index no longer declared is deleted — nothing reads it, and every write would still pay
 * for it, skewing what the local benchmarks measure. One change per UpdateTable and each waited
 * for, as DynamoDB allows.
 */
async function alignIndexes(
  client: DynamoDBClient,
  tableName: string,
  existing: TableDescription,
): Promise<void> {
  const have = (existing.GlobalSecondaryIndexes ?? []).flatMap((i) => (i.IndexName ? [i.IndexName] : []));
  const declared = Object.values(table.indexes) as IndexDefinition[];
  if (!settled(existing)) await waitUntilSettled(client, tableName);
  for (const index of declared.filter((i) => !have.includes(i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
      }),
    );
    await waitUntilSettled(client, tableName);
  }
  for (const name of have.filter((n) => !declared.some((i) => i.name === n))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }],
      }),
    );
    await waitUntilSettled(client, tableName);
  }
}

/** The table and each of its indexes ACTIVE: none being created (backfilled) or deleted. */
function settled(description: TableDescription | undefined): boolean {
  return (
    description?.TableStatus === 'ACTIVE' &&
    (description.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')
  );
}

/**
 * Waits until `settled`, 10 minutes at most (a new index is backfilled from every item of a
 * persisted table first). Not `waitUntilTableExists`: DynamoDB (Local too) keeps the table ACTIVE
 * while an index is CREATING or DELETING, and refuses another index change while one is being
 * created.
 */
async function waitUntilSettled(client: DynamoDBClient, tableName: string): Promise<void> {
  let description: TableDescription | undefined;
  for (let attempt = 0; attempt < 2400; attempt++) {
    description = await describe(client, tableName);
    if (settled(description)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const busy = (description?.GlobalSecondaryIndexes ?? [])
    .filter((i) => i.IndexStatus !== 'ACTIVE')
    .map((i) => `${i.IndexName} ${i.IndexStatus}`);
  throw new Error(
    `table ${tableName} not settled after 10 min: ${busy.join(', ') || description?.TableStatus}`,
  );
}

/** A persisted local table made before the outbox relay gains its stream. */
async function addStream(
  client: DynamoDBClient,
  tableName: string,
  existing: TableDescription,
): Promise<void> {
  if (existing.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView },
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return undefined;
    throw e;
  }
}

export type QueueUrls = Record<keyof typeof queues, { url: string; dlqUrl: string }>;

/**
 * Creates every queue of shared/queues.ts with its dead-letter queue and redrive policy.
 * `prefix` is prepended to every name (e.g. so parallel test files get their own queues).
 * CreateQueue with the same attributes is idempotent, so calling this again is safe.
 */
export async function createQueues(sqs: SQSClient, prefix = ''): Promise<QueueUrls> {
  const result: Partial<QueueUrls> = {};
  for (const [key, q] of Object.entries(queues) as [
    keyof typeof queues,
    (typeof queues)[keyof typeof queues],
  ][]) {
    const retention = String(q.retentionDays * 24 * 60 * 60);
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${deadLetterName(q)}`,
        // The DLQ keeps messages as long as SQS allows (14 days): a message keeps its original
        // enqueue time, so a DLQ retention shorter than the queue's would silently drop it.
        Attributes: { MessageRetentionPeriod: String(14 * 24 * 60 * 60) },
      }),
    );
    const dlqUrl = dlq.QueueUrl!;
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: [QueueAttributeName.QueueArn] }),
    );
    const dlqArn = attrs.Attributes?.QueueArn;
    if (!dlqArn) throw new Error(`No QueueArn for ${dlqUrl}`);
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${q.id}`,
        Attributes: {
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          MessageRetentionPeriod: retention,
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    result[key] = { url: main.QueueUrl!, dlqUrl };
  }
  return result as QueueUrls;
}
