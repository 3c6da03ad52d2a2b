/**
 * A centre's audit events by their own time (secondary adapter over the `byActivity` index):
 * 责任倒查 pages through a period with a FilterExpression (by person) or a filter of its own (by
 * handling unit). Every read is a key range of one centre's partition; nothing scans.
 */
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CaseEvent } from '../schemas/case.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { keys, withoutKeys } from '../table.ts';
import { table } from './dynamo.ts';
import { decodeCursor, queryAll, queryPage } from './paging.ts';

type Item = Record<string, NativeAttributeValue>;

const ACTIVITY_KEYS = ['pk', 'sk', 'gsi5pk', 'gsi5sk'] as const;

/**
 * One page of a centre's events over [fromInstant, toInstant) (UTC ISO), oldest first: those
 * made by `actor`, or those `keep` accepts. `cursor` is this function's own (from `nextCursor`).
 */
export async function activityPage(
  tenantId: string,
  fromInstant: string,
  toInstant: string,
  opts: { limit: number; cursor?: string; actor?: string; keep?: (event: CaseEvent) => boolean },
): Promise<{ items: CaseEvent[]; nextCursor: string | null }> {
  const pk = keys.activity(tenantId, fromInstant, '', 0).gsi5pk;
  const names: Record<string, string> = { '#pk': 'gsi5pk', '#sk': 'gsi5sk' };
  const values: Record<string, NativeAttributeValue> = { ':pk': pk, ':lo': fromInstant, ':hi': toInstant };
  if (opts.actor) {
    Object.assign(names, { '#actor': 'actor', '#id': 'id' });
    values[':actor'] = opts.actor;
  }
  const keep = opts.keep;
  const page = await queryPage(
    {
      TableName: table(),
      IndexName: 'byActivity',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
      ...(opts.actor ? { FilterExpression: '#actor.#id = :actor' } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    {
      limit: opts.limit,
      keyNames: ACTIVITY_KEYS,
      ...(opts.cursor
        ? {
            cursor: decodeCursor(
              opts.cursor,
              (k) => k.gsi5pk === pk && typeof k.gsi5sk === 'string' && k.gsi5sk >= fromInstant,
            ),
          }
        : {}),
      ...(keep ? { keep: (item: Item) => keep(withoutKeys<CaseEvent>(item)) } : {}),
    },
  );
  return { items: page.items.map((i) => withoutKeys<CaseEvent>(i)), nextCursor: page.nextCursor };
}

/** A handling unit's work orders transferred over [fromInstant, toInstant): its queue's key range. */
export async function departmentOrders(
  tenantId: string,
  departmentId: string,
  fromInstant: string,
  toInstant: string,
): Promise<WorkOrder[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'byDepartment',
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
    ExpressionAttributeNames: { '#pk': 'gsi3pk', '#sk': 'gsi3sk' },
    ExpressionAttributeValues: {
      ':pk': keys.departmentQueue(tenantId, departmentId, '', '').gsi3pk,
      ':lo': fromInstant,
      ':hi': toInstant,
    },
  });
  return items.map((i) => withoutKeys<WorkOrder>(i));
}
