/**
 * Test messages to handling units (发送测试): one item per test beside the centre's profile,
 * `TENANT#{tenantId}` / `DLVTEST#{testId}`, created with its outbox record and updated in the
 * same transaction as each attempt's outcome (the outbox record rescheduled or deleted), so the
 * answer the console shows is exactly what the dispatch worker did. Kept 30 days (TTL).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TestDelivery } from '../schemas/tenant.ts';
import { keys } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';

const TTL_SECONDS = 30 * 24 * 3600;

export function putTestDelivery(test: TestDelivery, nowEpoch: number): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.testDelivery(test.tenantId, test.id),
        type: 'delivery_test',
        ...test,
        expiresAtEpoch: nowEpoch + TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getTestDelivery(tenantId: string, testId: string): Promise<TestDelivery | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.testDelivery(tenantId, testId), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _t, expiresAtEpoch: _e, ...test } = out.Item;
  return test as TestDelivery;
}

/** One attempt's outcome on the test: its status, the attempt, and when the next one is due (if any). */
export function recordTestAttempt(
  tenantId: string,
  testId: string,
  change: Pick<TestDelivery, 'status' | 'attempts' | 'lastAttempt' | 'nextAttemptAt' | 'deliveredAt'>,
): TransactItem {
  const sets = ['#status = :status', 'attempts = :attempts', 'lastAttempt = :last'];
  const values: Record<string, unknown> = {
    ':status': change.status,
    ':attempts': change.attempts,
    ':last': change.lastAttempt,
  };
  if (change.deliveredAt) {
    sets.push('deliveredAt = :deliveredAt');
    values[':deliveredAt'] = change.deliveredAt;
  }
  let expression = `SET ${sets.join(', ')}`;
  if (change.nextAttemptAt) {
    expression = `SET ${[...sets, 'nextAttemptAt = :next'].join(', ')}`;
    values[':next'] = change.nextAttemptAt;
  } else expression += ' REMOVE nextAttemptAt';
  return {
    Update: {
      TableName: table(),
      Key: keys.testDelivery(tenantId, testId),
      UpdateExpression: expression,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}
