/** Test-only look into the outbox: the event ids still owed for a work order (via the byDue index). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, table } from '../../shared/adapters/dynamo.ts';

export async function outboxEventIds(workOrderId: string): Promise<string[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byDue',
      KeyConditionExpression: 'gsi2pk = :pk',
      FilterExpression: 'workOrderId = :wo',
      ExpressionAttributeValues: { ':pk': 'DUE#outbox', ':wo': workOrderId },
    }),
  );
  return (out.Items ?? []).map((i) => String(i.eventId));
}
