/**
 * Getting messages to departments without losing one.
 *
 *  - publish: the record is written in the commit already due a few minutes ahead ("to be sent,
 *    not yet confirmed", outbox-store.ts); right after the commit its id goes on the work-order
 *    queue — one SQS send, no further write. A send that fails brings the record due at once.
 *  - sweep (scheduled every minute): every record whose due instant has passed — a send lost
 *    in a crash, a worker that died mid-delivery, a retry whose time has come — is sent again,
 *    and its due instant moves a lease ahead.
 *  - dispatch (the queue's consumer): claims the record, delivers by webhook or e-mail,
 *    records the attempt on the work order, and then either deletes the record (delivered,
 *    or given up → delivery_failed and the duty chief told) or moves it to the next retry.
 *    A duplicate message finds the record claimed or gone and does nothing.
 */

import { clock } from '../adapters/clock.ts';
import { logger } from '../adapters/logger.ts';
import { dueOutbox, PUBLISH_LEASE_MS, setNextAttempt } from '../adapters/outbox-store.ts';
import { sendMessage } from '../adapters/queue.ts';

export { PUBLISH_LEASE_MS };

export interface OutboxMessage {
  eventId: string;
}

/**
 * Right after the commit that wrote the record (leased, see putOutbox): its id onto the queue.
 * When the send fails the record is made due now (best effort), so the next sweep resends it
 * within a minute instead of after the lease; the error goes to the caller, who logs it.
 */
export async function publishOutbox(eventId: string): Promise<void> {
  try {
    await sendMessage('workOrders', { eventId } satisfies OutboxMessage);
  } catch (error) {
    await setNextAttempt(eventId, clock.now()).catch(() => undefined);
    throw error;
  }
}

/** The sweeper's send: onto the queue, then due a lease later, so the next sweep waits for the consumer. */
async function resendOutbox(eventId: string): Promise<void> {
  await sendMessage('workOrders', { eventId } satisfies OutboxMessage);
  await setNextAttempt(eventId, new Date(clock.now().getTime() + PUBLISH_LEASE_MS));
}

/** Resend every record that is due; returns how many were sent. Query, never Scan. */
export async function sweepOutbox(): Promise<number> {
  let sent = 0;
  for (let round = 0; round < 20; round++) {
    const due = await dueOutbox(clock.now());
    if (due.length === 0) break;
    for (const record of due) {
      try {
        await resendOutbox(record.eventId);
        sent++;
      } catch (error) {
        logger.warn('sweeper could not publish', { eventId: record.eventId, error });
      }
    }
    if (due.length < 100) break;
  }
  if (sent) logger.info('outbox swept', { sent });
  return sent;
}
