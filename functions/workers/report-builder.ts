/**
 * The reports queue's consumer: builds and stores one centre's month report or one region's
 * roll-up per message. A failure is reported as a partial batch failure, so SQS redelivers
 * that message (and, after 5 tries, parks it in the DLQ).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger, withLogContext } from '../../shared/adapters/logger.ts';
import { ReportJob } from '../../shared/schemas/report.ts';
import { runReportJob } from '../../shared/use-cases/reports/monthly.ts';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    await withLogContext({ messageId: record.messageId }, async () => {
      try {
        const job = ReportJob.parse(JSON.parse(record.body));
        const outcome = await runReportJob(job);
        logger.info('report job done', { ...job, outcome });
      } catch (error) {
        logger.error('report job failed; SQS will redeliver', { error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    });
  }
  return { batchItemFailures };
};
