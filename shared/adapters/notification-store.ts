/**
 * Notifications to people of a centre — the duty chief of the day (值班长), the director —
 * written in the same transaction as the change that causes them, listed newest first.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';

export interface Notification {
  id: string;
  tenantId: string;
  at: string;
  /** Who it is for: the duty chief of the day (by staff id when the roster names one), or the director. */
  recipient: { role: 'duty_chief' | 'director' | 'supervisor'; staffId?: string; name?: string };
  /** What happened, e.g. `work_order.delivery_failed`. */
  topic: string;
  message: string;
  caseId?: string;
  workOrderId?: string;
}

export function putNotification(n: Notification): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.notification(n.tenantId, new Date(n.at).toISOString(), n.id),
        type: 'notification',
        ...n,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function listNotifications(tenantId: string, limit = 50): Promise<Notification[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId).pk, ':p': 'NOTE#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(({ pk: _p, sk: _s, type: _t, ...n }) => n as Notification);
}
