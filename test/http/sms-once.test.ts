/**
 * A text message is not doubled by a crash: a worker that dies after the provider accepted the
 * message and before the send was recorded leaves the record claimed; SQS redelivers the same
 * queue message and the second worker resolves the interrupted send by the documented rule
 * (shared/use-cases/sms.ts) instead of calling the provider again — one SMS file, not two. The
 * worker dies either inside the provider call or after the provider answered, on its way to
 * keeping the outcome (the Put of the text's record never reaches the table).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localSqsClient } from '../../infra/local/emulators.ts';
import { readSmsFiles } from '../../infra/local/front.ts';
import { meterCapacity } from '../../scripts/lib/capacity.ts';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { getOutbox, putOutbox } from '../../shared/adapters/outbox-store.ts';
import {
  FileSmsSender,
  SmsSendError,
  type SmsSender,
  useSmsSender,
} from '../../shared/adapters/sms-sender.ts';
import { queues } from '../../shared/queues.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';
const PHONE = '13812345678';
const smsDir = mkdtempSync(join(tmpdir(), 'bancheng-sms-once-'));
const files = new FileSmsSender(smsDir);
let stack: TestStack;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack({ now: START, smsDir });
  await setUpCentre(stack, TENANT);
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
});
afterAll(async () => {
  useSmsSender(undefined);
  await stack.close();
});

const sqs = () => localSqsClient(inject('sqsEndpoint'));
const queueUrl = () => process.env[queues.workOrders.envVar]!;

/** One receive of the work-order queue, as Lambda's event source does it (after the relay's turn). */
async function receiveOne(): Promise<Message> {
  await stack.workers.relay();
  const out = await sqs().send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl(),
      MaxNumberOfMessages: 1,
      VisibilityTimeout: queues.workOrders.visibilityTimeoutSeconds,
    }),
  );
  const message = out.Messages?.[0];
  if (!message) throw new Error('no message on the work-order queue');
  return message;
}

async function consume(message: Message): Promise<SQSBatchResponse> {
  const { handler } = await import('../../functions/workers/dispatch.ts');
  const event = {
    Records: [
      {
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body ?? '',
        attributes: {},
        messageAttributes: {},
        md5OfBody: message.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'local:work-orders',
        awsRegion: 'local',
      },
    ],
  } as unknown as SQSEvent;
  return handler(event);
}

/** A provider that accepts the message (the file is written) and then the worker dies: it never returns. */
function crashingAfterSend(opts: { canTell: boolean }): { sender: SmsSender; sent: Promise<void> } {
  let accepted!: () => void;
  const sent = new Promise<void>((resolve) => {
    accepted = resolve;
  });
  const sender: SmsSender = {
    async send(m) {
      await files.send(m);
      accepted();
      return new Promise(() => undefined);
    },
    ...(opts.canTell ? { find: (id: string) => files.find(id) } : {}),
  };
  return { sender, sent };
}

/**
 * A provider that accepts and answers; the worker then dies keeping the outcome: the Put of the
 * text's record (`SMS#…`) never reaches the table and never returns.
 */
function crashingAfterAnswer(opts: { canTell: boolean }): { sender: SmsSender; sent: Promise<void> } {
  let reached!: () => void;
  const sent = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const name = 'dieBeforeTheSmsRecord';
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Item?: { sk?: unknown } };
      if (context.commandName === 'PutItemCommand' && String(input.Item?.sk).startsWith('SMS#')) {
        documentClient().middlewareStack.remove(name);
        reached();
        return new Promise(() => undefined);
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  const sender: SmsSender = {
    send: (m) => files.send(m),
    ...(opts.canTell ? { find: (id: string) => files.find(id) } : {}),
  };
  return { sender, sent };
}

/** Every write command sent to the table while `act` runs. */
async function writesDuring(act: () => Promise<unknown>): Promise<string[]> {
  const writes: string[] = [];
  const stop = meterCapacity((use) => {
    if (use.write) writes.push(use.command);
  });
  try {
    await act();
    return writes;
  } finally {
    stop();
  }
}

async function intakeText(caseNumber: string) {
  return (await readSmsFiles(smsDir)).filter((m) => m.params[0] === caseNumber);
}

/** The case's text-message records (GET /cases/{id}/sms) — and that none went on its audit trail. */
async function smsRecords(caseId: string) {
  const events = await stack.call('GET', `/cases/${caseId}/events`, { token: staff });
  expect(events.body.items.filter((e: { action: string }) => e.action.startsWith('sms.'))).toEqual([]);
  const records = await stack.call('GET', `/cases/${caseId}/sms`, { token: staff });
  expect(records.status).toBe(200);
  return records.body.items;
}

/** Register a case (it owes the intake text), crash its first send, and redeliver the message. */
async function crashThenRedeliver(opts: { canTell: boolean; dies?: 'in the call' | 'after the answer' }) {
  const c = await stack.call('POST', '/cases', {
    token: staff,
    body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
  });
  expect(c.status).toBe(201);
  const first = await receiveOne();
  const crash = opts.dies === 'after the answer' ? crashingAfterAnswer(opts) : crashingAfterSend(opts);
  useSmsSender(crash.sender);
  void consume(first);
  await crash.sent;
  expect(await intakeText(c.body.number)).toHaveLength(1);

  // The worker is gone: its claim runs out, and SQS makes the same message visible again.
  await stack.clock.advanceBy(3 * 60_000);
  await sqs().send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl(),
      ReceiptHandle: first.ReceiptHandle!,
      VisibilityTimeout: 0,
    }),
  );
  useSmsSender(opts.canTell ? files : { send: (m) => files.send(m) });
  const again = await receiveOne();
  expect(again.MessageId).toBe(first.MessageId);
  const answer = await consume(again);
  await sqs().send(new DeleteMessageCommand({ QueueUrl: queueUrl(), ReceiptHandle: again.ReceiptHandle! }));
  return { c: c.body as { id: string; number: string }, answer };
}

describe('a text message survives a crash between sent and recorded without being doubled', () => {
  it('redelivered, the send is found among the sent messages and recorded once: one SMS file', async () => {
    // Prepare + Act
    const { c, answer } = await crashThenRedeliver({ canTell: true });
    await stack.drain();

    // Assert
    expect(answer.batchItemFailures).toEqual([]);
    const texts = await intakeText(c.number);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to: PHONE, template: 'intake' });
    const records = await smsRecords(c.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      outcome: 'sent',
      template: 'intake',
      to: '138****5678',
      recovered: true,
    });
  });

  it('redelivered where the provider cannot be asked, the send is marked unconfirmed and not repeated: one SMS file', async () => {
    // Prepare + Act
    const { c, answer } = await crashThenRedeliver({ canTell: false });
    await stack.drain();
    await stack.clock.advanceBy(24 * 3600_000);
    await stack.drain();

    // Assert
    expect(answer.batchItemFailures).toEqual([]);
    expect(await intakeText(c.number)).toHaveLength(1);
    const records = await smsRecords(c.id);
    expect(records.map((r: { outcome: string }) => r.outcome)).toEqual(['unconfirmed']);
    expect(records[0]).toMatchObject({ template: 'intake', to: '138****5678' });
  });

  it('the provider answered and the worker died before keeping the outcome: redelivered, a sender that can tell recovers it as sent with its reference', async () => {
    // Prepare + Act
    const { c, answer } = await crashThenRedeliver({ canTell: true, dies: 'after the answer' });
    await stack.drain();

    // Assert
    expect(answer.batchItemFailures).toEqual([]);
    const texts = await intakeText(c.number);
    expect(texts).toHaveLength(1);
    const [record] = await smsRecords(c.id);
    expect(record).toMatchObject({ outcome: 'sent', recovered: true, template: 'intake' });
    expect(record.reference).toBe((await files.find(record.eventId))?.reference);
  });

  it('the provider answered and the worker died before keeping the outcome: redelivered, a sender that cannot be asked (Tencent) leaves it unconfirmed, never resent', async () => {
    // Prepare + Act
    const { c, answer } = await crashThenRedeliver({ canTell: false, dies: 'after the answer' });
    await stack.drain();
    await stack.clock.advanceBy(24 * 3600_000);
    await stack.drain();

    // Assert: the provider's answer was not written down anywhere before the crash
    expect(answer.batchItemFailures).toEqual([]);
    expect(await intakeText(c.number)).toHaveLength(1);
    const records = await smsRecords(c.id);
    expect(records.map((r: { outcome: string }) => r.outcome)).toEqual(['unconfirmed']);
    expect(records[0].reference).toBeUndefined();
  });

  it('one text sent costs three writes: the claim, the record beside the case, the outbox delete', async () => {
    // Prepare
    useSmsSender(files);
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
    });
    const message = await receiveOne();

    // Act
    const writes = await writesDuring(() => consume(message));
    await sqs().send(
      new DeleteMessageCommand({ QueueUrl: queueUrl(), ReceiptHandle: message.ReceiptHandle! }),
    );

    // Assert
    expect(writes).toEqual(['UpdateItemCommand', 'PutItemCommand', 'DeleteItemCommand']);
    expect(await intakeText(c.body.number)).toHaveLength(1);
    expect((await smsRecords(c.body.id))[0]).toMatchObject({ outcome: 'sent', attempts: 1 });
  });

  it('redelivered after a send that was recorded, nothing more is sent', async () => {
    // Prepare
    useSmsSender(files);
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
    });
    const first = await receiveOne();
    await consume(first);

    // Act: SQS delivers the same message once more (at-least-once delivery).
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl(),
        ReceiptHandle: first.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    );
    const again = await receiveOne();
    const answer = await consume(again);

    // Assert
    expect(again.MessageId).toBe(first.MessageId);
    expect(answer.batchItemFailures).toEqual([]);
    expect(await intakeText(c.body.number)).toHaveLength(1);
    expect((await smsRecords(c.body.id)).map((r: { outcome: string }) => r.outcome)).toEqual(['sent']);
  });

  it('a worker that kept the outcome and died before dropping the outbox record: the next claim drops it and sends nothing', async () => {
    // Prepare: the provider refuses the intake text for good; the outcome is kept as failed
    useSmsSender({
      async send() {
        throw new SmsSendError('短信发送失败：FailedOperation.PhoneNumberInBlacklist', false);
      },
    });
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
    });
    const first = await receiveOne();
    const { eventId } = JSON.parse(first.Body ?? '{}') as { eventId: string };
    const owed = await getOutbox(eventId);
    expect(owed).toBeDefined();
    await consume(first);
    expect(await getOutbox(eventId)).toBeUndefined();
    // … then the outbox record as that worker would have left it had it died after keeping
    // the outcome: claimed (the claim since run out) and marked sending.
    await documentClient().send(new TransactWriteCommand({ TransactItems: [putOutbox(owed!)] }));
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: process.env.TABLE_NAME!,
              Key: { pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' },
              UpdateExpression: 'SET sendingSince = :at',
              ExpressionAttributeValues: { ':at': new Date(START).toISOString() },
            },
          },
        ],
      }),
    );

    // Act: SQS delivers the message once more, to a provider that would now accept it
    useSmsSender(files);
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl(),
        ReceiptHandle: first.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    );
    const again = await receiveOne();
    const answer = await consume(again);

    // Assert
    expect(answer.batchItemFailures).toEqual([]);
    expect(await intakeText(c.body.number)).toEqual([]);
    expect(await getOutbox(eventId)).toBeUndefined();
    expect((await smsRecords(c.body.id)).map((r: { outcome: string }) => r.outcome)).toEqual(['failed']);
  });
});
