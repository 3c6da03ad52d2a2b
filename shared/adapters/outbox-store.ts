/**
 * The outbox: a message owed to a department, written in the same transaction as the change
 * that owes it, kept until it is delivered or given up. While it exists it sits in the
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
  /** The work order the message is about; `''` for a text message to the reporter about the case. */
  workOrderId: string;
  caseId: string;
  tenantId: string;
  /** `''` for a text message to the reporter. */
  departmentId: string;
  /**
   * `sms`: a text message to the reporter (shared/use-cases/sms.ts); `notice`: an e-mail or SMS
   * of a staff notification (shared/use-cases/staff-notices.ts). Both sent by the same consumer.
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
   * `sms` only: set by the claim (`markSending`), before the provider is called; cleared when the
   * provider refused (a retry may send). Found set on a later claim, it means a worker may have
   * called the provider and never recorded the outcome (see shared/use-cases/sms.ts for the rule).
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
 * A new record, written with the change that owes it. One due now is published right after the
 * commit, so it is written already due where that send leaves it — a lease ahead — and the
 * publish needs no second write (moving the due instant writes the byDue index twice: out, in).
 * If the publish is lost, the sweeper sends it when the lease ends, as for a lost consumer.
 */
export function putOutbox(record: OutboxRecord): TransactItem {
  const leaseEnd = new Date(new Date(record.createdAt).getTime() + PUBLISH_LEASE_MS);
  const due = new Date(record.nextAttemptAt) > leaseEnd ? record.nextAttemptAt : iso(leaseEnd);
  return {
    Put: {
      TableName: table(),
      Item: item({ ...record, nextAttemptAt: due }),
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
 * leaves the due instant — the byDue key — alone; only a record due sooner moves it.
 *
 * `markSending` (a text to the reporter): the same write also takes the send — `sendingSince`,
 * kept if a worker before set it — so the provider is called by at most one worker, with no
 * second write before it (shared/use-cases/sms.ts). The record answered is as it was before the
 * claim, with the claim's own fields: its `sendingSince` is a previous worker's marker, if any.
 */
export async function claimOutbox(
  eventId: string,
  now: Date,
  leaseMs: number,
  opts: { markSending?: boolean } = {},
): Promise<OutboxRecord | undefined> {
  const until = new Date(now.getTime() + leaseMs);
  const free = 'attribute_exists(pk) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)';
  const marker = opts.markSending ? ', sendingSince = if_not_exists(sendingSince, :now)' : '';
  const claim = (moveDue: boolean) =>
    documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.outbox(eventId),
        UpdateExpression: `${moveDue ? 'SET claimedUntil = :until, nextAttemptAt = :until, gsi2sk = :sk' : 'SET claimedUntil = :until'}${marker}`,
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

/**
 * After a failed attempt: count it, release the claim (and an `sms` send marker: the provider
 * refused, so the next attempt may send), come due again at `next`.
 */
export function rescheduleOutbox(eventId: string, attempts: number, next: Date): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.outbox(eventId),
      UpdateExpression:
        'SET attempts = :n, nextAttemptAt = :at, gsi2sk = :sk REMOVE claimedUntil, sendingSince',
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
