/**
 * Text messages to the reporter (短信), through the same outbox as the department messages, so
 * none is lost on a crash and none is sent twice by two workers.
 *
 * Primary course:
 *  1. A change that owes the reporter a message (intake, transfer, a department's result,
 *     closure; the follow-up invitation the day after closure) writes an outbox record with
 *     channel `sms` in its own transaction — unless the reporter opted out, gave no mobile
 *     number, or the case was refused.
 *  2. The work-order queue's consumer claims the record (dispatch.ts) and hands it here. The
 *     claim takes the send too (`sendingSince`, set by the same conditional write), and
 *     only then is the provider called; right after it answers, the outcome is kept beside the
 *     case by one conditional Put of a text-message record (`CASE#{id} | SMS#{eventId}`,
 *     outcome `sent` with the provider's reference, number masked;
 *     shared/adapters/sms-records.ts) and the outbox record is deleted. No write stands between
 *     the provider's answer and that Put. The record is not an audit event: keeping it rewrites
 *     neither the case item nor its index entries (about a quarter of a case's write units went
 *     on putting five texts on the chain). The case screen shows them (`smsMessages`), the
 *     archive keeps them (`sms.json`), `GET /cases/{id}/sms` pages them.
 *  3. A failed send is retried with back-off (retry-policy.ts, as webhooks); a permanent
 *     failure, or the last retry, is kept as `failed`. A reporter who opted out after the
 *     record was written gets nothing (`cancelled`).
 *
 * A worker that dies after claiming leaves the marker; whoever claims the record
 * next (the sweeper, or SQS redelivering the same message) never sends it a second time:
 *  - an outcome already kept (the worker died between keeping it and deleting the outbox
 *    record): the outbox record is dropped, nothing else;
 *  - else a sender that can tell (`find`, the local file sender) says whether it went out →
 *    `sent` with the reference it finds (`recovered`), or a first send now;
 *  - else (Tencent: no look-up by our id) the outcome is unknown → `unconfirmed` and no resend,
 *    even when the provider had accepted it and the worker died before the Put: a reporter may
 *    miss one text (the status page still shows the step), never get it twice.
 * What remains: a provider call that fails without an answer (a timeout after the provider
 * accepted) is retried like any failure and may then arrive twice.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { getCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { documentClient } from '../adapters/dynamo.ts';
import { logger } from '../adapters/logger.ts';
import { discardOutbox, type OutboxRecord, rescheduleOutbox } from '../adapters/outbox-store.ts';
import { putSmsRecord, smsRecorded } from '../adapters/sms-records.ts';
import { SmsSendError, smsSender } from '../adapters/sms-sender.ts';
import { ENV } from '../config.ts';
import { nextAttemptAt } from '../domain/retry-policy.ts';
import { maskPhone } from '../domain/sms.ts';
import { formatShanghai } from '../domain/time.ts';
import type { SmsMessage } from '../schemas/case.ts';
import type { SmsOutcome } from '../schemas/case-values.ts';
import type { SmsPayload } from './sms-owed.ts';

function retryCompression(): number {
  const raw = Number(process.env[ENV.webhookRetryCompress] ?? 1);
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
}

/** Send one claimed `sms` outbox record and keep its outcome beside the case (短信告知记录). */
export async function deliverSms(
  record: OutboxRecord,
  startedAt: Date,
): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const payload = JSON.parse(record.payload) as SmsPayload;
  const first = await getCase({ kind: 'all' }, record.caseId).catch(() => undefined);
  if (!first || first.status === 'archived') {
    await discardOutbox(record.eventId);
    return 'skipped';
  }
  const masked = maskPhone(payload.to);
  // The status link's token is a credential: the record keeps the text without it.
  const text = payload.text.replace(/\/s\/[A-Za-z0-9_-]{22}/g, '/s/…');
  const base = { eventId: record.eventId, template: payload.template, to: masked, text };

  // A worker before this one may have called the provider and died before keeping the outcome —
  // or kept it and died before dropping the record.
  if (record.sendingSince) {
    if (await smsRecorded(record.caseId, record.eventId)) {
      await discardOutbox(record.eventId);
      return 'skipped';
    }
    const found = await smsSender().find?.(record.eventId);
    if (found) {
      return recordOutcome(
        record,
        'sent',
        { ...base, attempts: record.attempts + 1, reference: found.reference, recovered: true },
        'delivered',
      );
    }
    if (!smsSender().find) {
      logger.warn('sms outcome unknown after an interrupted send; not resent', {
        eventId: record.eventId,
        to: masked,
      });
      return recordOutcome(
        record,
        'unconfirmed',
        {
          ...base,
          since: record.sendingSince,
          reason: '发送过程中断，无法确认是否已送达；为免重复，不再重发',
        },
        'failed',
      );
    }
    // The sender can tell, and it did not go out: send it now.
  }

  if (first.smsOptOut)
    return recordOutcome(record, 'cancelled', { ...base, reason: '反映人已退订短信' }, 'skipped');

  let failure: SmsSendError | undefined;
  let reference = '';
  try {
    reference = (await smsSender().send({ id: record.eventId, ...payload })).reference;
  } catch (error) {
    failure = error instanceof SmsSendError ? error : new SmsSendError((error as Error).message, true);
  }
  const attempts = record.attempts + 1;
  logger.info('sms send attempt', {
    eventId: record.eventId,
    template: payload.template,
    to: masked,
    ok: !failure,
  });
  if (!failure) return recordOutcome(record, 'sent', { ...base, attempts, reference }, 'delivered');

  const retryAt = failure.retryable
    ? nextAttemptAt(attempts, startedAt, { compress: retryCompression() })
    : undefined;
  if (retryAt) {
    await documentClient()
      .send(
        new TransactWriteCommand({ TransactItems: [rescheduleOutbox(record.eventId, attempts, retryAt)] }),
      )
      .catch((error: unknown) =>
        logger.warn('sms retry not rescheduled; the sweeper will resend', { eventId: record.eventId, error }),
      );
    return 'retry';
  }
  return recordOutcome(record, 'failed', { ...base, attempts, error: failure.message }, 'failed');
}

/**
 * The outcome kept beside the case (short of the audit chain: no case write), then the outbox
 * record dropped. A crash between the two leaves a record that the next claim finds already
 * kept (`smsRecorded`, checked whenever a worker before got as far as the provider), so the text
 * is neither sent again nor recorded twice.
 */
async function recordOutcome<R extends 'delivered' | 'failed' | 'skipped'>(
  record: OutboxRecord,
  outcome: SmsOutcome,
  fields: Omit<SmsMessage, 'outcome' | 'at'>,
  result: R,
): Promise<R | 'skipped'> {
  const kept = await putSmsRecord(record.caseId, { ...fields, outcome, at: formatShanghai(clock.now()) });
  await discardOutbox(record.eventId);
  return kept ? result : 'skipped';
}
