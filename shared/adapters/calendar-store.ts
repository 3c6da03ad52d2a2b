/**
 * Admin calendar overrides (工作日历调整) in DynamoDB: one item collection, pk `CALENDAR`,
 * one item per date and region. The overrides are province-wide reference data, not a
 * centre's: any signed-in caller may read them, so there is no scope to check here — only
 * the route decides who may write.
 *
 * Every transfer computes a deadline from them, so a process keeps the whole set for a short
 * while instead of querying on each call. Its own writes clear that copy at once; another
 * process's writes reach it within `CACHE_TTL_MS`.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CalendarOverride } from '../schemas/calendar.ts';
import { keys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';
import { busyError, isBusy } from './dynamo-errors.ts';
import { queryAll } from './paging.ts';

type Item = Record<string, NativeAttributeValue>;

const CACHE_TTL_MS = 60_000;
/** Every override shares the partition; the sort key starts `OVR#{date}`. */
const PARTITION = keys.calendarOverride('').pk;
const SORT_KEY_PREFIX = 'OVR#';

interface Cached {
  /** The table it was read from: the local stack and the tests re-point a process at another. */
  tableName: string;
  /** Monotonic time (`performance.now()`), so moving the domain clock does not expire it. */
  expiresAt: number;
  overrides: Promise<CalendarOverride[]>;
}

let cached: Cached | undefined;

function strip(item: Item): CalendarOverride {
  const { pk: _pk, sk: _sk, type: _t, ...rest } = item;
  return rest as CalendarOverride;
}

async function queryOverrides(tableName: string): Promise<CalendarOverride[]> {
  try {
    const items = await queryAll({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': PARTITION, ':prefix': SORT_KEY_PREFIX },
    });
    return items.map(strip);
  } catch (error) {
    if (isBusy(error)) throw busyError(error);
    throw error;
  }
}

/** Store (or replace) the override of one date and region; later reads in this process see it. */
export async function putOverride(
  override: Omit<CalendarOverride, 'updatedAt'>,
  now: string,
): Promise<CalendarOverride> {
  const stored: CalendarOverride = { ...override, updatedAt: now };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.calendarOverride(override.date, override.region),
          type: 'calendarOverride',
          ...stored,
        },
      }),
    );
  } catch (error) {
    if (isBusy(error)) throw busyError(error);
    throw error;
  } finally {
    // Also after a failure: the write may have landed.
    cached = undefined;
  }
  return stored;
}

/** Every override, in date order (a few dozen a year); served from this process's copy when fresh. */
export function listOverrides(): Promise<CalendarOverride[]> {
  const tableName = table();
  const now = performance.now();
  if (cached && cached.tableName === tableName && cached.expiresAt > now) return cached.overrides;
  const entry: Cached = { tableName, expiresAt: now + CACHE_TTL_MS, overrides: queryOverrides(tableName) };
  cached = entry;
  // A failed read is not kept; nor is one a write of this process overtook (it cleared `cached`).
  entry.overrides.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return entry.overrides;
}
