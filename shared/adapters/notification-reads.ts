/**
 * How far each person has read an inbox: one item per person beside the inbox's notifications —
 * `TENANT#{tenantId}` / `READ#{personId}` for a centre's staff, `REPORT#{regionCode}` /
 * `READ#{personId}` for a region's supervisors — holding the instant up to which everything
 * counts as read. It only moves forward (a stale tab cannot mark newer notices unread again).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';

/** The instant (ISO, UTC) up to which the person has read, if ever. */
export type Inbox = { tenantId: string } | { regionCode: string };

function readsKey(inbox: Inbox, personId: string) {
  return 'regionCode' in inbox
    ? keys.regionNotificationReads(inbox.regionCode, personId)
    : keys.notificationReads(inbox.tenantId, personId);
}

export async function getReadUpTo(inbox: Inbox, personId: string): Promise<string | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: readsKey(inbox, personId) }),
  );
  return typeof out.Item?.readUpTo === 'string' ? out.Item.readUpTo : undefined;
}

/** Moves the person's mark to `upTo` (ISO, UTC) unless it is already later; returns the mark. */
export async function markReadUpTo(inbox: Inbox, personId: string, upTo: string): Promise<string> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: readsKey(inbox, personId),
        UpdateExpression: 'SET readUpTo = :t, #type = :type',
        ConditionExpression: 'attribute_not_exists(readUpTo) OR readUpTo < :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': upTo, ':type': 'notification_reads' },
      }),
    );
    return upTo;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    return (await getReadUpTo(inbox, personId)) ?? upTo;
  }
}
