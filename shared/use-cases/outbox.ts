/**
 * Getting messages to departments without losing one.
 *
 *  - publish: right after a commit, the outbox record's id goes on the work-order queue and
 *    the record's due instant moves a few minutes ahead ("sent, not yet confirmed").
 *  - sweep (scheduled every minute): every record whose due instant has passed — a send lost
 *    in a crash, a worker that died mid-delivery, a retry whose time has come — is sent again.
 *  - dispatch (the queue's consumer): claims the record, delivers by webhook or e-mail,
 *    records the attempt on the work order, and then either deletes the record (delivered,
 *    or given up → delivery_failed and the duty chief told) or moves it to the next retry.
 *    A duplicate message finds the record claimed or gone and does nothing.
 */

import { clock } from '../adapters/clock.ts';
import { logger } from '../adapters/logger.ts';
import { dueOutbox, setNextAttempt } from '../adapters/outbox-store.ts';
import { sendMessage } from '../adapters/queue.ts';

/** After a send, the sweeper waits this long for the consumer before sending again. */
export const PUBLISH_LEASE_MS = 5 * 60_000;

export interface OutboxMessage {
  eventId: string;
}

export async function publishOutbox(eventId: string): Promise<void> {
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
        await publishOutbox(record.eventId);
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
