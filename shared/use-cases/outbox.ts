/**
 * Getting messages to departments without losing one.
 *
 *  - publish: the record is written in the commit already due a few minutes ahead ("to be sent,
 *    not yet confirmed", outbox-store.ts). The table's stream hands the committed insert to the
 *    outbox relay (functions/workers/outbox-relay.ts), which puts its id on the work-order queue:
 *    the request that owed the message makes no SQS call. A record owed later (due after its
 *    lease) is left to the sweep.
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
