/**
 * How far each person of a centre has read the centre's notifications: one item per person,
 * `TENANT#{tenantId}` / `READ#{personId}`, holding the instant up to which everything counts as
 * read. It only moves forward (a stale tab cannot mark newer notices unread again).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';

/** The instant (ISO, UTC) up to which the person has read, if ever. */
export async function getReadUpTo(tenantId: string, personId: string): Promise<string | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.notificationReads(tenantId, personId) }),
  );
  return typeof out.Item?.readUpTo === 'string' ? out.Item.readUpTo : undefined;
}

/** Moves the person's mark to `upTo` (ISO, UTC) unless it is already later; returns the mark. */
export async function markReadUpTo(tenantId: string, personId: string, upTo: string): Promise<string> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.notificationReads(tenantId, personId),
        UpdateExpression: 'SET readUpTo = :t, #type = :type',
        ConditionExpression: 'attribute_not_exists(readUpTo) OR readUpTo < :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': upTo, ':type': 'notification_reads' },
      }),
    );
    return upTo;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    return (await getReadUpTo(tenantId, personId)) ?? upTo;
  }
}
