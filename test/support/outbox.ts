/**
 * Test-only look into the outbox: the event ids still owed for a work order. The byDue index
 * projects only what the sweepers read, so the owed records are found there and their work
 * order read from the records themselves.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, table } from '../../shared/adapters/dynamo.ts';
import { keys, table as tableDef } from '../../shared/table.ts';

export async function outboxEventIds(workOrderId: string): Promise<string[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      IndexName: tableDef.indexes.byDue.name,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DUE#outbox' },
    }),
  );
  const ids: string[] = [];
  for (const entry of out.Items ?? []) {
    const eventId = String(entry.eventId);
    const record = await documentClient().send(
      new GetCommand({ TableName: table(), Key: keys.outbox(eventId), ConsistentRead: true }),
    );
    if (record.Item?.workOrderId === workOrderId) ids.push(eventId);
  }
  return ids;
}
