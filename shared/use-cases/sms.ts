/**
 * Text messages to the reporter (短信), each its own outbox — its record beside the case — sent
 * by the same queue, consumer and sweeper as the department messages, so none is lost on a crash
 * and none is sent twice by two workers.
 *
 * Primary course:
 *  1. A change that owes the reporter a message (intake, transfer, a department's result,
 *     closure; the follow-up invitation the day after closure) writes, in its own transaction,
 *     the text's record `CASE#{caseId} | SMS#{eventId}` with `outcome: 'pending'`: what the case
 *     screen shows (number masked, the status token cut) and, privately, the provider's payload
 *     and its due instant in `byDue` (sms-owed.ts, shared/adapters/sms-records.ts) — unless the
 *     reporter opted out, gave no mobile number, or the case was refused. The stream relay puts
 *     one owed now on the work-order queue (with its case); the sweeper sends the others when due.
 *  2. The consumer claims the record (dispatch.ts) and hands it here. The claim takes the send
 *     too (`sendingSince`, set by the same conditional write), and only then is the provider
 *     called; right after it answers, the outcome is kept by ONE conditional UpdateItem of the
 *     same record (outcome `sent` with the provider's reference; the payload, the claim and the
 *     index entry removed). No write stands between the provider's answer and that update. The
 *     record is not an audit event: keeping it rewrites neither the case item nor its index
 *     entries. The case screen shows the texts (`smsMessages`), pending ones too, the archive
 *     keeps them (`sms.json`), `GET /cases/{id}/sms` pages them.
 *  3. A failed send is retried with back-off (retry-policy.ts, as webhooks): the record comes due
 *     again in the index. A permanent failure, or the last retry, is kept as `failed`. A reporter
 *     who opted out after the text was owed gets nothing (`cancelled`); a text whose case was
 *     archived meanwhile is removed unsent.
 *
 * A worker that dies after claiming leaves the marker; whoever claims the record next (the
 * sweeper, or SQS redelivering the same message) never sends it a second time:
 *  - a record settled already is not claimed again: nothing happens (and a worker whose claim
 *    ran out and finds it settled by the next one when it settles writes nothing more);
 *  - else a sender that can tell (`find`, the local file sender) says whether it went out →
 *    `sent` with the reference it finds (`recovered`), or a first send now;
 *  - else (Tencent: no look-up by our id) the outcome is unknown → `unconfirmed` and no resend,
 *    even when the provider had accepted it and the worker died before the update: a reporter
 *    may miss one text (the status page still shows the step), never get it twice.
 * What remains: a provider call that fails without an answer (a timeout after the provider
 * accepted) is retried like any failure and may then arrive twice.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { getCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { documentClient } from '../adapters/dynamo.ts';
import { cancellationReasons } from '../adapters/dynamo-errors.ts';
import { logger } from '../adapters/logger.ts';
import { deleteOutbox, discardOutbox, type OutboxRecord } from '../adapters/outbox-store.ts';
import {
  discardText,
  type OwedText,
  putOwedText,
  rescheduleText,
  type SmsPayload,
  type SmsSettlement,
  settleText,
} from '../adapters/sms-records.ts';
import { SmsSendError, smsSender } from '../adapters/sms-sender.ts';
import { ENV } from '../config.ts';
import { nextAttemptAt } from '../domain/retry-policy.ts';
import { maskPhone } from '../domain/sms.ts';
import { formatShanghai } from '../domain/time.ts';

function retryCompression(): number {
  const raw = Number(process.env[ENV.webhookRetryCompress] ?? 1);
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
}

/** Send one claimed text and keep how it ended on its record (短信告知记录). */
export async function deliverSms(
  owed: OwedText,
  startedAt: Date,
): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const { caseId, eventId, payload } = owed;
  const first = await getCase({ kind: 'all' }, caseId).catch(() => undefined);
  if (!first || first.status === 'archived') {
    await discardText(caseId, eventId);
    return 'skipped';
  }
  const masked = maskPhone(payload.to);

  // A worker before this one may have called the provider and died before keeping the outcome.
  if (owed.sendingSince) {
    const found = await smsSender().find?.(eventId);
    if (found) {
      return settle(
        owed,
        { outcome: 'sent', attempts: owed.attempts + 1, reference: found.reference, recovered: true },
        'delivered',
      );
    }
    if (!smsSender().find) {
      logger.warn('sms outcome unknown after an interrupted send; not resent', { eventId, to: masked });
      return settle(
        owed,
        {
          outcome: 'unconfirmed',
          since: owed.sendingSince,
          reason: '发送过程中断，无法确认是否已送达；为免重复，不再重发',
        },
        'failed',
      );
    }
    // The sender can tell, and it did not go out: send it now.
  }

  if (first.smsOptOut) return settle(owed, { outcome: 'cancelled', reason: '反映人已退订短信' }, 'skipped');

  let failure: SmsSendError | undefined;
  let reference = '';
  try {
    reference = (await smsSender().send({ id: eventId, ...payload })).reference;
  } catch (error) {
    failure = error instanceof SmsSendError ? error : new SmsSendError((error as Error).message, true);
  }
  const attempts = owed.attempts + 1;
  logger.info('sms send attempt', { eventId, template: payload.template, to: masked, ok: !failure });
  if (!failure) return settle(owed, { outcome: 'sent', attempts, reference }, 'delivered');

  const retryAt = failure.retryable
    ? nextAttemptAt(attempts, startedAt, { compress: retryCompression() })
    : undefined;
  if (retryAt) {
    await rescheduleText(caseId, eventId, attempts, retryAt).catch((error: unknown) =>
      logger.warn('sms retry not rescheduled; the sweeper will resend', { eventId, error }),
    );
    return 'retry';
  }
  return settle(owed, { outcome: 'failed', attempts, error: failure.message }, 'failed');
}

/**
 * The outcome kept on the text's record, in the one write that also takes it out of the outbox
 * (short of the audit chain: no case write). A record another worker settled first stays as it
 * settled it.
 */
async function settle<R extends 'delivered' | 'failed' | 'skipped'>(
  owed: OwedText,
  outcome: Omit<SmsSettlement, 'at'>,
  result: R,
): Promise<R | 'skipped'> {
  const kept = await settleText(owed.caseId, owed.eventId, { ...outcome, at: formatShanghai(clock.now()) });
  return kept ? result : 'skipped';
}

/**
 * A text owed before texts became their own records — an outbox record (`OUTBOX#…`, channel
 * `sms`) written by the release before, claimed by this worker: moved beside its case as a
 * pending record with its attempts and a previous worker's send marker, in one transaction with
 * the outbox record's delete. The table's stream relays the record from there, as any text owed
 * now, and the rules above apply to it. One whose outcome a worker of that release already kept
 * there (it died before deleting the outbox record) is only dropped: nothing is sent again.
 */
export async function adoptOutboxSms(record: OutboxRecord, now: Date): Promise<'skipped'> {
  const moved = putOwedText({
    caseId: record.caseId,
    eventId: record.eventId,
    payload: JSON.parse(record.payload) as SmsPayload,
    attempts: record.attempts,
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
    ...(record.sendingSince ? { sendingSince: record.sendingSince } : {}),
  });
  try {
    await documentClient().send(
      new TransactWriteCommand({ TransactItems: [moved, deleteOutbox(record.eventId)] }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') await discardOutbox(record.eventId);
  }
  return 'skipped';
}
