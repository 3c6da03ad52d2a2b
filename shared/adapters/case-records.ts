/**
 * The lists that grow under a case (audit events, meetings, follow-ups, a work order's reports
 * and delivery attempts), read in bounded pieces: the latest few for the case screen, and cursor
 * pages for the full lists. Every list is a key range of the case's item collection, so each
 * piece is one Query; a case written before a list moved into items of its own still carries that
 * list embedded, and its entries come first (they are older than any item).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { followUpCountOf, knownFollowUps } from '../domain/case-lists.ts';
import { type Scope, scopeCovers } from '../domain/identity.ts';
import { NotFoundError } from '../errors.ts';
import type { Case, CaseEvent, FollowUpRecord, Meeting, SmsMessage } from '../schemas/case.ts';
import type { DeliveryAttempt, Feedback, WorkOrder } from '../schemas/work-order.ts';
import { keys, withoutKeys } from '../table.ts';
import type { StoredCase } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';
import { decodeCursor, encodeCursor, getMany, invalidCursor, queryAll, queryPage } from './paging.ts';
import { asSmsMessage } from './sms-records.ts';

type Item = Record<string, NativeAttributeValue>;

/** How many of each list the case screen (`GET /cases/{id}`) carries: enough to read, bounded in size. */
export const RECENT = { events: 20, sms: 10, meetings: 3, followUps: 3, reports: 3, attempts: 3 } as const;
/** How many reports `GET /work-orders/{id}` and a work-order change's answer carry. */
export const RECENT_REPORTS_ON_ORDER = 20;

export interface PageRequest {
  limit: number;
  cursor?: string;
  order: 'asc' | 'desc';
}
export interface RecordPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The sort-key prefix of each list; a work order's lists sit under its own key. */
export const listPrefix = {
  events: () => 'EV#',
  sms: () => 'SMS#',
  meetings: () => 'MTG#',
  followUps: () => 'FU#',
  reports: (n: number) => `${keys.workOrder('', n).sk}#FB#`,
  attempts: (n: number) => `${keys.workOrder('', n).sk}#DLV#`,
};

const KEY_NAMES = ['pk', 'sk'] as const;
/** An embedded entry's place in a cursor: below every item key of the list (`!` sorts before digits). */
const EMBEDDED_MARK = '!';

const asEvent = (i: Item) => withoutKeys<CaseEvent>(i);
const asMeeting = (i: Item) => withoutKeys<Meeting>(i, ['caseId']);
const asFollowUp = (i: Item) => withoutKeys<FollowUpRecord>(i, ['caseId']);
export const asReport = (i: Item) => withoutKeys<Feedback>(i, ['workOrderId']);
const asAttempt = (i: Item): DeliveryAttempt => {
  const entry = withoutKeys<Record<string, unknown>>(i, ['workOrderId', 'eventType']);
  return { ...entry, type: i.eventType } as DeliveryAttempt;
};

/** The newest `limit` items of a list, oldest first: one Query, newest first, reversed. */
export async function latest(pk: string, prefix: string, limit: number): Promise<Item[]> {
  return (await latestPage(pk, prefix, limit)).items;
}

/** As `latest`, with the cursor of the older items (for the list's route with `order=desc`). */
async function latestPage(pk: string, prefix: string, limit: number): Promise<RecordPage<Item>> {
  const page = await queryPage(
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: false,
      ConsistentRead: true,
    },
    { limit, keyNames: KEY_NAMES },
  );
  return { items: page.items.reverse(), nextCursor: page.nextCursor };
}

/** The newest `limit` of embedded entries followed by items (oldest first). */
function newest<T>(embedded: readonly T[], items: readonly T[], limit: number): T[] {
  return [...embedded, ...items].slice(-limit);
}

/**
 * One page of a list: `embedded` entries (an older case's, oldest first) ahead of the items whose
 * sort keys start with `prefix`, in `order`. The cursor is the last entry's key; a forged one
 * (another case, another list, not a key) is a 400.
 */
async function page<T>(
  pk: string,
  prefix: string,
  embedded: readonly T[],
  request: PageRequest,
  map: (item: Item) => T,
): Promise<RecordPage<T>> {
  const mark = `${prefix}${EMBEDDED_MARK}`;
  const cursor = request.cursor
    ? decodeCursor(request.cursor, (k) => k.pk === pk && typeof k.sk === 'string' && k.sk.startsWith(prefix))
    : undefined;
  const embeddedAt = (sk: string) => {
    const index = Number(sk.slice(mark.length));
    if (!sk.startsWith(mark) || !Number.isInteger(index) || index < 0 || index >= embedded.length)
      throw invalidCursor();
    return index;
  };
  const embeddedCursor = (index: number) => encodeCursor({ pk, sk: `${mark}${index}` }, KEY_NAMES);
  const queryItems = (limit: number, start?: Item) =>
    queryPage(
      {
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ScanIndexForward: request.order === 'asc',
        ConsistentRead: true,
      },
      { limit, keyNames: KEY_NAMES, ...(start ? { cursor: start } : {}) },
    );
  const onEmbedded = cursor !== undefined && String(cursor.sk).startsWith(mark);

  if (request.order === 'asc') {
    if (cursor && !onEmbedded) {
      const got = await queryItems(request.limit, cursor);
      return { items: got.items.map(map), nextCursor: got.nextCursor };
    }
    const from = cursor ? embeddedAt(String(cursor.sk)) + 1 : 0;
    const head = embedded.slice(from, from + request.limit);
    const room = request.limit - head.length;
    // A page filled by embedded entries continues after its last one (items may follow).
    if (room === 0) return { items: [...head], nextCursor: embeddedCursor(from + head.length - 1) };
    const got = await queryItems(room);
    return { items: [...head, ...got.items.map(map)], nextCursor: got.nextCursor };
  }

  // Newest first: the items, then the embedded entries from the last one back.
  let items: T[] = [];
  let before = embedded.length;
  if (onEmbedded) before = embeddedAt(String(cursor.sk));
  else {
    const got = await queryItems(request.limit, cursor);
    items = got.items.map(map);
    if (got.nextCursor) return { items, nextCursor: got.nextCursor };
    // The items filled the page and ended: the embedded entries follow on the next page, which
    // starts after the last item (an empty Query there, then the entries).
    const last = got.items.at(-1);
    if (items.length === request.limit && last && embedded.length > 0)
      return { items, nextCursor: encodeCursor(last, KEY_NAMES) };
  }
  const room = request.limit - items.length;
  const tail = embedded.slice(Math.max(0, before - room), before).reverse();
  const lastIndex = before - tail.length;
  return {
    items: [...items, ...tail],
    nextCursor: lastIndex > 0 && tail.length === room ? embeddedCursor(lastIndex) : null,
  };
}

/** The case, or 404 when it does not exist or lies outside the caller's scope. */
async function caseRow(scope: Scope, caseId: string): Promise<StoredCase> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.case(caseId), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item || !scopeCovers(scope, String(item.tenantId))) throw new NotFoundError('案件不存在');
  return withoutKeys<StoredCase>(item, ['ledgerAt', 'expiresAtEpoch']);
}

/** Work orders by key, many at once, in order (`getMany`: BatchGet, unprocessed keys retried). */
function workOrderRows(caseId: string, count: number): Promise<Item[]> {
  const wanted = Array.from({ length: count }, (_, i) => keys.workOrder(caseId, i + 1));
  return getMany(wanted, { consistent: true });
}

export interface BoundedCase {
  stored: StoredCase;
  /** The newest RECENT.events audit events, oldest first. */
  events: CaseEvent[];
  /** Where `GET /cases/{id}/events?order=desc` goes on from the oldest of them; null when none is older. */
  eventsCursor: string | null;
  /** The newest RECENT.sms text messages to the reporter, oldest first, and the cursor of older ones. */
  smsMessages: SmsMessage[];
  smsCursor: string | null;
  meetings: Meeting[];
  followUps: FollowUpRecord[];
  /** Each order with its newest RECENT.reports reports and RECENT.attempts delivery attempts. */
  workOrders: WorkOrder[];
}

/**
 * The case screen's read, bounded whatever the case's age: the case item (scope checked), then
 * in one parallel round its work orders (BatchGet) and the newest few of every list (one Query
 * each, newest first, `Limit`). The counts come from the case and order items.
 */
export async function readBoundedCase(scope: Scope, caseId: string): Promise<BoundedCase> {
  const stored = await caseRow(scope, caseId);
  const pk = keys.case(caseId).pk;
  const count = stored.workOrderCount ?? 0;
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const [orders, events, sms, meetings, followUps, reports, attempts] = await Promise.all([
    workOrderRows(caseId, count),
    latestPage(pk, listPrefix.events(), RECENT.events),
    latestPage(pk, listPrefix.sms(), RECENT.sms),
    latest(pk, listPrefix.meetings(), RECENT.meetings),
    latest(pk, listPrefix.followUps(), RECENT.followUps),
    Promise.all(numbers.map((n) => latest(pk, listPrefix.reports(n), RECENT.reports))),
    Promise.all(numbers.map((n) => latest(pk, listPrefix.attempts(n), RECENT.attempts))),
  ]);
  const workOrders = orders.map((row) => {
    const wo = withoutKeys<WorkOrder>(row, ['webhookSecrets']);
    const n = numbers.find((k) => keys.workOrder(caseId, k).sk === row.sk) ?? 0;
    return {
      ...wo,
      feedback: newest(wo.feedback ?? [], (reports[n - 1] ?? []).map(asReport), RECENT.reports),
      attempts: newest(wo.attempts ?? [], (attempts[n - 1] ?? []).map(asAttempt), RECENT.attempts),
      feedbackCount: wo.feedbackCount ?? wo.feedback?.length ?? 0,
    };
  });
  return {
    stored,
    events: events.items.map(asEvent),
    eventsCursor: events.nextCursor,
    smsMessages: sms.items.map(asSmsMessage),
    smsCursor: sms.nextCursor,
    meetings: newest(stored.meetings ?? [], meetings.map(asMeeting), RECENT.meetings),
    followUps: newest(stored.followUps ?? [], followUps.map(asFollowUp), RECENT.followUps),
    workOrders,
  };
}

/** The newest few meetings and follow-ups of a case just changed (no scope check: the caller changed it). */
export async function recentOfCase(
  stored: Pick<StoredCase, 'id' | 'meetings' | 'followUps'>,
): Promise<{ meetings: Meeting[]; followUps: FollowUpRecord[] }> {
  const pk = keys.case(stored.id).pk;
  const [meetings, followUps] = await Promise.all([
    latest(pk, listPrefix.meetings(), RECENT.meetings),
    latest(pk, listPrefix.followUps(), RECENT.followUps),
  ]);
  return {
    meetings: newest(stored.meetings ?? [], meetings.map(asMeeting), RECENT.meetings),
    followUps: newest(stored.followUps ?? [], followUps.map(asFollowUp), RECENT.followUps),
  };
}

/** A case's list, one page: the case item is read beside the page, for the scope check. */
async function casePage<T>(
  scope: Scope,
  caseId: string,
  prefix: string,
  embedded: (stored: StoredCase) => readonly T[],
  request: PageRequest,
  map: (item: Item) => T,
): Promise<RecordPage<T>> {
  const stored = await caseRow(scope, caseId);
  return page(keys.case(caseId).pk, prefix, embedded(stored), request, map);
}

export const caseEventPage = (scope: Scope, caseId: string, request: PageRequest) =>
  casePage(scope, caseId, listPrefix.events(), () => [], request, asEvent);

export const smsPage = (scope: Scope, caseId: string, request: PageRequest) =>
  casePage(scope, caseId, listPrefix.sms(), () => [], request, asSmsMessage);

export const meetingPage = (scope: Scope, caseId: string, request: PageRequest) =>
  casePage(scope, caseId, listPrefix.meetings(), (s) => s.meetings ?? [], request, asMeeting);

export const followUpPage = (scope: Scope, caseId: string, request: PageRequest) =>
  casePage(scope, caseId, listPrefix.followUps(), (s) => s.followUps ?? [], request, asFollowUp);

/** A work order's reports, one page (the order is read and checked by the caller). */
export function reportPage(wo: WorkOrder, n: number, request: PageRequest): Promise<RecordPage<Feedback>> {
  return page(keys.case(wo.caseId).pk, listPrefix.reports(n), wo.feedback ?? [], request, asReport);
}

/**
 * One meeting's item by the meeting's id: a Query of the case's meetings filtered on the id
 * (printing minutes is rare; the key is the recording event's sequence number, not the id).
 */
export async function meetingItemById(caseId: string, meetingId: string): Promise<Meeting | undefined> {
  const got = await queryPage(
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#id = :id',
      ExpressionAttributeNames: { '#id': 'id' },
      ExpressionAttributeValues: {
        ':pk': keys.case(caseId).pk,
        ':prefix': listPrefix.meetings(),
        ':id': meetingId,
      },
      ConsistentRead: true,
    },
    { limit: 1, keyNames: KEY_NAMES },
  );
  const [item] = got.items;
  return item ? asMeeting(item) : undefined;
}

/**
 * The whole audit trail (for checking its hash chain), with the case it belongs to (whose intake
 * record the first event references): one Query of `EV#`, page after page, beside the case item.
 */
export async function wholeTrail(
  scope: Scope,
  caseId: string,
): Promise<{ stored: StoredCase; events: CaseEvent[] }> {
  const [stored, items] = await Promise.all([
    caseRow(scope, caseId),
    queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':prefix': listPrefix.events() },
      ConsistentRead: true,
    }),
  ]);
  return { stored, events: items.map(asEvent) };
}

/**
 * Cases (ledger rows) with every follow-up record: from the case item where it knows them all
 * (at most one record outside an older case's embedded list), else one Query of the case's `FU#`
 * items — only cases reopened by a bad rating have more than one, a small share of any month.
 */
export async function withAllFollowUps<C extends Case>(cases: readonly C[]): Promise<C[]> {
  return Promise.all(
    cases.map(async (c) => {
      const known = knownFollowUps(c);
      if (followUpCountOf(c) <= known.length) return known.length ? { ...c, followUps: known } : c;
      const items = await queryAll({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.case(c.id).pk, ':prefix': listPrefix.followUps() },
      });
      return { ...c, followUps: [...(c.followUps ?? []), ...items.map(asFollowUp)] };
    }),
  );
}
