/**
 * The calendarRecompute queue's consumer: one page of open work orders and owed follow-ups
 * per message, recomputed after a calendar change. A failure is reported as a partial batch
 * failure, so SQS redelivers that page (the recompute is idempotent per order).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { runInvocationHooks } from '../../shared/adapters/invocation-hooks.ts';
import { logger, withLogContext } from '../../shared/adapters/logger.ts';
import { type RecomputeMessage, runCalendarRecompute } from '../../shared/use-cases/calendar-changes.ts';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    await withLogContext({ messageId: record.messageId }, async () => {
      try {
        await runInvocationHooks(); // the action-link key it signs with (shared/adapters/secrets.ts)
        const message = JSON.parse(record.body) as RecomputeMessage;
        const outcome = await runCalendarRecompute(message);
        logger.info('calendar recompute message done', { changeId: message.changeId, ...outcome });
      } catch (error) {
        logger.error('calendar recompute failed; SQS will redeliver', { error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    });
  }
  return { batchItemFailures };
};
