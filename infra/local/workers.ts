/**
 * The local stand-in for Lambda's SQS and DynamoDB stream event sources and the recurring
 * schedules: it runs the same worker modules (shared/workers.ts) — polling each queue and
 * handing batches to the consumer as an SQSEvent, deleting what succeeded; reading the table's
 * stream and handing the records the trigger's filter lets through as a DynamoDBStreamEvent;
 * and firing each scheduled worker on a timer. Tests turn the background loops off and call
 * `drain()` to run everything to rest.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/logger.ts';
import { type SortKeyMatch, type Worker, workers } from '../../shared/workers.ts';
import type { QueueUrls } from './emulators.ts';
import type { LocalStreamReader } from './streams.ts';

const ROOT = join(import.meta.dirname, '..', '..');

type AnyHandler = (event: unknown) => Promise<unknown>;

/** What a stream trigger's filter lets through (as the event source's filters in AWS). */
function keepFor(trigger: { sortKeys: readonly SortKeyMatch[] }): (record: DynamoDBRecord) => boolean {
  return (r) => {
    const sk = r.dynamodb?.Keys?.sk?.S;
    if (r.eventName !== 'INSERT' || sk === undefined) return false;
    return trigger.sortKeys.some((m) => ('equals' in m ? sk === m.equals : sk.startsWith(m.prefix)));
  };
}

export class LocalWorkers {
  private readonly modules = new Map<string, Promise<AnyHandler>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: QueueUrls,
    private readonly stream: LocalStreamReader,
  ) {}

  private handler(entry: string): Promise<AnyHandler> {
    let mod = this.modules.get(entry);
    if (!mod) {
      mod = import(pathToFileURL(join(ROOT, entry)).href).then((m: { handler: AnyHandler }) => m.handler);
      this.modules.set(entry, mod);
    }
    return mod;
  }

  /** Poll queues and fire schedules in the background (npm start). */
  startBackground(): void {
    for (const worker of Object.values(workers) as Worker[]) {
      if (worker.trigger.kind === 'target') continue; // fired by the local scheduler
      const every =
        worker.trigger.kind === 'schedule'
          ? worker.trigger.localEveryMs
          : worker.trigger.kind === 'stream'
            ? 200
            : 500;
      const timer = setInterval(() => {
        if (this.stopped) return;
        this.running = this.running
          .then(() => this.runOnce(worker))
          .catch((error: unknown) => logger.error('local worker failed', { worker: worker.id, error }));
      }, every);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** One turn of one worker: a scheduled run, or one batch from its queue. Returns work done. */
  async runOnce(worker: Worker): Promise<number> {
    if (worker.trigger.kind === 'target') return 0;
    const handler = await this.handler(worker.entry);
    if (worker.trigger.kind === 'schedule') {
      const result = (await handler({ source: 'local.scheduler', id: worker.id })) as
        | { sent?: number }
        | undefined;
      return result?.sent ?? 0;
    }
    if (worker.trigger.kind === 'stream') return this.runStream(handler, worker.trigger);
    const queue = worker.trigger.queue;
    const url = this.queueUrls[queue].url;
    const received = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: worker.trigger.batchSize,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return 0;
    const event: SQSEvent = {
      Records: messages.map((m) => ({
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: `local:${queue}`,
        awsRegion: 'local',
      })),
    };
    const response = (await handler(event)) as SQSBatchResponse;
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    for (const m of messages) {
      if (failed.has(m.MessageId!)) {
        // As Lambda does: the message becomes visible again and is redelivered (soon, locally).
        await this.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: 1,
          }),
        );
      } else {
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
    return messages.length;
  }

  /**
   * One batch from the table's stream, filtered as the event source's filter does (inserted items
   * under the trigger's sort key; the rest are passed over). A reported failure hands the batch
   * again from that record on, at the next turn.
   */
  private async runStream(
    handler: AnyHandler,
    trigger: { sortKeys: readonly SortKeyMatch[]; batchSize: number },
  ): Promise<number> {
    const records = await this.stream.read(trigger.batchSize, keepFor(trigger));
    if (records.length === 0) return 0;
    const response = (await handler({ Records: records })) as DynamoDBBatchResponse;
    const failedAt = response.batchItemFailures[0]?.itemIdentifier;
    if (failedAt !== undefined) {
      const from = records.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
      this.stream.retry(records.slice(Math.max(0, from)));
    }
    return records.length;
  }

  /**
   * The outbox relay's turn once the stream has caught up (tests that read the queue themselves):
   * every committed outbox record and text owed now goes onto the queue. Returns how many records
   * it took.
   */
  async relay(): Promise<number> {
    const relay = workers.outboxRelay as Worker;
    await this.stream.settle(keepFor(workers.outboxRelay.trigger));
    return this.runOnce(relay);
  }

  /** Invoke a worker directly with an input, as a Scheduler target is invoked. */
  async invoke(entry: string, input: unknown): Promise<unknown> {
    return (await this.handler(entry))(input);
  }

  /** Run schedules and queues until nothing is left to do (bounded). Tests call this. */
  async drain(maxRounds = 50): Promise<void> {
    await this.running;
    for (let round = 0; round < maxRounds; round++) {
      let work = 0;
      for (const worker of Object.values(workers) as Worker[]) work += await this.runOnce(worker);
      // At rest only once the table's stream has shown every write made so far.
      if (work === 0 && !(await this.stream.settle(keepFor(workers.outboxRelay.trigger)))) return;
    }
    throw new Error('local workers did not come to rest');
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
  }
}
