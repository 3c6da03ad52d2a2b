/**
 * The outbox adapter on DynamoDB Local with the deployed index shapes: when a record is due, and
 * which of its writes touch the `byDue` index (ReturnConsumedCapacity: INDEXES on the real calls).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTable, localDynamoClient } from '../../infra/local/emulators.ts';
import { meterCapacity } from '../../scripts/lib/capacity.ts';
import { documentClient, resetDynamo } from '../../shared/adapters/dynamo.ts';
import {
  claimOutbox,
  dueOutbox,
  getOutbox,
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
/** Each write's units on the table itself (1 per KB of the item, as DynamoDB bills on demand). */
const tableWrites: number[] = [];

beforeAll(async () => {
  process.env[ENV.dynamoEndpoint] = inject('dynamoEndpoint');
  process.env[ENV.tableName] = TABLE;
  resetDynamo();
  const admin = localDynamoClient(inject('dynamoEndpoint'));
  await createTable(admin, TABLE);
  admin.destroy();
  meterCapacity((use) => {
    if (use.write) byDueWrites.push(use.indexes[tableDef.indexes.byDue.name] ?? 0);
    if (use.write) tableWrites.push(use.table);
  });
});
afterAll(() => resetDynamo());

function record(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    eventId: `evt_${randomUUID()}`,
    eventType: 'notice.sms',
    workOrderId: '',
    caseId: 'case_1',
    tenantId: '510104001',
    departmentId: '',
    channel: 'notice',
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

  it('keeps a later due time it was given (a message deferred to office hours)', async () => {
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
});

/**
 * A department's message as transfer.ts writes it: the Standard Webhooks body of
 * `work_order.assigned` (~2.7 KB), its four action links signed (incompressible signatures).
 */
function departmentPayload(): string {
  const wo = 'wo_01m4pxd580ypzmgx0bp10p916q_1';
  const link = (a: string) =>
    `https://bancheng.example.gov.cn/actions/v1.${Buffer.from(JSON.stringify({ w: wo, t: '510104001', d: 'shebao', a, e: 1796954400 })).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
  return JSON.stringify({
    type: 'work_order.assigned',
    id: `evt_${randomUUID()}`,
    occurredAt: '2026-10-12T10:00:00+08:00',
    data: {
      workOrder: {
        id: wo,
        number: '510104001-2026-00001-1',
        caseId: 'case_01m4pxd580ypzmgx0bp10p916q',
        caseNumber: '510104001-2026-00001',
        tenantId: '510104001',
        departmentId: 'shebao',
        departmentName: '区社保局',
        deliveryChannel: 'webhook',
        category: 'general',
        requirements: '及时协调解决，2个工作日内整改反馈',
        status: 'pending_delivery',
        overdue: false,
        escalationLevel: 0,
        dueAt: '2026-10-14T17:30:00+08:00',
        provisional: false,
        transferredAt: '2026-10-12T10:00:00+08:00',
        transferredBy: { id: 'staff-li', name: '李娜' },
        nextCheckAt: '2026-10-14T17:30:00+08:00',
        note: '请尽快联系反映人',
        version: 1,
        updatedAt: '2026-10-12T10:00:00+08:00',
        feedbackCount: 0,
        url: `https://bancheng.example.gov.cn/work-orders/${wo}`,
      },
      case: {
        id: 'case_01m4pxd580ypzmgx0bp10p916q',
        number: '510104001-2026-00001',
        channel: 'onsite',
        matter: '城乡居民养老保险参保登记',
        description:
          '三次来办均被告知材料不全，每次要求不同：第一次要户口本复印件，第二次要村委会证明，第三次又说要社保卡原件。窗口没有一次性告知需要哪些材料，也没有书面清单，来回跑了三趟，耽误了两天工。希望一次说清楚。',
        reporter: { name: '张三', phone: '13800000000' },
        assisted: true,
        acceptedAt: '2026-10-12T10:00:00+08:00',
        centre: { tenantId: '510104001', name: '玉林街道便民服务中心', contact: '028-85551234' },
      },
      dueAt: '2026-10-14T17:30:00+08:00',
      actions: { ack: link('ack'), feedback: link('feedback'), return: link('return'), form: link('form') },
    },
  });
}

const departmentRecord = () =>
  record({
    eventId: `evt_${randomUUID()}`,
    eventType: 'work_order.assigned',
    workOrderId: 'wo_01m4pxd580ypzmgx0bp10p916q_1',
    departmentId: 'shebao',
    channel: 'webhook',
    payload: departmentPayload(),
  });

/** The record as the previous version stored it: the payload as a plain string. */
const plainItem = (r: OutboxRecord) => ({
  ...keys.outbox(r.eventId),
  ...keys.due('outbox', r.nextAttemptAt, r.eventId),
  type: 'outbox',
  ...r,
});

/** Units of one single-item write on the table (a transaction bills twice: same ratio). */
async function unitsOf(write: () => Promise<unknown>): Promise<number> {
  tableWrites.length = 0;
  await write();
  return tableWrites.reduce((a, b) => a + b, 0);
}

describe('a department message’s payload', () => {
  it('is stored gzip-compressed, so its Put, its claim and its Delete are each billed 2 KB instead of 3', async () => {
    // Prepare: the same record stored compressed (putOutbox) and as before (plain payload)
    const compressed = departmentRecord();
    const plain = departmentRecord();
    const put = putOutbox(compressed).Put!;

    // Act
    const putUnits = await unitsOf(() => documentClient().send(new PutCommand(put)));
    const plainPutUnits = await unitsOf(() =>
      documentClient().send(new PutCommand({ TableName: TABLE, Item: plainItem(plain) })),
    );
    const claimUnits = await unitsOf(() => claimOutbox(compressed.eventId, NOW, 2 * 60_000));
    const plainClaimUnits = await unitsOf(() => claimOutbox(plain.eventId, NOW, 2 * 60_000));
    const deleteUnits = await unitsOf(() =>
      documentClient().send(new DeleteCommand({ TableName: TABLE, Key: keys.outbox(compressed.eventId) })),
    );
    const plainDeleteUnits = await unitsOf(() =>
      documentClient().send(new DeleteCommand({ TableName: TABLE, Key: keys.outbox(plain.eventId) })),
    );

    // Assert (sizes printed for the record)
    const item = put.Item as Record<string, unknown>;
    expect(item.payload).toBeUndefined();
    expect(item.payloadGz).toBeInstanceOf(Uint8Array);
    const payloadBytes = Buffer.byteLength(compressed.payload);
    const gzBytes = (item.payloadGz as Uint8Array).length;
    console.info(`department message payload ${payloadBytes} B → payloadGz ${gzBytes} B`);
    expect([plainPutUnits, plainClaimUnits, plainDeleteUnits]).toEqual([3, 3, 3]);
    expect([putUnits, claimUnits, deleteUnits]).toEqual([2, 2, 2]);
  });

  it('reads back as the very string written, from getOutbox and from the claim', async () => {
    // Prepare: characters beyond ASCII and beyond the BMP, escapes, a line separator
    const payload = `${departmentPayload().slice(0, -2)},"note":"办结 ✅ 𠀀 \u2028 "引号""}}`;
    const r = departmentRecord();
    await put({ ...r, payload });

    // Act
    const got = await getOutbox(r.eventId);
    const claimed = await claimOutbox(r.eventId, NOW, 2 * 60_000);

    // Assert
    expect((await stored(r.eventId))?.payloadGz).toBeInstanceOf(Uint8Array);
    expect(got?.payload).toBe(payload);
    expect(claimed?.payload).toBe(payload);
    expect(got).not.toHaveProperty('payloadGz');
    expect(claimed).not.toHaveProperty('payloadGz');
  });

  it('a record stored before, with its payload as plain text, still reads as written', async () => {
    // Prepare
    const r = departmentRecord();
    await documentClient().send(new PutCommand({ TableName: TABLE, Item: plainItem(r) }));

    // Act
    const got = await getOutbox(r.eventId);
    const claimed = await claimOutbox(r.eventId, NOW, 2 * 60_000);

    // Assert
    expect(got?.payload).toBe(r.payload);
    expect(claimed?.payload).toBe(r.payload);
  });

  it('a payload gzip would not shrink (a short text) is stored as it is', async () => {
    // Prepare
    const payload = JSON.stringify({
      to: '13800000000',
      template: 'closure',
      params: ['510104001-2026-00001'],
    });
    const r = record({ payload });

    // Act
    await put(r);

    // Assert
    const item = await stored(r.eventId);
    expect(item?.payload).toBe(payload);
    expect(item).not.toHaveProperty('payloadGz');
    expect((await getOutbox(r.eventId))?.payload).toBe(payload);
  });
});
