/**
 * Admin calendar overrides (工作日历调整) and published holiday notices (节假日安排通知) in
 * DynamoDB: one item collection, pk `CALENDAR`, one item per date and region (`OVR#`) and per
 * year and region (`YEAR#`). They are province-wide reference data, not a centre's: any
 * signed-in caller may read them, so there is no scope to check here — only the route decides
 * who may write.
 *
 * A change that may move open deadlines is written together with a change record
 * (`CALCHANGES` / `{changeId}`) in one transaction: the recompute worker works from it, and a
 * record still `pending` is how a lost queue message is found again (one Query, no Scan).
 *
 * Every transfer computes a deadline from them, so a process keeps the whole set for a short
 * while instead of querying on each call. Its own writes clear that copy at once; another
 * process's writes reach it within `CACHE_TTL_MS`.
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CalendarNotice, CalendarOverride } from '../schemas/calendar.ts';
import { keys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';
import { busyError, isBusy } from './dynamo-errors.ts';
import { queryAll } from './paging.ts';

type Item = Record<string, NativeAttributeValue>;

export const CACHE_TTL_MS = 60_000;
/** Every override and notice shares the partition; sort keys start `OVR#{date}` / `YEAR#{yyyy}`. */
const PARTITION = keys.calendarOverride('').pk;
const OVERRIDE_PREFIX = 'OVR#';
const NOTICE_PREFIX = 'YEAR#';
/** Change records are kept this long after they are made (then DynamoDB's TTL removes them). */
const CHANGE_TTL_SECONDS = 90 * 24 * 3600;

/** Everything the calendar is computed from, as stored. */
export interface CalendarData {
  overrides: CalendarOverride[];
  notices: CalendarNotice[];
}

interface Cached {
  /** The table it was read from: the local stack and the tests re-point a process at another. */
  tableName: string;
  /** Monotonic time (`performance.now()`), so moving the domain clock does not expire it. */
  expiresAt: number;
  data: Promise<CalendarData>;
}

let cached: Cached | undefined;

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, type: _t, ...rest } = item;
  return rest as T;
}

async function queryCalendar(tableName: string): Promise<CalendarData> {
  try {
    const items = await queryAll({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PARTITION },
      ConsistentRead: true,
    });
    return {
      overrides: items.filter((i) => String(i.sk).startsWith(OVERRIDE_PREFIX)).map(strip<CalendarOverride>),
      notices: items.filter((i) => String(i.sk).startsWith(NOTICE_PREFIX)).map(strip<CalendarNotice>),
    };
  } catch (error) {
    if (isBusy(error)) throw busyError(error);
    throw error;
  }
}

/** Everything the calendar is computed from; served from this process's copy when fresh. */
export function loadCalendarData(): Promise<CalendarData> {
  const tableName = table();
  const now = performance.now();
  if (cached && cached.tableName === tableName && cached.expiresAt > now) return cached.data;
  const entry: Cached = { tableName, expiresAt: now + CACHE_TTL_MS, data: queryCalendar(tableName) };
  cached = entry;
  // A failed read is not kept; nor is one a write of this process overtook (it cleared `cached`).
  entry.data.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return entry.data;
}

/** The calendar data as stored now, past any cache: what a change is compared against. */
export function readCalendarData(): Promise<CalendarData> {
  return queryCalendar(table());
}

/** Every override, in date order (a few dozen a year); served from this process's copy when fresh. */
export async function listOverrides(): Promise<CalendarOverride[]> {
  return (await loadCalendarData()).overrides;
}

// ---------------------------------------------------------------------------------------
// Calendar changes (the recompute worker's jobs)
// ---------------------------------------------------------------------------------------

/** What changed, with what it replaced: the worker rebuilds the calendar before the change. */
export type ChangedItem =
  | { kind: 'notice'; year: number; region?: string; previous?: CalendarNotice; current: CalendarNotice }
  | {
      kind: 'override';
      date: string;
      region?: string;
      previous?: CalendarOverride;
      current: CalendarOverride;
    };

export interface CalendarChange {
  id: string;
  at: string;
  by: { id: string; name: string };
  /** In words, for the audit trail: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕7号）. */
  reason: string;
  item: ChangedItem;
  /** Days whose verdict changed (national, or in the notice's / override's region). */
  changedDays: { date: string; workday: boolean }[];
  /** The days the change covers (a notice's year, an override's date): the periods it may move. */
  reach: { from: string; to: string };
  status: 'pending' | 'done';
  /** Work orders and follow-ups whose due time moved so far. */
  moved?: number;
  /** When the worker last finished a page. */
  lastPageAt?: string;
}

function changeItem(change: CalendarChange): Item {
  return {
    ...keys.calendarChange(change.id),
    type: 'calendarChange',
    expiresAtEpoch: Math.floor(new Date(change.at).getTime() / 1000) + CHANGE_TTL_SECONDS,
    ...change,
  };
}

function storedItem(item: ChangedItem): Item {
  return item.kind === 'notice'
    ? { ...keys.calendarNotice(item.year, item.region), type: 'calendarNotice', ...item.current }
    : { ...keys.calendarOverride(item.date, item.region), type: 'calendarOverride', ...item.current };
}

/**
 * Store a notice or override and, when it moved a verdict, its change record — in one
 * transaction, so no change is saved without the record the worker needs.
 */
export async function saveCalendarItem(item: ChangedItem, change: CalendarChange | undefined): Promise<void> {
  try {
    const put = { TableName: table(), Item: storedItem(item) };
    if (change) {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [{ Put: put }, { Put: { TableName: table(), Item: changeItem(change) } }],
        }),
      );
    } else {
      await documentClient().send(new PutCommand(put));
    }
  } catch (error) {
    if (isBusy(error)) throw busyError(error);
    throw error;
  } finally {
    // Also after a failure: the write may have landed.
    cached = undefined;
  }
}

export async function getCalendarChange(changeId: string): Promise<CalendarChange | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.calendarChange(changeId), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  const { expiresAtEpoch: _e, ...rest } = strip<CalendarChange & { expiresAtEpoch?: number }>(out.Item);
  return rest;
}

/** Changes whose recompute has not finished: few at any time (one Query, filtered). */
export async function listPendingChanges(): Promise<CalendarChange[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': keys.calendarChange('').pk, ':pending': 'pending' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => strip<CalendarChange>(i));
}

/** Count what a page moved; with `done`, the change is finished. */
export async function recordRecomputePage(
  changeId: string,
  moved: number,
  done: boolean,
  at: string,
): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.calendarChange(changeId),
      UpdateExpression: `ADD moved :n SET lastPageAt = :at${done ? ', #status = :done' : ''}`,
      ...(done ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: { ':n': moved, ':at': at, ...(done ? { ':done': 'done' } : {}) },
    }),
  );
}
