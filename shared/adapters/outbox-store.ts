/**
 * The outbox: a message owed to a department (or a staff notice), written in the same
 * transaction as the change that owes it, kept until it is delivered or given up. (A text to the
 * reporter is its own outbox: its record beside the case, shared/adapters/sms-records.ts.) While it exists it sits in the
 * `byDue` index at the instant something must next happen to it, so a sweeper (never a Scan)
 * finds every record whose send was lost or whose retry is due.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dueReads, keys, projectionOf, table as tableDef } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';
import { isConditionFailure } from './dynamo-errors.ts';

export interface OutboxRecord {
  eventId: string;
  eventType: string;
  /** The work order the message is about; `''` for a staff notice or a text message to the reporter. */
  workOrderId: string;
  caseId: string;
  tenantId: string;
  /** `''` for a text message to the reporter. */
  departmentId: string;
  /**
   * `notice`: an e-mail or SMS of a staff notification (shared/use-cases/staff-notices.ts), sent
   * by the same consumer. `sms`: a text message to the reporter owed before texts became their
   * own records; the consumer moves it beside its case (shared/use-cases/sms.ts, `adoptOutboxSms`).
   */
  channel: 'webhook' | 'email' | 'sms' | 'notice';
  /**
   * The exact body every attempt sends (a retry never sends a different event). Stored
   * gzip-compressed (`payloadGz`) when that is smaller; read back as the very same string.
   */
  payload: string;
  attempts: number;
  createdAt: string;
  /** UTC ISO: when the sweeper should next (re)send it. */
  nextAttemptAt: string;
  claimedUntil?: string;
  /**
   * `sms` only, as the release before stored it: a worker took the send and may have called the
   * provider without recording the outcome. Carried over when the record moves beside its case.
   */
  sendingSince?: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The payload as stored: gzip-compressed in the Binary attribute `payloadGz` when that is the
 * smaller of the two. A department's message (the Standard Webhooks body, 2–3 KB of JSON)
 * shrinks to about half, and every write of the record — its Put, each claim, its Delete — is
 * billed by the KB of the whole item. A short text's payload usually stays as it is.
 */
function storedPayload(payload: string): { payload: string } | { payloadGz: Uint8Array } {
  const gz = gzipSync(payload, { level: constants.Z_BEST_COMPRESSION });
  // DynamoDB sizes an attribute as its name's bytes plus its value's.
  const smaller = 'payloadGz'.length + gz.length < 'payload'.length + Buffer.byteLength(payload);
  return smaller ? { payloadGz: gz } : { payload };
}

function item(r: OutboxRecord): Record<string, unknown> {
  const { payload, ...rest } = r;
  return {
    ...keys.outbox(r.eventId),
    ...keys.due('outbox', iso(r.nextAttemptAt), r.eventId),
    type: 'outbox',
    ...rest,
    ...storedPayload(payload),
  };
}

/** A stored record as its callers know it: `payload` the exact string written (signatures are over its bytes). */
function fromItem(stored: Record<string, unknown>): OutboxRecord {
  const { payloadGz, ...rest } = stored;
  if (!(payloadGz instanceof Uint8Array)) return stored as unknown as OutboxRecord;
  return { ...rest, payload: gunzipSync(payloadGz).toString('utf8') } as unknown as OutboxRecord;
}

/** After a send, the sweeper waits this long for the consumer before sending again. */
export const PUBLISH_LEASE_MS = 5 * 60_000;

/**
 * When a message written at `createdAt` to go at `nextAttemptAt` is written due. One due now is
 * published right after the commit, so it is written already due where that send leaves it — a
 * lease ahead — and the publish needs no second write (moving the due instant writes the byDue
 * index twice: out, in). If the publish is lost, the sweeper sends it when the lease ends, as
 * for a lost consumer. One owed later keeps its instant (the relay leaves it to the sweeper).
 */
export function writtenDue(createdAt: string, nextAttemptAt: string): string {
  const leaseEnd = new Date(new Date(createdAt).getTime() + PUBLISH_LEASE_MS);
  return new Date(nextAttemptAt) > leaseEnd ? iso(nextAttemptAt) : iso(leaseEnd);
}

/** A new record, written with the change that owes it, due as `writtenDue` says. */
export function putOutbox(record: OutboxRecord): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: item({ ...record, nextAttemptAt: writtenDue(record.createdAt, record.nextAttemptAt) }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getOutbox(eventId: string): Promise<OutboxRecord | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.outbox(eventId), ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** Move the record's next-due instant (after a send, or to the next retry). Gone is fine. */
export async function setNextAttempt(eventId: string, nextAttemptAt: Date): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.outbox(eventId),
        UpdateExpression: 'SET nextAttemptAt = :at, gsi2sk = :sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': iso(nextAttemptAt), ':sk': `${iso(nextAttemptAt)}#${eventId}` },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Take the record for one delivery attempt, unless another worker holds it. If this worker dies
 * the sweeper sends it again: the record must be due no later than the lease's end. It usually
 * is already (written or resent a publish lease ahead, longer than a claim), and then the claim
 * leaves the due instant — the byDue key — alone; only a record due sooner moves it. The record
 * answered is as it was before the claim, with the claim's own fields.
 */
export async function claimOutbox(
  eventId: string,
  now: Date,
  leaseMs: number,
): Promise<OutboxRecord | undefined> {
  const until = new Date(now.getTime() + leaseMs);
  const free = 'attribute_exists(pk) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)';
  const claim = (moveDue: boolean) =>
    documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.outbox(eventId),
        UpdateExpression: moveDue
          ? 'SET claimedUntil = :until, nextAttemptAt = :until, gsi2sk = :sk'
          : 'SET claimedUntil = :until',
        ConditionExpression: moveDue ? free : `${free} AND nextAttemptAt >= :until`,
        ExpressionAttributeValues: {
          ':until': iso(until),
          ':now': iso(now),
          ...(moveDue ? { ':sk': `${iso(until)}#${eventId}` } : {}),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
  for (const moveDue of [false, true]) {
    try {
      const before = fromItem((await claim(moveDue)).Attributes ?? {});
      return {
        ...before,
        claimedUntil: iso(until),
        ...(moveDue ? { nextAttemptAt: iso(until) } : {}),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return undefined;
}

/** After a failed attempt: count it, release the claim, come due again at `next`. */
export function rescheduleOutbox(eventId: string, attempts: number, next: Date): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.outbox(eventId),
      UpdateExpression: 'SET attempts = :n, nextAttemptAt = :at, gsi2sk = :sk REMOVE claimedUntil',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':n': attempts, ':at': iso(next), ':sk': `${iso(next)}#${eventId}` },
    },
  };
}

/** Delivered or given up: the record goes, exactly once (a second worker's delete fails). */
export function deleteOutbox(eventId: string): TransactItem {
  return {
    Delete: { TableName: table(), Key: keys.outbox(eventId), ConditionExpression: 'attribute_exists(pk)' },
  };
}

/** Drop a record that can never be delivered (its case was archived meanwhile). */
export async function discardOutbox(eventId: string): Promise<void> {
  await documentClient().send(new DeleteCommand({ TableName: table(), Key: keys.outbox(eventId) }));
}

/** Records due at or before `now`, oldest first, from the byDue index. */
export async function dueOutbox(
  now: Date,
  limit = 100,
): Promise<Pick<OutboxRecord, 'eventId' | 'nextAttemptAt'>[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      IndexName: tableDef.indexes.byDue.name,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
      ...projectionOf(dueReads.outbox),
      ExpressionAttributeValues: { ':pk': 'DUE#outbox', ':now': `${iso(now)}~` },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({
    eventId: String(i.eventId),
    nextAttemptAt: String(i.nextAttemptAt),
  }));
}
