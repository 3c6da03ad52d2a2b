/**
 * DLQ replay: move messages from a queue's dead-letter queue back to the queue itself — what
 * the SQS console's "start DLQ redrive" does in the global regions, which the China regions do
 * not offer.
 *
 * Primary course, one batch of up to 10 at a time:
 *  1. Receive from the DLQ with every message attribute, hiding the batch for a while.
 *  2. Send each body with its message attributes (and X-Ray trace header) to the source queue.
 *  3. Delete from the DLQ only the messages whose send succeeded.
 * A crash between 2 and 3 leaves a message in both queues: it is delivered twice, which is
 * harmless because every consumer is idempotent (the dispatch worker claims its outbox record,
 * a report is built once and immutable, a recompute recomputes the same due times). Nothing is
 * ever deleted that was not sent. A failed send leaves the message hidden in the DLQ until its
 * visibility timeout ends, so this run does not loop on it; the next run takes it again.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  type Message,
  type MessageAttributeValue,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { deadLetterName, type QueueDefinition, queues } from '../../shared/queues.ts';

export interface ReplayOptions {
  sqs: SQSClient;
  dlqUrl: string;
  sourceUrl: string;
  /** At most this many messages (default: all there are). */
  max?: number;
  /** Read and list only; every message is made visible again at the end. */
  dryRun?: boolean;
  /** How long a received batch stays hidden from other readers (default 120 s). */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive; an empty receive ends the run (default 2 s). */
  waitTimeSeconds?: number;
}

export interface ReplayResult {
  moved: number;
  /** Sends refused: the messages stay in the DLQ. */
  failedSends: { messageId: string; reason: string }[];
  /** Sent but not deleted from the DLQ: a later replay sends them again (harmless, see above). */
  notDeleted: number;
  /** Dry run: what would be moved. */
  listed: { messageId: string; receiveCount: string; preview: string }[];
}

function copyAttributes(m: Message): Record<string, MessageAttributeValue> | undefined {
  if (!m.MessageAttributes || Object.keys(m.MessageAttributes).length === 0) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, v] of Object.entries(m.MessageAttributes)) {
    out[name] = {
      DataType: v.DataType,
      ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { BinaryValue: v.BinaryValue } : {}),
    };
  }
  return out;
}

export async function replayDeadLetters(opts: ReplayOptions): Promise<ReplayResult> {
  const { sqs } = opts;
  const result: ReplayResult = { moved: 0, failedSends: [], notDeleted: 0, listed: [] };
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const hidden: { Id: string; ReceiptHandle: string }[] = [];
  let taken = 0;
  try {
    while (taken < max) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: opts.dlqUrl,
          MaxNumberOfMessages: Math.min(10, max - taken),
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['AWSTraceHeader', 'ApproximateReceiveCount'],
          VisibilityTimeout: opts.visibilityTimeoutSeconds ?? 120,
          WaitTimeSeconds: opts.waitTimeSeconds ?? 2,
        }),
      );
      const batch = received.Messages ?? [];
      if (batch.length === 0) break;
      taken += batch.length;

      if (opts.dryRun) {
        for (const m of batch) {
          result.listed.push({
            messageId: m.MessageId ?? '',
            receiveCount: m.Attributes?.ApproximateReceiveCount ?? '',
            preview: (m.Body ?? '').slice(0, 120),
          });
          hidden.push({ Id: String(hidden.length), ReceiptHandle: m.ReceiptHandle! });
        }
        continue;
      }

      let sent: SendMessageBatchCommandOutput;
      try {
        sent = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: opts.sourceUrl,
            Entries: batch.map((m, i) => {
              const attributes = copyAttributes(m);
              const trace = m.Attributes?.AWSTraceHeader;
              return {
                Id: String(i),
                MessageBody: m.Body ?? '',
                ...(attributes ? { MessageAttributes: attributes } : {}),
                ...(trace
                  ? {
                      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } },
                    }
                  : {}),
              };
            }),
          }),
        );
      } catch (error) {
        // Nothing of this batch was deleted; make it visible again so a rerun takes it at once.
        hidden.push(...batch.map((m, i) => ({ Id: `s${i}`, ReceiptHandle: m.ReceiptHandle! })));
        throw error;
      }
      for (const f of sent.Failed ?? []) {
        result.failedSends.push({
          messageId: batch[Number(f.Id)]?.MessageId ?? f.Id ?? '',
          reason: `${f.Code ?? ''} ${f.Message ?? ''}`.trim(),
        });
      }
      const toDelete = (sent.Successful ?? []).map((s) => ({
        Id: s.Id ?? '',
        ReceiptHandle: batch[Number(s.Id)]!.ReceiptHandle!,
      }));
      if (toDelete.length === 0) continue;
      result.moved += toDelete.length;
      try {
        const deleted = await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: opts.dlqUrl, Entries: toDelete }),
        );
        result.notDeleted += deleted.Failed?.length ?? 0;
      } catch {
        result.notDeleted += toDelete.length;
      }
    }
  } finally {
    await showAgain(sqs, opts.dlqUrl, hidden);
  }
  return result;
}

/** Visibility back to 0 for what a dry run (or a failed send) held hidden; best effort. */
async function showAgain(sqs: SQSClient, queueUrl: string, entries: { Id: string; ReceiptHandle: string }[]) {
  for (let i = 0; i < entries.length; i += 10) {
    const chunk = entries
      .slice(i, i + 10)
      .map((e, j) => ({ Id: String(j), ReceiptHandle: e.ReceiptHandle, VisibilityTimeout: 0 }));
    await sqs
      .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: chunk }))
      .catch(() => undefined);
  }
}

/** `work-orders` or `workOrders` → its declaration in shared/queues.ts. */
export function queueDefinition(name: string): QueueDefinition | undefined {
  return Object.entries(queues).find(([key, q]) => key === name || q.id === name)?.[1];
}

/** `work-orders` → `WorkOrders`: the construct id CDK gives the queue (infra/stacks/stateful-stack.ts). */
export function constructIdOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

export interface QueuePair {
  sourceUrl: string;
  dlqUrl: string;
}

/**
 * The queue and its DLQ. Local (the emulator): the names of shared/queues.ts behind a prefix.
 * Deployed: CloudFormation names the queues `<stack>-<construct id><hash>-<suffix>`, so every
 * queue whose name starts with `namePrefix` (`Bancheng-prod-`) and contains the construct id is
 * a candidate, and the pair is the one whose redrive policy points from one to the other — the
 * same link SQS itself follows, so no name guess can pair the wrong queues.
 */
export async function findQueuePair(
  sqs: SQSClient,
  definition: QueueDefinition,
  where: { localPrefix: string } | { namePrefix: string },
): Promise<QueuePair> {
  if ('localPrefix' in where) {
    const url = async (name: string) => {
      try {
        return (await sqs.send(new GetQueueUrlCommand({ QueueName: `${where.localPrefix}${name}` })))
          .QueueUrl!;
      } catch (error) {
        if (error instanceof QueueDoesNotExist || (error as Error).name?.includes('NonExistentQueue'))
          throw new Error(`队列 ${where.localPrefix}${name} 不存在（本地栈是否在运行？--prefix 是否正确？）`);
        throw error;
      }
    };
    return { sourceUrl: await url(definition.id), dlqUrl: await url(deadLetterName(definition)) };
  }
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: where.namePrefix, NextToken, MaxResults: 1000 }),
    );
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const id = constructIdOf(definition.id);
  const candidates = urls.filter((u) => (u.split('/').pop() ?? '').includes(id));
  const described = await Promise.all(
    candidates.map(async (url) => {
      const attrs = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'RedrivePolicy'] }),
      );
      const redrive = attrs.Attributes?.RedrivePolicy
        ? (JSON.parse(attrs.Attributes.RedrivePolicy) as { deadLetterTargetArn?: string })
        : undefined;
      return { url, arn: attrs.Attributes?.QueueArn, target: redrive?.deadLetterTargetArn };
    }),
  );
  const pairs = described.flatMap((source) => {
    const dlq = described.find((d) => d.arn !== undefined && d.arn === source.target);
    return dlq ? [{ sourceUrl: source.url, dlqUrl: dlq.url }] : [];
  });
  if (pairs.length !== 1) {
    throw new Error(
      `在名称以 ${where.namePrefix} 开头的队列中找到 ${pairs.length} 对含 ${id} 的“队列 → 死信队列”：请用 --source-url 和 --dlq-url 直接给出`,
    );
  }
  return pairs[0]!;
}
