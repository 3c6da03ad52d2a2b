/**
 * What a change owes the reporter: one text message, written in the change's own transaction as
 * its record beside the case (`CASE#{caseId} | SMS#{eventId}`, `pending`), which is also its
 * outbox (shared/adapters/sms-records.ts; sms.ts sends it later). Kept apart from the sending
 * side so the functions that only owe texts — intake, transfer, closure — do not bundle the SMS
 * provider and its secrets client.
 */
import type { TransactItem } from '../adapters/case-store.ts';
import { newId } from '../adapters/ids.ts';
import { putOwedText, type SmsPayload } from '../adapters/sms-records.ts';
import { isMobileNumber, type SmsTemplate, smsParams, smsText } from '../domain/sms.ts';
import type { Case } from '../schemas/case.ts';

/** The ids of texts to the reporter start `sms_`: a queue message naming one and its case is a text's. */
export const SMS_EVENT_PREFIX = 'sms';
export const isSmsEventId = (eventId: string) => eventId.startsWith(`${SMS_EVENT_PREFIX}_`);

export interface OwedSms {
  eventId: string;
  item: TransactItem;
}

/**
 * The record of one text message owed to the reporter of `c`, or undefined when none is owed
 * (opted out, no mobile number, refused case). `at`: when it falls due (default now); a later
 * instant is left to the sweeper, which sends it then.
 */
export function owedSms(
  c: Pick<Case, 'id' | 'reporter' | 'smsOptOut' | 'scope'>,
  template: SmsTemplate,
  values: readonly string[],
  opts: { now: Date; at?: Date },
): OwedSms | undefined {
  if (c.smsOptOut || !c.scope.accepted || !isMobileNumber(c.reporter.phone)) return undefined;
  const params = smsParams(values);
  const payload: SmsPayload = { to: c.reporter.phone, template, params, text: smsText(template, params) };
  const eventId = newId(SMS_EVENT_PREFIX);
  const item = putOwedText({
    caseId: c.id,
    eventId,
    payload,
    attempts: 0,
    createdAt: opts.now.toISOString(),
    nextAttemptAt: (opts.at ?? opts.now).toISOString(),
  });
  return { eventId, item };
}
