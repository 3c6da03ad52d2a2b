/**
 * Text messages to the reporter (短信告知记录), from owed to outcome: one item each in the case's
 * collection, `CASE#{caseId} | SMS#{eventId}`, which is also the text's outbox — no second item
 * is written for it, and none deleted (issue 16, write units).
 *
 *  - owed: the change that owes the text Puts it in its own transaction (`putOwedText`),
 *    `outcome: 'pending'`, with what the case screen shows (template, the number masked, the text
 *    without the status link's token) and what only the sender reads: the provider's payload (the
 *    real number and link), attempts, the due instant. While pending it sits in `byDue` under
 *    `DUE#sms` with `{instant}#{caseId}#{eventId}`: the sweeper reads the key alone, so the
 *    index's projection (the other sweepers' reads) is left as deployed.
 *  - claimed (`claimText`): one conditional UpdateItem that also takes the send.
 *  - settled (`settleText`): one conditional UpdateItem — the outcome in; the payload, the claim,
 *    the send marker and the index entry out. A retry (`rescheduleText`) moves it in the index.
 *
 * Texts sit beside the audit chain, not on it: neither the case item nor any of its index
 * entries is rewritten for one. Readers see them through `asSmsMessage`, which never shows the
 * private fields.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { maskPhone, type SmsTemplate } from '../domain/sms.ts';
import { formatShanghai } from '../domain/time.ts';
import type { SmsMessage } from '../schemas/case.ts';
import type { SmsOutcome } from '../schemas/case-values.ts';
import { keys, table as tableDef, withoutKeys } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { writtenDue } from './outbox-store.ts';
import type { SmsMessage as ProviderMessage } from './sms-sender.ts';

/** What the provider is sent, exactly, on every attempt: the real number, the full status link. */
export type SmsPayload = Omit<ProviderMessage, 'id'>;

/** A pending text as the worker holds it (the claim's answer). */
export interface OwedText {
  caseId: string;
  eventId: string;
  template: SmsTemplate;
  payload: SmsPayload;
  attempts: number;
  createdAt: string;
  /** UTC ISO: when the sweeper should next (re)send it. */
  nextAttemptAt: string;
  claimedUntil?: string;
  /**
   * Set by the claim, before the provider is called; cleared when the provider refused (a retry
   * may send). Found set on a later claim, it means a worker may have called the provider and
   * never settled the text (see shared/use-cases/sms.ts for the rule).
   */
  sendingSince?: string;
}

/** How a text ended, as the worker settles it (the case screen's fields). */
export type SmsSettlement = Omit<SmsMessage, 'eventId' | 'template' | 'to' | 'text' | 'outcome'> & {
  outcome: Exclude<SmsOutcome, 'pending'>;
};

/** What only the sending side reads while a text is pending: removed when it is settled. */
const SENDING_FIELDS = ['payload', 'createdAt', 'nextAttemptAt', 'claimedUntil', 'sendingSince'];

/** Never shown: the sending fields, and `caseId`, which older records carried. */
const PRIVATE_FIELDS = [...SENDING_FIELDS, 'caseId'];

/** A stored text as the API and the archive show it: no payload, no real number, no claim or due fields, no keys. */
export const asSmsMessage = (item: Record<string, NativeAttributeValue>): SmsMessage =>
  withoutKeys<SmsMessage>(item, PRIVATE_FIELDS);

/** The status link's token is a credential: what is shown keeps the text without it. */
const withoutToken = (text: string) => text.replace(/\/s\/[A-Za-z0-9_-]{22}/g, '/s/…');

const PENDING: SmsOutcome = 'pending';
const iso = (d: Date | string) => new Date(d).toISOString();
const due = (caseId: string, eventId: string, instant: string) =>
  keys.due('sms', instant, `${caseId}#${eventId}`);

/**
 * A text owed, written in the owing change's transaction; due as any outbox record is written
 * (`writtenDue`: a publish lease ahead when owed now, at its instant when owed later).
 * `sendingSince`: a previous worker's send marker, carried over (a text moved from the outbox).
 */
export function putOwedText(
  text: Pick<
    OwedText,
    'caseId' | 'eventId' | 'payload' | 'attempts' | 'createdAt' | 'nextAttemptAt' | 'sendingSince'
  >,
): TransactItem {
  const { caseId, eventId, payload } = text;
  const nextAttemptAt = writtenDue(text.createdAt, text.nextAttemptAt);
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.smsRecord(caseId, eventId),
        ...due(caseId, eventId, nextAttemptAt),
        type: 'sms',
        eventId,
        template: payload.template,
        to: maskPhone(payload.to),
        text: withoutToken(payload.text),
        outcome: PENDING,
        at: formatShanghai(new Date(text.createdAt)),
        payload,
        attempts: text.attempts,
        createdAt: text.createdAt,
        nextAttemptAt,
        ...(text.sendingSince ? { sendingSince: text.sendingSince } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Take a pending text for one attempt, unless another worker holds it or it is settled (or gone:
 * the case was archived meanwhile). The same write takes the send — `sendingSince`, kept if a
 * worker before set it — so the provider is called by at most one worker, with no second write
 * before it. As `claimOutbox`, the due instant moves to the claim's end only when the text was
 * due sooner. The text answered is as it was before the claim, with the claim's own fields: its
 * `sendingSince` is a previous worker's marker, if any.
 */
export async function claimText(
  caseId: string,
  eventId: string,
  now: Date,
  leaseMs: number,
): Promise<OwedText | undefined> {
  const until = iso(new Date(now.getTime() + leaseMs));
  const free = '#outcome = :pending AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)';
  const claim = (moveDue: boolean) =>
    documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.smsRecord(caseId, eventId),
        UpdateExpression: `SET claimedUntil = :until, sendingSince = if_not_exists(sendingSince, :now)${moveDue ? ', nextAttemptAt = :until, gsi2sk = :sk' : ''}`,
        ConditionExpression: moveDue ? free : `${free} AND nextAttemptAt >= :until`,
        ExpressionAttributeNames: { '#outcome': 'outcome' },
        ExpressionAttributeValues: {
          ':pending': PENDING,
          ':until': until,
          ':now': iso(now),
          ...(moveDue ? { ':sk': due(caseId, eventId, until).gsi2sk } : {}),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
  for (const moveDue of [false, true]) {
    try {
      const before = (await claim(moveDue)).Attributes ?? {};
      return {
        caseId,
        eventId,
        template: before.template,
        payload: before.payload,
        attempts: Number(before.attempts ?? 0),
        createdAt: String(before.createdAt),
        nextAttemptAt: moveDue ? until : String(before.nextAttemptAt),
        claimedUntil: until,
        ...(before.sendingSince ? { sendingSince: String(before.sendingSince) } : {}),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return undefined;
}

/**
 * Keep how the text ended, in ONE write: the outcome's fields set (`attempts` only where the
 * outcome counts them), the payload, the claim, the send marker, the due fields and the index
 * entry removed. False when it was settled already (a worker whose claim ran out, overtaken by
 * the next): that worker writes nothing more.
 */
export async function settleText(
  caseId: string,
  eventId: string,
  settlement: SmsSettlement,
): Promise<boolean> {
  const fields = Object.entries(settlement).filter(([, v]) => v !== undefined);
  const names = Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k]));
  const values = Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v]));
  const removed = [...SENDING_FIELDS, 'gsi2pk', 'gsi2sk'];
  if (settlement.attempts === undefined) removed.push('attempts');
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.smsRecord(caseId, eventId),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :f${i}`).join(', ')} REMOVE ${removed.join(', ')}`,
        ConditionExpression: '#outcome = :pending',
        ExpressionAttributeNames: { ...names, '#outcome': 'outcome' },
        ExpressionAttributeValues: { ...values, ':pending': PENDING },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * After a retryable failure: count the attempt, release the claim and the send marker (the
 * provider refused, so the next attempt may send), come due again at `next`. A text settled
 * meanwhile is left as it is.
 */
export async function rescheduleText(
  caseId: string,
  eventId: string,
  attempts: number,
  next: Date,
): Promise<void> {
  await updatePending(caseId, eventId, {
    UpdateExpression:
      'SET attempts = :n, nextAttemptAt = :at, gsi2sk = :sk REMOVE claimedUntil, sendingSince',
    ExpressionAttributeValues: {
      ':n': attempts,
      ':at': iso(next),
      ':sk': due(caseId, eventId, iso(next)).gsi2sk,
    },
  });
}

/** Move a pending text's due instant (the sweeper, after sending it again). Settled or gone is fine. */
export async function setTextDue(caseId: string, eventId: string, at: Date): Promise<void> {
  await updatePending(caseId, eventId, {
    UpdateExpression: 'SET nextAttemptAt = :at, gsi2sk = :sk',
    ExpressionAttributeValues: { ':at': iso(at), ':sk': due(caseId, eventId, iso(at)).gsi2sk },
  });
}

async function updatePending(
  caseId: string,
  eventId: string,
  update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, NativeAttributeValue> },
): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.smsRecord(caseId, eventId),
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: '#outcome = :pending',
        ExpressionAttributeNames: { '#outcome': 'outcome' },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':pending': PENDING },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Drop a text that can never go out (its case was archived meanwhile); one settled stays. */
export async function discardText(caseId: string, eventId: string): Promise<void> {
  try {
    await documentClient().send(
      new DeleteCommand({
        TableName: table(),
        Key: keys.smsRecord(caseId, eventId),
        ConditionExpression: '#outcome = :pending',
        ExpressionAttributeNames: { '#outcome': 'outcome' },
        ExpressionAttributeValues: { ':pending': PENDING },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Texts due at or before `now`, oldest first, from the byDue index. Only the index's sort key is
 * read: it names the case and the text (`{instant}#{caseId}#{eventId}`), nothing projected is.
 */
export async function dueTexts(now: Date, limit = 100): Promise<{ caseId: string; eventId: string }[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      IndexName: tableDef.indexes.byDue.name,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
      ProjectionExpression: tableDef.indexes.byDue.sortKey,
      ExpressionAttributeValues: { ':pk': due('', '', '').gsi2pk, ':now': `${iso(now)}~` },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).flatMap((i) => {
    const [, caseId, eventId] = String(i[tableDef.indexes.byDue.sortKey]).split('#');
    return caseId && eventId ? [{ caseId, eventId }] : [];
  });
}
