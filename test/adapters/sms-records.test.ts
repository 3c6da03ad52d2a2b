/**
 * A text's record, from owed to outcome, on DynamoDB Local with the deployed index shapes: when it
 * is due, what the claim and the settling write do to the record and to the `byDue` index
 * (ReturnConsumedCapacity: INDEXES on the real calls), and what readers are shown of it.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTable, localDynamoClient } from '../../infra/local/emulators.ts';
import { meterCapacity } from '../../scripts/lib/capacity.ts';
import { documentClient, resetDynamo } from '../../shared/adapters/dynamo.ts';
import { PUBLISH_LEASE_MS } from '../../shared/adapters/outbox-store.ts';
import {
  asSmsMessage,
  claimText,
  dueTexts,
  type OwedText,
  putOwedText,
  rescheduleText,
  settleText,
} from '../../shared/adapters/sms-records.ts';
import { ENV } from '../../shared/config.ts';
import { keys, table as tableDef } from '../../shared/table.ts';

const TABLE = `sms-${randomUUID().slice(0, 8)}`;
const NOW = new Date('2026-10-12T02:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const CLAIM_MS = 2 * 60_000;
const PHONE = '13812345678';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
/** Each write: the command and its units on the byDue index. */
const writes: { command: string; byDue: number }[] = [];

beforeAll(async () => {
  process.env[ENV.dynamoEndpoint] = inject('dynamoEndpoint');
  process.env[ENV.tableName] = TABLE;
  resetDynamo();
  const admin = localDynamoClient(inject('dynamoEndpoint'));
  await createTable(admin, TABLE);
  admin.destroy();
  meterCapacity((use) => {
    if (use.write)
      writes.push({ command: use.command, byDue: use.indexes[tableDef.indexes.byDue.name] ?? 0 });
  });
});
afterAll(() => resetDynamo());

function owed(overrides: Partial<OwedText> = {}) {
  return {
    caseId: `case_${randomUUID()}`,
    eventId: `sms_${randomUUID()}`,
    payload: {
      to: PHONE,
      template: 'intake' as const,
      params: ['510104001-2026-00001', `https://bc.example.cn/s/${TOKEN}`],
      text: `您反映的“办不成事”问题已受理，编号510104001-2026-00001。查询办理进度：https://bc.example.cn/s/${TOKEN}`,
    },
    attempts: 0,
    createdAt: NOW.toISOString(),
    nextAttemptAt: NOW.toISOString(),
    ...overrides,
  };
}
const put = (t: ReturnType<typeof owed>) =>
  documentClient().send(new TransactWriteCommand({ TransactItems: [putOwedText(t)] }));
const stored = async (t: { caseId: string; eventId: string }) =>
  (
    await documentClient().send(
      new GetCommand({ TableName: TABLE, Key: keys.smsRecord(t.caseId, t.eventId), ConsistentRead: true }),
    )
  ).Item;
const dueIds = async (now: Date) => (await dueTexts(now, 1000)).map((d) => d.eventId);

describe('a text owed', () => {
  it('is its own outbox: pending beside its case, due a publish lease ahead, found by the sweep from the index key alone', async () => {
    // Prepare
    const t = owed();

    // Act
    await put(t);

    // Assert
    expect(await stored(t)).toMatchObject({
      outcome: 'pending',
      template: 'intake',
      to: '138****5678',
      text: '您反映的“办不成事”问题已受理，编号510104001-2026-00001。查询办理进度：https://bc.example.cn/s/…',
      payload: t.payload,
      gsi2pk: 'DUE#sms',
      gsi2sk: `${at(PUBLISH_LEASE_MS).toISOString()}#${t.caseId}#${t.eventId}`,
    });
    expect(await dueIds(at(PUBLISH_LEASE_MS - 1000))).not.toContain(t.eventId);
    expect(await dueTexts(at(PUBLISH_LEASE_MS), 1000)).toContainEqual({
      caseId: t.caseId,
      eventId: t.eventId,
    });
  });

  it('owed later (the follow-up invitation) is due at its instant', async () => {
    const later = at(20 * 3600_000).toISOString();
    const t = owed({ nextAttemptAt: later });
    await put(t);
    expect((await stored(t))?.nextAttemptAt).toBe(later);
    expect(await dueIds(at(PUBLISH_LEASE_MS))).not.toContain(t.eventId);
    expect(await dueIds(new Date(later))).toContain(t.eventId);
  });

  it('is shown without its payload, the real number, the token, or its claim and due fields', async () => {
    // Prepare
    const t = owed();
    await put(t);
    await claimText(t.caseId, t.eventId, NOW, CLAIM_MS);

    // Act
    const shown = asSmsMessage((await stored(t))!);

    // Assert
    expect(Object.keys(shown).sort()).toEqual([
      'at',
      'attempts',
      'eventId',
      'outcome',
      'template',
      'text',
      'to',
    ]);
    expect(JSON.stringify(shown)).not.toContain(PHONE);
    expect(JSON.stringify(shown)).not.toContain(TOKEN);
  });
});

describe('claiming a text', () => {
  it('takes its send in the same write, which never writes the index; the next claim sees that marker', async () => {
    // Prepare
    const t = owed();
    await put(t);
    writes.length = 0;

    // Act: a first worker claims it and dies; its claim runs out and a second worker claims it
    const first = await claimText(t.caseId, t.eventId, NOW, CLAIM_MS);
    const held = await claimText(t.caseId, t.eventId, at(1000), CLAIM_MS);
    const second = await claimText(t.caseId, t.eventId, at(3 * 60_000), CLAIM_MS);

    // Assert
    expect(first).toMatchObject({
      payload: t.payload,
      attempts: 0,
      claimedUntil: at(CLAIM_MS).toISOString(),
    });
    expect(first?.sendingSince).toBeUndefined();
    expect(held).toBeUndefined();
    expect(second?.sendingSince).toBe(NOW.toISOString());
    expect(second?.claimedUntil).toBe(at(5 * 60_000).toISOString());
    expect(writes.filter((w) => w.byDue > 0)).toEqual([]);
    expect((await stored(t))?.sendingSince).toBe(NOW.toISOString());
  });
});

describe('settling a text', () => {
  it('is one UpdateItem: the outcome in, the sending side and the index entry out; it is then never claimed or settled again', async () => {
    // Prepare
    const t = owed();
    await put(t);
    await claimText(t.caseId, t.eventId, NOW, CLAIM_MS);
    writes.length = 0;

    // Act
    const kept = await settleText(t.caseId, t.eventId, {
      outcome: 'sent',
      at: '2026-10-12T10:00:05+08:00',
      attempts: 1,
      reference: 'serial-1',
    });
    const late = await settleText(t.caseId, t.eventId, {
      outcome: 'unconfirmed',
      at: '2026-10-12T10:03:00+08:00',
      reason: '发送过程中断',
    });
    const claimedAgain = await claimText(t.caseId, t.eventId, at(10 * 60_000), CLAIM_MS);

    // Assert
    expect([kept, late, claimedAgain]).toEqual([true, false, undefined]);
    expect(writes[0]).toEqual({ command: 'UpdateItemCommand', byDue: 1 });
    const item = await stored(t);
    expect(item).toEqual({
      ...keys.smsRecord(t.caseId, t.eventId),
      type: 'sms',
      eventId: t.eventId,
      template: 'intake',
      to: '138****5678',
      text: expect.stringContaining('/s/…'),
      outcome: 'sent',
      at: '2026-10-12T10:00:05+08:00',
      attempts: 1,
      reference: 'serial-1',
    });
    expect(await dueIds(at(24 * 3600_000))).not.toContain(t.eventId);
  });

  it('an outcome that counts no attempt (cancelled) keeps none', async () => {
    const t = owed();
    await put(t);
    await settleText(t.caseId, t.eventId, {
      outcome: 'cancelled',
      at: '2026-10-12T10:00:05+08:00',
      reason: '反映人已退订短信',
    });
    expect(await stored(t)).not.toHaveProperty('attempts');
  });
});

describe('a retry', () => {
  it('counts the attempt, releases the claim and the send marker, and comes due again in the index', async () => {
    // Prepare
    const t = owed();
    await put(t);
    await claimText(t.caseId, t.eventId, NOW, CLAIM_MS);
    const next = at(60_000);

    // Act
    await rescheduleText(t.caseId, t.eventId, 1, next);

    // Assert
    const item = await stored(t);
    expect(item).toMatchObject({ outcome: 'pending', attempts: 1, nextAttemptAt: next.toISOString() });
    expect(item).not.toHaveProperty('claimedUntil');
    expect(item).not.toHaveProperty('sendingSince');
    expect(await dueIds(next)).toContain(t.eventId);
    expect((await claimText(t.caseId, t.eventId, next, CLAIM_MS))?.sendingSince).toBeUndefined();
  });
});
