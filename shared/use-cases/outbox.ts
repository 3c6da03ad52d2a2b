/**
 * Getting messages to departments without losing one.
 *
 *  - publish: right after a commit, the outbox record's id goes on the work-order queue; the
 *    record was written due a few minutes ahead ("sent, not yet confirmed"), so the send
 *    writes nothing.
 *  - sweep (scheduled every minute): every record whose due instant has passed — a send lost
 *    in a crash, a worker that died mid-delivery, a retry whose time has come — is sent again.
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

/** Right after the commit that wrote the record: it is already due a lease ahead (putOutbox). */
export async function publishOutbox(eventId: string): Promise<void> {
  await sendMessage('workOrders', { eventId } satisfies OutboxMessage);
}

/** The sweeper's resend of a record that came due: sent, and due again a lease ahead. */
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
