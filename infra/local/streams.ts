/**
 * The local stand-in for Lambda's DynamoDB stream event source: reads the DynamoDB Local
 * table's stream (DynamoDB Streams API on the same endpoint: DescribeStream, GetShardIterator,
 * GetRecords), shard by shard, from the moment the stack started. Records come out in the shape
 * Lambda hands a stream-triggered function (`DynamoDBRecord`). A batch the function reports
 * failed is handed again from its first failed record, as Lambda does.
 *
 * Called through the streams API's JSON protocol with the project's one signed-call helper
 * (shared/adapters/aws-json.ts) and the local credentials: the SDK's streams client would be a
 * second copy of the SDK core at another version, for a development-only poller.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { AwsCallError, awsJsonCall } from '../../shared/adapters/aws-json.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators.ts';

/** The key of the item `settle` writes to find the stream's end (local only, never in AWS). */
const MARK_PK = 'LOCAL#STREAM';

interface Shard {
  ShardId: string;
  ParentShardId?: string;
  SequenceNumberRange?: { StartingSequenceNumber?: string; EndingSequenceNumber?: string };
}

interface ShardState {
  iterator?: string;
  /** The last sequence number handed out: where an expired iterator starts again. */
  after?: string;
  closed: boolean;
}

export class LocalStreamReader {
  private streamArn: string | undefined;
  private readonly shards = new Map<string, ShardState>();
  /** Records read but not yet handled (a failed batch's rest, or more than one batch read). */
  private pending: DynamoDBRecord[] = [];
  private marks = 0;
  /** The newest marker the stream has shown (`settle`), whoever's read met it. */
  private seenMark = 0;
  /** One read of the shards at a time: two on one iterator would hand out records twice or lose a marker. */
  private polling: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly endpoint: string,
    private readonly tableName: string,
  ) {}

  /** Start reading at the stream's current end: what is written from now on. */
  async start(): Promise<void> {
    const table = await this.call<{ Table?: { LatestStreamArn?: string } }>(
      'DescribeTable',
      { TableName: this.tableName },
      'DynamoDB_20120810',
    );
    this.streamArn = table.Table?.LatestStreamArn;
    if (!this.streamArn) throw new Error(`table ${this.tableName} has no stream`);
    for (const shard of await this.describe()) {
      const closed = Boolean(shard.SequenceNumberRange?.EndingSequenceNumber);
      this.shards.set(shard.ShardId, {
        closed,
        ...(closed ? {} : { iterator: await this.iterator(shard.ShardId, 'LATEST') }),
      });
    }
  }

  /**
   * Up to `limit` of the records `keep` lets through (the event source's filter), oldest first;
   * an empty list when nothing new was written. The rest are passed over, as Lambda's filter does.
   */
  async read(limit: number, keep: (record: DynamoDBRecord) => boolean): Promise<DynamoDBRecord[]> {
    while (this.pending.length < limit) {
      const polled = await this.poll();
      if (polled.length === 0) break;
      this.pending.push(...polled.filter(keep));
    }
    return this.pending.splice(0, limit);
  }

  /**
   * Wait until the stream has caught up with every write made before this call: DynamoDB Local,
   * busy, can show a record a moment after the write that made it returned. A marker item is
   * written and the stream read until the marker shows; what the filter keeps on the way is
   * pending for the next `read`. Answers whether anything is pending.
   */
  async settle(keep: (record: DynamoDBRecord) => boolean): Promise<boolean> {
    const mark = ++this.marks;
    await this.call(
      'PutItem',
      {
        TableName: this.tableName,
        Item: { pk: { S: MARK_PK }, sk: { S: 'MARK' }, mark: { N: String(mark) } },
      },
      'DynamoDB_20120810',
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const polled = await this.poll();
      this.pending.push(...polled.filter(keep));
      if (this.seenMark >= mark) return this.pending.length > 0;
      if (Date.now() > deadline) throw new Error('the local table stream did not catch up within 20 s');
      if (polled.length === 0) await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Hand these records again, ahead of anything newer (a batch failed from the first of them). */
  retry(records: readonly DynamoDBRecord[]): void {
    this.pending.unshift(...records);
  }

  /** What the shards hold since the last read, markers taken out (and noted). */
  private poll(): Promise<DynamoDBRecord[]> {
    const next = this.polling.then(() => this.readShards());
    this.polling = next.catch(() => undefined);
    return next.then((records) =>
      records.filter((r) => {
        if (r.dynamodb?.Keys?.pk?.S !== MARK_PK) return true;
        this.seenMark = Math.max(this.seenMark, Number(r.dynamodb?.NewImage?.mark?.N ?? 0));
        return false;
      }),
    );
  }

  private async readShards(): Promise<DynamoDBRecord[]> {
    if (!this.streamArn) return [];
    // Shards born since (DynamoDB rolls them over) are read from their start.
    for (const shard of await this.describe()) {
      if (this.shards.has(shard.ShardId)) continue;
      this.shards.set(shard.ShardId, {
        closed: false,
        iterator: await this.iterator(shard.ShardId, 'TRIM_HORIZON'),
      });
    }
    const out: DynamoDBRecord[] = [];
    for (const [shardId, state] of this.shards) {
      if (state.closed) continue;
      let page: { Records?: DynamoDBRecord[]; NextShardIterator?: string };
      try {
        page = await this.call('GetRecords', { ShardIterator: state.iterator, Limit: 1000 });
      } catch (error) {
        const type = error instanceof AwsCallError ? error.type : '';
        if (type === 'ExpiredIteratorException') {
          state.iterator = state.after
            ? await this.iterator(shardId, 'AFTER_SEQUENCE_NUMBER', state.after)
            : await this.iterator(shardId, 'LATEST');
          continue;
        }
        // DynamoDB Local, busy, sometimes answers that the iterator points before the shard's
        // oldest record: read on from the oldest one (a record relayed twice is claimed once).
        if (type === 'TrimmedDataAccessException') {
          state.iterator = await this.iterator(shardId, 'TRIM_HORIZON');
          continue;
        }
        throw error;
      }
      const records = page.Records ?? [];
      out.push(...records.map((r) => ({ ...r, eventSourceARN: this.streamArn! })));
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) state.after = last;
      if (page.NextShardIterator) state.iterator = page.NextShardIterator;
      else state.closed = true;
    }
    return out;
  }

  private async describe(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.call<{
        StreamDescription: { Shards?: Shard[]; LastEvaluatedShardId?: string };
      }>('DescribeStream', { StreamArn: this.streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) });
      shards.push(...(out.StreamDescription.Shards ?? []));
      start = out.StreamDescription.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async iterator(
    shardId: string,
    type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER',
    sequence?: string,
  ): Promise<string> {
    const out = await this.call<{ ShardIterator: string }>('GetShardIterator', {
      StreamArn: this.streamArn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(sequence ? { SequenceNumber: sequence } : {}),
    });
    return out.ShardIterator;
  }

  private call<T>(action: string, input: unknown, api = 'DynamoDBStreams_20120810'): Promise<T> {
    return awsJsonCall<T>({
      service: 'dynamodb',
      endpointId: 'DYNAMODB',
      target: `${api}.${action}`,
      input,
      jsonVersion: '1.0',
      credentials: LOCAL_CREDENTIALS,
      env: { AWS_REGION: LOCAL_REGION, AWS_ENDPOINT_URL_DYNAMODB: this.endpoint },
    });
  }
}
