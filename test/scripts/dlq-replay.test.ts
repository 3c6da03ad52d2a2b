/**
 * `npm run dlq:replay`: messages go from a dead-letter queue back to its queue on the SQS
 * emulator (fauxqs) with their bodies and attributes; nothing leaves the DLQ unless it was sent.
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createQueues, localSqsClient, type QueueUrls } from '../../infra/local/emulators.ts';
import { findQueuePair, replayDeadLetters } from '../../scripts/dlq/replay.ts';
import { queues } from '../../shared/queues.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let sqs: SQSClient;

beforeAll(() => {
  sqs = localSqsClient(inject('sqsEndpoint'));
});
afterAll(() => sqs.destroy());

async function freshQueues(): Promise<{ prefix: string; urls: QueueUrls }> {
  const prefix = `r${randomBytes(4).toString('hex')}-`;
  return { prefix, urls: await createQueues(sqs, prefix) };
}

async function putDeadLetters(dlqUrl: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: JSON.stringify({ eventId: `evt_${i}`, tenantId: '510104022' }),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'work_order.created' },
          attempt: { DataType: 'Number', StringValue: String(i + 1) },
          digest: { DataType: 'Binary', BinaryValue: new Uint8Array([i, 1, 2]) },
        },
      }),
    );
  }
}

/** Everything a queue holds now (received once each, hidden for a minute). */
async function drain(url: string) {
  const all = [];
  for (;;) {
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (!r.Messages?.length) return all;
    all.push(...r.Messages);
  }
}

async function depth(url: string): Promise<number> {
  const a = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(a.Attributes?.ApproximateNumberOfMessages) +
    Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

describe('DLQ replay', () => {
  it('moves every message back with its body and attributes and empties the DLQ', async () => {
    // Prepare
    const { urls } = await freshQueues();
    await putDeadLetters(urls.workOrders.dlqUrl, 13);
    // Act
    const result = await replayDeadLetters({ sqs, ...pair(urls), waitTimeSeconds: 0 });
    // Assert
    expect(result).toMatchObject({ moved: 13, failedSends: [], notDeleted: 0 });
    expect(await depth(urls.workOrders.dlqUrl)).toBe(0);
    const back = await drain(urls.workOrders.url);
    expect(back.map((m) => JSON.parse(m.Body!).eventId).sort()).toEqual(
      Array.from({ length: 13 }, (_, i) => `evt_${i}`).sort(),
    );
    const third = back.find((m) => JSON.parse(m.Body!).eventId === 'evt_2')!;
    expect(third.MessageAttributes?.kind).toMatchObject({
      DataType: 'String',
      StringValue: 'work_order.created',
    });
    expect(third.MessageAttributes?.attempt).toMatchObject({ DataType: 'Number', StringValue: '3' });
    expect([...(third.MessageAttributes?.digest?.BinaryValue ?? [])]).toEqual([2, 1, 2]);
  });

  it('moves no more than --max', async () => {
    // Prepare
    const { urls } = await freshQueues();
    await putDeadLetters(urls.reports.dlqUrl, 5);
    // Act
    const result = await replayDeadLetters({
      sqs,
      sourceUrl: urls.reports.url,
      dlqUrl: urls.reports.dlqUrl,
      max: 2,
      waitTimeSeconds: 0,
    });
    // Assert
    expect(result.moved).toBe(2);
    expect((await drain(urls.reports.url)).length).toBe(2);
    expect((await drain(urls.reports.dlqUrl)).length).toBe(3);
  });

  it('a dry run lists the messages, moves none and leaves them visible in the DLQ', async () => {
    // Prepare
    const { urls } = await freshQueues();
    await putDeadLetters(urls.workOrders.dlqUrl, 3);
    // Act
    const result = await replayDeadLetters({ sqs, ...pair(urls), dryRun: true, waitTimeSeconds: 0 });
    // Assert
    expect(result.moved).toBe(0);
    expect(result.listed).toHaveLength(3);
    expect(result.listed[0]!.preview).toContain('evt_');
    expect(await depth(urls.workOrders.url)).toBe(0);
    expect((await drain(urls.workOrders.dlqUrl)).length).toBe(3);
  });

  it('keeps in the DLQ a message whose send was refused and deletes only the ones sent', async () => {
    // Prepare: the second entry of each batch is refused (SQS answers per entry; the emulator never does)
    const { urls } = await freshQueues();
    await putDeadLetters(urls.workOrders.dlqUrl, 3);
    const refusing = withSendBatch(sqs, (entries) => ({
      keep: entries.filter((e) => e.Id !== '1'),
      refused: ['1'],
    }));
    // Act
    const result = await replayDeadLetters({
      sqs: refusing,
      ...pair(urls),
      waitTimeSeconds: 0,
      visibilityTimeoutSeconds: 1,
    });
    // Assert
    expect(result.moved).toBe(2);
    expect(result.failedSends).toHaveLength(1);
    expect((await drain(urls.workOrders.url)).length).toBe(2);
    await new Promise((r) => setTimeout(r, 1_500));
    const left = await drain(urls.workOrders.dlqUrl);
    expect(left.map((m) => m.MessageId)).toEqual([result.failedSends[0]!.messageId]);
  });

  it('loses nothing when the send fails outright: every message is still in the DLQ, visible at once', async () => {
    // Prepare
    const { urls } = await freshQueues();
    await putDeadLetters(urls.workOrders.dlqUrl, 4);
    const broken = withSendBatch(sqs, () => {
      throw new Error('connection reset');
    });
    // Act
    const run = replayDeadLetters({ sqs: broken, ...pair(urls), waitTimeSeconds: 0 });
    // Assert
    await expect(run).rejects.toThrow('connection reset');
    expect(await depth(urls.workOrders.url)).toBe(0);
    expect((await drain(urls.workOrders.dlqUrl)).length).toBe(4);
  });

  it('finds a deployed pair by the redrive policy among CloudFormation-named queues', async () => {
    // Prepare: names as CloudFormation writes them, plus the other queue whose name also matches
    const stackPrefix = `Bancheng-t${randomBytes(3).toString('hex')}-`;
    const cfnPair = async (constructId: string) => {
      const dlqUrl = await createQueue(`${stackPrefix}Stateful-${constructId}Dlq3F1A2B-Q8xk2`);
      const arn = (
        await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
      ).Attributes!.QueueArn!;
      const sourceUrl = await createQueue(`${stackPrefix}Stateful-${constructId}9C0D1E-Zp3m`, {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 }),
      });
      return { sourceUrl, dlqUrl };
    };
    const wanted = await cfnPair('CalendarRecompute');
    await cfnPair('WorkOrders');
    await createQueue(`${stackPrefix}Stateful-SchedulerDeadLetterQueue77AB-Kk1`);
    // Act
    const found = await findQueuePair(sqs, queues.calendarRecompute, { namePrefix: stackPrefix });
    // Assert: its own queue and its own DLQ, told apart by the redrive policy
    expect(found).toEqual(wanted);
  });

  it('the CLI moves the messages of a local queue and says how many', async () => {
    // Prepare
    const { prefix, urls } = await freshQueues();
    await putDeadLetters(urls.workOrders.dlqUrl, 2);
    // Act
    const run = await runCli([
      '--queue',
      'work-orders',
      '--endpoint',
      inject('sqsEndpoint'),
      '--prefix',
      prefix,
    ]);
    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('已移回 2 条');
    expect(await depth(urls.workOrders.dlqUrl)).toBe(0);
  });
});

async function createQueue(name: string, Attributes?: Record<string, string>): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, ...(Attributes ? { Attributes } : {}) })))
    .QueueUrl!;
}

function pair(urls: QueueUrls) {
  return { sourceUrl: urls.workOrders.url, dlqUrl: urls.workOrders.dlqUrl };
}

type Entry = { Id?: string | undefined };

/** The real client, with SendMessageBatch answered per entry as SQS may (refusals), or failing. */
function withSendBatch(
  real: SQSClient,
  decide: (entries: Entry[]) => { keep: Entry[]; refused: string[] },
): SQSClient {
  return {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) return real.send(command as never);
      const { keep, refused } = decide(command.input.Entries ?? []);
      const out = await real.send(new SendMessageBatchCommand({ ...command.input, Entries: keep as never }));
      return {
        ...out,
        Failed: [
          ...(out.Failed ?? []),
          ...refused.map((Id) => ({ Id, Code: 'InternalError', SenderFault: false, Message: 'refused' })),
        ],
      };
    },
  } as unknown as SQSClient;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dlq-replay.ts', ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
