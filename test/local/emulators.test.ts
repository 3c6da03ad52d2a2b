import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type GlobalSecondaryIndexDescription,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { checkJava, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { createQueues, createTable, localDynamoClient, localSqsClient } from '../../infra/local/emulators.ts';
import { queues } from '../../shared/queues.ts';
import { deployedIndexes, dynamoProjection, keys, table } from '../../shared/table.ts';

const dynamo = localDynamoClient(inject('dynamoEndpoint'));
const sqs = localSqsClient(inject('sqsEndpoint'));
afterAll(() => {
  dynamo.destroy();
  sqs.destroy();
});

describe('checkJava', () => {
  it('finds java 17+ on this machine', () => {
    const r = checkJava();
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.version).toBeGreaterThanOrEqual(17);
  });
});

describe('createTable', () => {
  it('creates the table with its GSI and TTL, and is idempotent', async () => {
    const name = `t-${randomUUID()}`;
    await createTable(dynamo, name);
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ]);
    const gsi = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === table.indexes.byRegion.name);
    expect(gsi?.KeySchema).toEqual([
      { AttributeName: table.indexes.byRegion.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.indexes.byRegion.sortKey, KeyType: 'RANGE' },
    ]);
    expect(projections(Table?.GlobalSecondaryIndexes)).toEqual(currentProjections());
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: table.ttlAttribute,
      TimeToLiveStatus: 'ENABLED',
    });

    await createTable(dynamo, name); // second call: no error, same single table
    const { TableNames } = await dynamo.send(new ListTablesCommand({}));
    expect(TableNames?.filter((n) => n === name)).toHaveLength(1);
  });

  it('brings a table persisted before this release to the current indexes, its items in the new ones', async () => {
    // Prepare: a table as the previous release made it — with the indexes this release replaces
    // (step 0 of the replacement: byRegion and byOpen, ALL) — and a case in the ledger. On a
    // DynamoDB Local of its own, as `npm start` has: the shared one, busy with every other test
    // file, backfills a new index a minute or more late.
    const own = await startDynamoDbLocal({ inMemory: true });
    const dynamo = localDynamoClient(own.endpoint);
    onTestFinished(async () => {
      dynamo.destroy();
      await own.stop();
    });
    const name = `t-${randomUUID()}`;
    const older = deployedIndexes(0);
    await dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          table.partitionKey,
          table.sortKey,
          ...older.flatMap((i) => [i.partitionKey, i.sortKey]),
        ]
          .filter((a, n, all) => all.indexOf(a) === n)
          .map((a) => ({ AttributeName: a, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: older.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: dynamoProjection(i.projection),
        })),
      }),
    );
    const ledgerKeys = keys.caseLedger('510104001', '2025-03-01T09:00:00Z', '2025-0001');
    await dynamo.send(
      new PutItemCommand({
        TableName: name,
        Item: Object.fromEntries(
          Object.entries({
            ...keys.case('C1'),
            ...ledgerKeys,
            type: 'case',
            status: 'registered',
            description: 'not on the ledger',
          }).map(([a, v]) => [a, { S: v }]),
        ),
      }),
    );

    // Act
    await createTable(dynamo, name);

    // Assert: exactly the current indexes, each with its projection, all ACTIVE; the case was
    // backfilled into byRegion2 with the ledger's attributes only.
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    expect(projections(Table?.GlobalSecondaryIndexes)).toEqual(currentProjections());
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexStatus)).toEqual(
      Object.values(table.indexes).map(() => 'ACTIVE'),
    );
    const idx = table.indexes.byRegion;
    const ledger = await dynamo.send(
      new QueryCommand({
        TableName: name,
        IndexName: idx.name,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': idx.partitionKey },
        ExpressionAttributeValues: { ':p': { S: ledgerKeys.gsi1pk } },
      }),
    );
    expect(ledger.Items?.map((i) => [i.pk?.S, i.status?.S, i.description])).toEqual([
      ['CASE#C1', 'registered', undefined],
    ]);

    await createTable(dynamo, name); // again: nothing left to change
  }, 90_000);

  it('serves Put and Query on the byRegion index', async () => {
    const name = `t-${randomUUID()}`;
    await createTable(dynamo, name);
    const tenant = '510104001';
    const put = (caseId: string, acceptedAt: string, tenantId = tenant) => {
      const k = { ...keys.case(caseId), ...keys.caseLedger(tenantId, acceptedAt, caseId) };
      return dynamo.send(
        new PutItemCommand({
          TableName: name,
          Item: Object.fromEntries(Object.entries(k).map(([a, v]) => [a, { S: v }])),
        }),
      );
    };
    await put('C2', '2025-03-02T09:00:00Z');
    await put('C1', '2025-03-01T09:00:00Z');
    await put('C9', '2025-03-01T10:00:00Z', '510104999'); // same province, another centre
    await put('X1', '2025-03-01T09:00:00Z', '440101001'); // another province
    const idx = table.indexes.byRegion;
    const r = await dynamo.send(
      new QueryCommand({
        TableName: name,
        IndexName: idx.name,
        KeyConditionExpression: '#p = :p AND begins_with(#s, :s)',
        ExpressionAttributeNames: { '#p': idx.partitionKey, '#s': idx.sortKey },
        ExpressionAttributeValues: { ':p': { S: 'CASES#51' }, ':s': { S: `${tenant}#` } },
      }),
    );
    expect(r.Items?.map((i) => i.pk?.S)).toEqual(['CASE#C1', 'CASE#C2']);
  });
});

/** Each index's projection by name, sorted by name (DynamoDB lists them in no set order). */
function projections(indexes: GlobalSecondaryIndexDescription[] | undefined) {
  return (indexes ?? [])
    .map((i) => [i.IndexName, i.Projection] as const)
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
}

function currentProjections() {
  return projections(
    Object.values(table.indexes).map((i) => ({
      IndexName: i.name,
      Projection: dynamoProjection(i.projection),
    })),
  );
}

describe('createQueues', () => {
  it('creates each queue with a redrive policy that moves a message to its DLQ', async () => {
    const prefix = `p${randomUUID().slice(0, 8)}-`;
    const urls = await createQueues(sqs, prefix);
    const q = queues.workOrders;
    expect(urls.workOrders.url).toContain(`${prefix}${q.id}`);
    expect(urls.workOrders.dlqUrl).toContain(`${prefix}${q.id}-dlq`);

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: urls.workOrders.url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe(String(q.visibilityTimeoutSeconds));
    expect(Attributes?.MessageRetentionPeriod).toBe(String(q.retentionDays * 86400));
    const dlqArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: urls.workOrders.dlqUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn;
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: q.maxReceiveCount,
    });

    // Idempotent: a second call returns the same URLs.
    expect(await createQueues(sqs, prefix)).toEqual(urls);

    await sqs.send(new SendMessageCommand({ QueueUrl: urls.workOrders.url, MessageBody: 'poison' }));
    // Receive without deleting, visibility 0 so the message comes straight back.
    for (let i = 1; i <= q.maxReceiveCount; i++) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: urls.workOrders.url,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(r.Messages?.[0]?.Body).toBe('poison');
      expect(r.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(i));
    }
    // One receive too many: the message moves to the DLQ instead.
    const over = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: urls.workOrders.url, VisibilityTimeout: 0, WaitTimeSeconds: 0 }),
    );
    expect(over.Messages ?? []).toHaveLength(0);
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: urls.workOrders.dlqUrl, WaitTimeSeconds: 1 }),
    );
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });
});

describe('startDynamoDbLocal', () => {
  it('leaves no java behind when its parent process is SIGKILLed', async () => {
    // node --import tsx (not the tsx CLI, which would put a second node process in between).
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/start-dynamodb-child.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((ok, fail) => {
        const rl = createInterface({ input: child.stdout });
        rl.once('line', ok);
        child.once('exit', (code) => fail(new Error(`child exited (${code}) before printing its endpoint`)));
      });
      const { endpoint, javaPid } = JSON.parse(line) as { endpoint: string; javaPid: number };
      const port = new URL(endpoint).port;
      expect(javaPid).toBeGreaterThan(0);
      expect(isRunning(javaPid)).toBe(true);
      const childDynamo = localDynamoClient(endpoint);
      await expect(childDynamo.send(new ListTablesCommand({}))).resolves.toBeDefined();
      childDynamo.destroy();

      child.kill('SIGKILL');
      const deadline = Date.now() + 5000;
      while ((isRunning(javaPid) || dynamoProcessesOnPort(port).length > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(isRunning(javaPid)).toBe(false);
      expect(dynamoProcessesOnPort(port)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** Alive and not a zombie (a dead child waiting for PID 1 to reap it counts as gone). */
function isRunning(pid: number): boolean {
  const stat = spawnSync('ps', ['-p', String(pid), '-o', 'stat='], { encoding: 'utf8' }).stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

/** Any process (the java or its shell wrapper) still serving DynamoDB Local on that port. */
function dynamoProcessesOnPort(port: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return ps
    .split('\n')
    .filter((l) => l.includes('DynamoDBLocal') && new RegExp(`-port ${port}( |$)`).test(l));
}
