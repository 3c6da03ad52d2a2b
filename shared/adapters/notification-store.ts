/**
 * Notifications to people — of a centre (the duty chief of the day 值班长, the director) or of a
 * region (its supervisors 督导人员) — written in the same transaction as the change that causes
 * them, listed newest first. A centre's live under `TENANT#{tenantId}`, a region's under
 * `REPORT#{regionCode}` (beside the region's reports), both as `NOTE#{at}#{id}`: each inbox is
 * one Query.
 *
 * A delivered notification (domain/notices.ts) carries its deliveries as a map by delivery id,
 * bounded by its recipients (two people of the centre, or a county's few supervisors, × two
 * channels); each outbox record of a delivery updates its own entry when it is sent or fails.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Delivery } from '../domain/notices.ts';
import { keys } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';

export interface Notification {
  id: string;
  /** The centre the notification is about (absent on a region's report notices). */
  tenantId?: string;
  /** Set when it is addressed to a region's supervisors: it lives in the region's inbox. */
  regionCode?: string;
  at: string;
  /** Who it is for: the duty chief of the day (by staff id when the roster names one), the director, supervisors. */
  recipient: {
    role: 'duty_chief' | 'director' | 'supervisor';
    staffId?: string;
    name?: string;
    regionCode?: string;
  };
  /** What happened, e.g. `work_order.delivery_failed`. */
  topic: string;
  message: string;
  caseId?: string;
  workOrderId?: string;
  month?: string;
  /** E-mail and SMS sent for it, one per person and channel (delivered topics only). */
  deliveries?: Delivery[];
}

/** Where a notification item lives. */
export function notificationKey(n: Pick<Notification, 'id' | 'at' | 'tenantId' | 'regionCode'>): {
  pk: string;
  sk: string;
} {
  const at = new Date(n.at).toISOString();
  return n.regionCode
    ? keys.regionNotification(n.regionCode, at, n.id)
    : keys.notification(n.tenantId ?? '', at, n.id);
}

export function putNotification(n: Notification): TransactItem {
  const { deliveries, ...rest } = n;
  return {
    Put: {
      TableName: table(),
      Item: {
        ...notificationKey(n),
        type: 'notification',
        ...rest,
        ...(deliveries ? { deliveries: Object.fromEntries(deliveries.map((d) => [d.id, d])) } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** One delivery's new state, written with the outbox record's delete or reschedule. */
export function putDeliveryState(key: { pk: string; sk: string }, delivery: Delivery): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET deliveries.#id = :d',
      ConditionExpression: 'attribute_exists(deliveries)',
      ExpressionAttributeNames: { '#id': delivery.id },
      ExpressionAttributeValues: { ':d': delivery },
    },
  };
}

function fromItem(item: Record<string, unknown>): Notification {
  const { pk: _p, sk: _s, type: _t, deliveries, ...n } = item;
  const list = deliveries
    ? Object.values(deliveries as Record<string, Delivery>).sort(
        (a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)),
      )
    : undefined;
  return { ...(n as unknown as Notification), ...(list ? { deliveries: list } : {}) };
}

async function newest(pk: string, limit: number): Promise<Notification[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': 'NOTE#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(fromItem);
}

/** A centre's inbox. */
export function listNotifications(tenantId: string, limit = 50): Promise<Notification[]> {
  return newest(keys.tenant(tenantId).pk, limit);
}

/** A region's inbox (its supervisors'): escalations to it and its report notices. */
export function listRegionInbox(regionCode: string, limit = 50): Promise<Notification[]> {
  return newest(keys.report(regionCode, '').pk, limit);
}
