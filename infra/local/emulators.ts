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
 * Idempotent: an existing table (e.g. a persisted local DB) is left as it is, except that an index
 * added since it was made (a replaced projection) is created on it.
 */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await describe(client, tableName);
  if (existing) {
    await addMissingIndexes(client, tableName, existing);
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
 * A persisted local table made before an index was replaced (a new projection deploys under a
 * new name) gains the new index here, one at a time as DynamoDB allows; the retired one stays,
 * unread, as it does for one release in AWS.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  existing: TableDescription,
): Promise<void> {
  const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of Object.values(table.indexes)) {
    if (have.has(index.name)) continue;
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
    await waitUntilTableExists(
      { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { TableName: tableName },
    );
  }
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
