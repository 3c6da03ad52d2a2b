/**
 * Text messages to the reporter, once their outcome is known (短信告知记录): one item each in
 * the case's collection (`SMS#{eventId}`), written once by the worker that delivered it. They
 * sit beside the audit chain, not on it: recording a text neither rewrites the case item nor
 * any of its index entries (issue 16, write units).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SmsMessage } from '../schemas/case.ts';
import { keys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';
import { isConditionFailure } from './dynamo-errors.ts';

/** Keep a text's outcome beside its case; false when a worker before this one already did. */
export async function putSmsRecord(caseId: string, message: SmsMessage): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.smsRecord(caseId, message.eventId), type: 'sms', caseId, ...message },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Whether a text's outcome is already kept (a worker recorded it and died before dropping its outbox record). */
export async function smsRecorded(caseId: string, eventId: string): Promise<boolean> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: table(),
      Key: keys.smsRecord(caseId, eventId),
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    }),
  );
  return out.Item !== undefined;
}
