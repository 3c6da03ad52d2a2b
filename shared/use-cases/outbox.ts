/**
 * Getting messages to departments — and texts to the reporter, each its own outbox record
 * beside its case (shared/adapters/sms-records.ts) — without losing one.
 *
 *  - publish: the record is written in the commit already due a few minutes ahead ("to be sent,
 *    not yet confirmed", outbox-store.ts). The table's stream hands the committed insert to the
 *    outbox relay (functions/workers/outbox-relay.ts), which puts its id on the work-order queue:
 *    the request that owed the message makes no SQS call. A record owed later (due after its
 *    lease) is left to the sweep.
 *  - sweep (scheduled every minute): every record whose due instant has passed — a send lost
 *    in a crash, a worker that died mid-delivery, a retry whose time has come — is sent again,
 *    and its due instant moves a lease ahead: outbox records (`DUE#outbox`), then texts
 *    (`DUE#sms`, a follow-up invitation on its morning among them).
 *  - dispatch (the queue's consumer): claims the record, delivers by webhook or e-mail,
 *    records the attempt on the work order, and then either deletes the record (delivered,
 *    or given up → delivery_failed and the duty chief told) or moves it to the next retry.
 *    A duplicate message finds the record claimed or gone and does nothing.
 */

import { clock } from '../adapters/clock.ts';
import { logger } from '../adapters/logger.ts';
import { dueOutbox, PUBLISH_LEASE_MS, setNextAttempt } from '../adapters/outbox-store.ts';
import { sendMessage } from '../adapters/queue.ts';
import { dueTexts, setTextDue } from '../adapters/sms-records.ts';

export { PUBLISH_LEASE_MS };

/** A work-order queue message: an outbox record's id, or a text's id with its case (`caseId`). */
export interface OutboxMessage {
  eventId: string;
  /** A text to the reporter: its record sits in this case's collection. */
  caseId?: string;
}

/** The sweeper's send: onto the queue, then due a lease later, so the next sweep waits for the consumer. */
async function resend(message: OutboxMessage): Promise<void> {
  await sendMessage('workOrders', message);
  const next = new Date(clock.now().getTime() + PUBLISH_LEASE_MS);
  if (message.caseId) await setTextDue(message.caseId, message.eventId, next);
  else await setNextAttempt(message.eventId, next);
}

/** Resend every record and text that is due; returns how many were sent. Query, never Scan. */
export async function sweepOutbox(): Promise<number> {
  const sent =
    (await sweep(async (now) => (await dueOutbox(now)).map(({ eventId }) => ({ eventId })))) +
    (await sweep(dueTexts));
  if (sent) logger.info('outbox swept', { sent });
  return sent;
}

/** One kind's due messages, 100 a page, at most 20 pages a run. */
async function sweep(due: (now: Date) => Promise<OutboxMessage[]>): Promise<number> {
  let sent = 0;
  for (let round = 0; round < 20; round++) {
    const page = await due(clock.now());
    if (page.length === 0) break;
    for (const message of page) {
      try {
        await resend(message);
        sent++;
      } catch (error) {
        logger.warn('sweeper could not publish', { eventId: message.eventId, error });
      }
    }
    if (page.length < 100) break;
  }
  return sent;
}
