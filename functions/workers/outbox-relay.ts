/**
 * The outbox relay: every outbox record, and every text owed to a reporter (its record beside
 * the case, `SMS#{eventId}`, is its outbox: shared/adapters/sms-records.ts), as soon as the
 * transaction that wrote it commits, onto the work-order queue — a text with its case — unless
 * it is due later than its publish lease (a follow-up invitation for the next working morning:
 * the sweeper sends it then). The table's stream (new images, filtered to inserted items under
 * `OUTBOX` or `SMS#…`) invokes it; the requests that owe a message — intake, transfer, closure, a
 * department's answer — commit and answer without an SQS call of their own (issue 16: intake
 * within 1.3× of its bare transaction). A batch that cannot be sent is reported back from its
 * first unsent record and retried by the event source; past its retries the sweeper resends the
 * record when its publish lease ends (shared/adapters/outbox-store.ts, `writtenDue`). A message
 * relayed twice is harmless: the consumer claims the record before it delivers.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/logger.ts';
import { PUBLISH_LEASE_MS } from '../../shared/adapters/outbox-store.ts';
import { sendMessages } from '../../shared/adapters/queue.ts';
import type { OutboxMessage } from '../../shared/use-cases/outbox.ts';

const OUTBOX = 'OUTBOX#';
const CASE = 'CASE#';
const SMS = 'SMS#';

/** The message an inserted item owes the queue, if it is an outbox record or a text. */
function messageOf(r: DynamoDBRecord): OutboxMessage | undefined {
  if (r.eventName !== 'INSERT') return undefined;
  const pk = r.dynamodb?.Keys?.pk?.S ?? '';
  const sk = r.dynamodb?.Keys?.sk?.S ?? '';
  if (sk === 'OUTBOX' && pk.startsWith(OUTBOX)) return { eventId: pk.slice(OUTBOX.length) };
  if (sk.startsWith(SMS) && pk.startsWith(CASE))
    return { eventId: sk.slice(SMS.length), caseId: pk.slice(CASE.length) };
  return undefined;
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const owed = event.Records.flatMap((r) => {
    const message = messageOf(r);
    if (!message) return [];
    // Written due a lease after its creation when owed now (writtenDue); later when owed later.
    // An item with no due instant (a text's outcome kept by the release before) owes nothing.
    const image = r.dynamodb?.NewImage;
    const created = Date.parse(image?.createdAt?.S ?? '');
    const due = Date.parse(image?.nextAttemptAt?.S ?? '');
    if (!(due <= created + PUBLISH_LEASE_MS)) return [];
    return [{ sequence: r.dynamodb?.SequenceNumber ?? '', message }];
  });
  if (owed.length === 0) return { batchItemFailures: [] };
  const failed = await sendMessages(
    'workOrders',
    owed.map((o) => o.message),
  );
  if (failed.length === 0) return { batchItemFailures: [] };
  // A stream is ordered: the event source retries from the first failure on (what follows it
  // again too — a duplicate message, claimed once).
  const first = owed[failed[0]!]!;
  logger.warn('outbox relay could not send; the batch is retried from the first unsent record', {
    unsent: failed.length,
    eventId: first.message.eventId,
  });
  return { batchItemFailures: [{ itemIdentifier: first.sequence }] };
};
