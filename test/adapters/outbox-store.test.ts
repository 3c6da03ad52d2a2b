/**
 * The outbox adapter on DynamoDB Local with the deployed index shapes: when a record is due, and
 * which of its writes touch the `byDue` index (ReturnConsumedCapacity: INDEXES on the real calls).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTable, localDynamoClient } from '../../infra/local/emulators.ts';
import { meterCapacity } from '../../scripts/lib/capacity.ts';
import { documentClient, resetDynamo } from '../../shared/adapters/dynamo.ts';
import {
  claimOutbox,
  dueOutbox,
  type OutboxRecord,
  PUBLISH_LEASE_MS,
  putOutbox,
} from '../../shared/adapters/outbox-store.ts';
import { ENV } from '../../shared/config.ts';
import { keys, table as tableDef } from '../../shared/table.ts';

const TABLE = `outbox-${randomUUID().slice(0, 8)}`;
const NOW = new Date('2026-10-12T02:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const byDueWrites: number[] = [];

beforeAll(async () => {
  process.env[ENV.dynamoEndpoint] = inject('dynamoEndpoint');
  process.env[ENV.tableName] = TABLE;
  resetDynamo();
  const admin = localDynamoClient(inject('dynamoEndpoint'));
  await createTable(admin, TABLE);
  admin.destroy();
  meterCapacity((use) => {
    if (use.write) byDueWrites.push(use.indexes[tableDef.indexes.byDue.name] ?? 0);
  });
});
afterAll(() => resetDynamo());

function record(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    eventId: `evt_${randomUUID()}`,
    eventType: 'sms.intake',
    workOrderId: '',
    caseId: 'case_1',
    tenantId: '510104001',
    departmentId: '',
    channel: 'sms',
    payload: JSON.stringify({ text: '您反映的事项已受理'.repeat(60) }),
    attempts: 0,
    createdAt: NOW.toISOString(),
    nextAttemptAt: NOW.toISOString(),
    ...overrides,
  };
}
const put = (r: OutboxRecord) =>
  documentClient().send(new TransactWriteCommand({ TransactItems: [putOutbox(r)] }));
const stored = async (eventId: string) =>
  (
    await documentClient().send(
      new GetCommand({ TableName: TABLE, Key: keys.outbox(eventId), ConsistentRead: true }),
    )
  ).Item;
const dueIds = async (now: Date) => (await dueOutbox(now, 1000)).map((d) => d.eventId);

describe('a new outbox record', () => {
  it('is due a publish lease ahead, so publishing it right after the commit needs no write', async () => {
    // Prepare
    const r = record();
    // Act
    await put(r);
    // Assert
    expect(await dueIds(at(PUBLISH_LEASE_MS - 1000))).not.toContain(r.eventId);
    const due = await dueOutbox(at(PUBLISH_LEASE_MS), 1000);
    expect(due.find((d) => d.eventId === r.eventId)).toEqual({
      eventId: r.eventId,
      nextAttemptAt: at(PUBLISH_LEASE_MS).toISOString(),
    });
  });

  it('keeps a later due time it was given (a text deferred to office hours)', async () => {
    const later = at(3 * 3600_000).toISOString();
    const r = record({ nextAttemptAt: later });
    await put(r);
    expect((await stored(r.eventId))?.nextAttemptAt).toBe(later);
    expect(await dueIds(at(PUBLISH_LEASE_MS))).not.toContain(r.eventId);
  });
});

describe('claiming a record', () => {
  it('leaves the byDue entry alone when the record is due after the claim ends', async () => {
    // Prepare
    const r = record();
    await put(r);
    byDueWrites.length = 0;
    // Act
    const claimed = await claimOutbox(r.eventId, NOW, 2 * 60_000);
    // Assert
    expect(claimed?.claimedUntil).toBe(at(2 * 60_000).toISOString());
    expect(claimed?.nextAttemptAt).toBe(at(PUBLISH_LEASE_MS).toISOString());
    expect(byDueWrites).toEqual([0]);
    expect(await claimOutbox(r.eventId, at(1000), 2 * 60_000)).toBeUndefined(); // held by the first
  });

  it('moves the due instant to the claim’s end when the record was due sooner, so a dead worker’s send is retried', async () => {
    // Prepare: a record the sweeper found due (its due instant passed).
    const r = record();
    await put(r);
    await documentClient().send(
      new UpdateCommand({
        TableName: TABLE,
        Key: keys.outbox(r.eventId),
        UpdateExpression: 'SET nextAttemptAt = :at, gsi2sk = :sk',
        ExpressionAttributeValues: { ':at': NOW.toISOString(), ':sk': `${NOW.toISOString()}#${r.eventId}` },
      }),
    );
    // Act
    const claimed = await claimOutbox(r.eventId, NOW, 2 * 60_000);
    // Assert
    expect(claimed?.nextAttemptAt).toBe(at(2 * 60_000).toISOString());
    expect(await dueIds(at(60_000))).not.toContain(r.eventId);
    expect(await dueIds(at(2 * 60_000))).toContain(r.eventId);
  });

  it('a text is claimed for its send in the same write, which never writes the index; the next claim sees that marker', async () => {
    // Prepare
    const r = record();
    await put(r);
    byDueWrites.length = 0;

    // Act: a first worker claims it and dies; its claim runs out and a second worker claims it
    const first = await claimOutbox(r.eventId, NOW, 2 * 60_000, { markSending: true });
    const second = await claimOutbox(r.eventId, at(3 * 60_000), 2 * 60_000, { markSending: true });

    // Assert
    expect(byDueWrites).toEqual([0, 0]);
    expect(first?.sendingSince).toBeUndefined();
    expect(first?.claimedUntil).toBe(at(2 * 60_000).toISOString());
    expect(second?.sendingSince).toBe(NOW.toISOString());
    expect(second?.claimedUntil).toBe(at(5 * 60_000).toISOString());
    expect((await stored(r.eventId))?.sendingSince).toBe(NOW.toISOString());
  });

  it('a claim without markSending leaves the send marker alone', async () => {
    const r = record();
    await put(r);
    await claimOutbox(r.eventId, NOW, 2 * 60_000);
    expect((await stored(r.eventId))?.sendingSince).toBeUndefined();
  });
});
