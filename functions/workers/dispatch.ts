/**
 * The work-order queue's consumer. Each message names an outbox record, or a text to the
 * reporter and its case; `dispatch` delivers it at most once per claim and records the attempt.
 * A failure to even record is reported as a partial batch failure, so SQS redelivers that
 * message (and, after 5 tries, parks it in the DLQ).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger, withLogContext } from '../../shared/adapters/logger.ts';
import { dispatch } from '../../shared/use-cases/dispatch.ts';
import type { OutboxMessage } from '../../shared/use-cases/outbox.ts';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    await withLogContext({ messageId: record.messageId }, async () => {
      try {
        const { eventId, caseId } = JSON.parse(record.body) as OutboxMessage;
        if (typeof eventId !== 'string') throw new Error('message has no eventId');
        await dispatch(eventId, typeof caseId === 'string' ? caseId : undefined);
      } catch (error) {
        logger.error('dispatch failed; SQS will redeliver', { error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    });
  }
  return { batchItemFailures };
};
