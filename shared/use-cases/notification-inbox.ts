/**
 * The notification inbox of a person: a centre's staff read their centre's notifications; a
 * supervisor reads those addressed to their own region (its escalations 升级督办 and its report
 * notices), never another region's. Newest first, with how many of them this person has not read
 * yet — kept on the server per person, so the count is the same on every device and survives a
 * new sign-in.
 *
 * Primary course (GET /notifications):
 *  1. Read the 50 newest notifications of the caller's inbox and the person's read mark, together.
 *  2. Unread = those after the mark (all of them when the person never read any).
 * Marking (POST /notifications/read): the mark moves to the time given (the newest one the
 * person saw, never later than now), only forward.
 */

import { clock } from '../adapters/clock.ts';
import { getReadUpTo, type Inbox as InboxKey, markReadUpTo } from '../adapters/notification-reads.ts';
import { listNotifications, listRegionInbox, type Notification } from '../adapters/notification-store.ts';
import type { Principal } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import type { MarkReadBody } from '../schemas/work-order.ts';

export interface Inbox {
  items: Notification[];
  readUpTo?: string;
  unread: number;
}

/** Whose notifications the caller reads: a supervisor's region, or the caller's centre. */
function inboxKey(principal: Principal): InboxKey {
  return principal.role === 'supervisor'
    ? { regionCode: principal.regionCode ?? '__none__' }
    : { tenantId: principal.tenantId ?? '__none__' };
}

export async function inboxOf(principal: Principal): Promise<Inbox> {
  const key = inboxKey(principal);
  const [items, mark] = await Promise.all([
    'regionCode' in key ? listRegionInbox(key.regionCode) : listNotifications(key.tenantId),
    getReadUpTo(key, principal.id),
  ]);
  const readUpTo = mark ? new Date(mark).getTime() : Number.NEGATIVE_INFINITY;
  return {
    items,
    ...(mark ? { readUpTo: formatShanghai(new Date(mark)) } : {}),
    unread: items.filter((n) => new Date(n.at).getTime() > readUpTo).length,
  };
}

export async function markInboxRead(principal: Principal, body: MarkReadBody): Promise<{ readUpTo: string }> {
  const now = clock.now().getTime();
  const upTo = new Date(Math.min(new Date(body.upTo).getTime(), now)).toISOString();
  const mark = await markReadUpTo(inboxKey(principal), principal.id, upTo);
  return { readUpTo: formatShanghai(new Date(mark)) };
}
