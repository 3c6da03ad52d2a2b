/**
 * A text message is not doubled by a crash: a worker that dies after the provider accepted the
 * message and before the send was recorded leaves the text's record claimed; SQS redelivers the
 * same queue message and the second worker resolves the interrupted send by the documented rule
 * (shared/use-cases/sms.ts) instead of calling the provider again — one SMS file, not two. The
 * worker dies either inside the provider call or after the provider answered, on its way to
 * keeping the outcome (the settling update of the text's record never reaches the table). And
 * what one text costs: its Put in the owing transaction, the claim, one settling update.
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
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localSqsClient } from '../../infra/local/emulators.ts';
import { readSmsFiles } from '../../infra/local/front.ts';
import { meterCapacity } from '../../scripts/lib/capacity.ts';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { newId } from '../../shared/adapters/ids.ts';
import { setLogSink } from '../../shared/adapters/logger.ts';
import { getOutbox, putOutbox } from '../../shared/adapters/outbox-store.ts';
import {
  FileSmsSender,
  SmsSendError,
  type SmsSender,
  useSmsSender,
} from '../../shared/adapters/sms-sender.ts';
import { smsText } from '../../shared/domain/sms.ts';
import { queues } from '../../shared/queues.ts';
import { keys, table } from '../../shared/table.ts';
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
 * A provider that accepts and answers; the worker then dies keeping the outcome: the settling
 * update of the text's record (`SMS#…`) never reaches the table and never returns.
 */
function crashingAfterAnswer(opts: { canTell: boolean }): { sender: SmsSender; sent: Promise<void> } {
  let reached!: () => void;
  const sent = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const name = 'dieBeforeTheSmsRecord';
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: { sk?: unknown }; UpdateExpression?: string };
      const settling =
        context.commandName === 'UpdateItemCommand' &&
        String(input.Key?.sk).startsWith('SMS#') &&
        /REMOVE payload\b/.test(input.UpdateExpression ?? '');
      if (settling) {
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

interface Write {
  command: string;
  /** Units on the byDue index. */
  byDue: number;
}

/** Every write command sent to the table while `act` runs, with its units on the byDue index. */
async function writesDuring(act: () => Promise<unknown>): Promise<Write[]> {
  const writes: Write[] = [];
  const stop = meterCapacity((use) => {
    if (use.write) writes.push({ command: use.command, byDue: use.indexes[table.indexes.byDue.name] ?? 0 });
  });
  try {
    await act();
    return writes;
  } finally {
    stop();
  }
}

/** The keys of the items each transaction sent while `act` runs wrote (Put, Update, Delete, check). */
async function transactionsDuring(
  act: () => Promise<unknown>,
): Promise<{ pk: string; sk: string; op: string }[][]> {
  const seen: { pk: string; sk: string; op: string }[][] = [];
  const name = 'transactionsDuring';
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        const items = (args.input as { TransactItems: Record<string, { Item?: Key; Key?: Key }>[] })
          .TransactItems;
        seen.push(
          items.map((t) => {
            const [op, body] = Object.entries(t)[0]!;
            const key = body.Item ?? body.Key ?? {};
            return { op, pk: String(key.pk), sk: String(key.sk) };
          }),
        );
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await act();
    return seen;
  } finally {
    documentClient().middlewareStack.remove(name);
  }
}
type Key = { pk?: unknown; sk?: unknown };

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

  it('one text costs one Put in the owing transaction, then the claim and one settling UpdateItem: nothing else is written', async () => {
    // Prepare
    useSmsSender(files);

    // Act
    let created: { id: string; number: string } | undefined;
    const owing = await transactionsDuring(async () => {
      created = (
        await stack.call('POST', '/cases', {
          token: staff,
          body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
        })
      ).body;
    });
    const c = created!;
    const message = await receiveOne();
    const writes = await writesDuring(() => consume(message));
    await sqs().send(
      new DeleteMessageCommand({ QueueUrl: queueUrl(), ReceiptHandle: message.ReceiptHandle! }),
    );

    // Assert: the intake's transaction Puts the text's record and writes no outbox record…
    const items = owing.flat();
    expect(items.filter((i) => i.sk.startsWith('SMS#'))).toEqual([
      { op: 'Put', pk: keys.case(c.id).pk, sk: expect.stringMatching(/^SMS#sms_/) },
    ]);
    expect(items.filter((i) => i.pk.startsWith('OUTBOX#'))).toEqual([]);
    expect(JSON.parse(message.Body ?? '{}')).toEqual({
      eventId: items.find((i) => i.sk.startsWith('SMS#'))!.sk.slice(4),
      caseId: c.id,
    });
    // …and the worker writes the claim (the index untouched) and the settling update (the
    // text's index entry out), nothing else.
    expect(writes).toEqual([
      { command: 'UpdateItemCommand', byDue: 0 },
      { command: 'UpdateItemCommand', byDue: 1 },
    ]);
    expect(await intakeText(c.number)).toHaveLength(1);
    expect((await smsRecords(c.id))[0]).toMatchObject({ outcome: 'sent', attempts: 1 });
  });

  it('a text’s sending side — payload, real number, status token, claim and due fields — reaches no response and no log line, pending or settled', async () => {
    // Prepare: every log line, debug and up; the provider refuses once (retryable), then sends
    const lines: string[] = [];
    const previousSink = setLogSink((line) => lines.push(line));
    const previousLevel = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    let tries = 0;
    useSmsSender({
      async send(m) {
        tries++;
        if (tries === 1) throw new SmsSendError(`短信发送失败（${m.to}）：RequestLimitExceeded`, true);
        return files.send(m);
      },
    });
    const seen: unknown[] = [];
    let c: { id: string; number: string };
    try {
      // Act: owed, tried and rescheduled (pending), then sent by the sweep
      c = (
        await stack.call('POST', '/cases', {
          token: staff,
          body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
        })
      ).body;
      const first = await receiveOne();
      await consume(first);
      await sqs().send(
        new DeleteMessageCommand({ QueueUrl: queueUrl(), ReceiptHandle: first.ReceiptHandle! }),
      );
      const pending = await stack.call('GET', `/cases/${c.id}/sms`, { token: staff });
      expect(pending.body.items).toEqual([expect.objectContaining({ outcome: 'pending', attempts: 1 })]);
      seen.push(pending.body, (await stack.call('GET', `/cases/${c.id}`, { token: staff })).body.smsMessages);
      await stack.clock.advanceBy(10 * 60_000);
      await stack.drain();
      const sent = await stack.call('GET', `/cases/${c.id}/sms`, { token: staff });
      expect(sent.body.items).toEqual([expect.objectContaining({ outcome: 'sent', attempts: 2 })]);
      seen.push(sent.body, (await stack.call('GET', `/cases/${c.id}`, { token: staff })).body.smsMessages);
    } finally {
      setLogSink(previousSink);
      process.env.LOG_LEVEL = previousLevel;
      useSmsSender(files);
    }

    // Assert
    const [text] = await intakeText(c.number);
    const token = text!.params[1]!.split('/s/')[1]!;
    expect(token).toHaveLength(22);
    expect(lines.some((l) => l.includes('sms send attempt'))).toBe(true);
    for (const shown of [...seen.map((b) => JSON.stringify(b)), ...lines]) {
      expect(shown).not.toContain(PHONE);
      expect(shown).not.toContain(token);
      for (const field of [
        'payload',
        'createdAt',
        'nextAttemptAt',
        'claimedUntil',
        'sendingSince',
        'gsi2pk',
        'gsi2sk',
      ])
        expect(shown).not.toContain(`"${field}"`);
    }
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

  it('a worker whose claim ran out while the provider took its time: the next worker settles the text, and the first, answered at last, writes nothing more', async () => {
    // Prepare: the first worker's provider call hangs until released
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let called!: () => void;
    const calling = new Promise<void>((resolve) => {
      called = resolve;
    });
    useSmsSender({
      async send(m) {
        called();
        await gate;
        return files.send(m);
      },
    });
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '王芳', phone: PHONE } }),
    });
    const first = await receiveOne();
    const slow = consume(first);
    await calling;

    // Act: its claim runs out; SQS redelivers to a worker whose sender cannot be asked (Tencent)…
    await stack.clock.advanceBy(3 * 60_000);
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl(),
        ReceiptHandle: first.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    );
    useSmsSender({ send: (m) => files.send(m) });
    const again = await receiveOne();
    const answer = await consume(again);
    // …then the first worker's provider answers
    release();
    const late = await slow;
    await sqs().send(new DeleteMessageCommand({ QueueUrl: queueUrl(), ReceiptHandle: again.ReceiptHandle! }));

    // Assert: the second worker's outcome stands; the first one's settling update found it settled
    expect(answer.batchItemFailures).toEqual([]);
    expect(late.batchItemFailures).toEqual([]);
    expect(await intakeText(c.body.number)).toHaveLength(1);
    const records = await smsRecords(c.body.id);
    expect(records.map((r: { outcome: string }) => r.outcome)).toEqual(['unconfirmed']);
    expect(records[0].reference).toBeUndefined();
  });
});

/**
 * Texts owed before this release are outbox records (`OUTBOX#{eventId}`, channel `sms`), as the
 * release before wrote them; the worker that claims one moves it beside its case.
 */
describe('a text owed before its record became its outbox', () => {
  /** A case that owes no text of its own (a landline), and an intake text owed to PHONE the old way. */
  async function legacyText(opts: { sendingSince?: string } = {}) {
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '王芳', phone: '028-85551234' } }),
    });
    expect(c.status).toBe(201);
    const params = [c.body.number as string, `${stack.url}/s/AbCdEfGhIjKlMnOpQrStUv`];
    const payload = { to: PHONE, template: 'intake' as const, params, text: smsText('intake', params) };
    const eventId = newId('sms');
    const now = stack.clock.now().toISOString();
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          putOutbox({
            eventId,
            eventType: 'sms.intake',
            workOrderId: '',
            caseId: c.body.id,
            tenantId: TENANT,
            departmentId: '',
            channel: 'sms',
            payload: JSON.stringify(payload),
            attempts: 0,
            createdAt: now,
            nextAttemptAt: now,
            ...(opts.sendingSince ? { sendingSince: opts.sendingSince } : {}),
          }),
        ],
      }),
    );
    return { c: c.body as { id: string; number: string }, eventId, payload };
  }

  /** Receive, hand to the consumer, and delete one message. */
  async function consumeNext() {
    const message = await receiveOne();
    const answer = await consume(message);
    await sqs().send(
      new DeleteMessageCommand({ QueueUrl: queueUrl(), ReceiptHandle: message.ReceiptHandle! }),
    );
    expect(answer.batchItemFailures).toEqual([]);
    return JSON.parse(message.Body ?? '{}') as { eventId: string; caseId?: string };
  }

  it('is moved beside its case by the worker that claims it, relayed from there and sent once', async () => {
    // Prepare
    useSmsSender(files);
    const { c, eventId } = await legacyText();

    // Act
    const moving = await consumeNext();
    const pending = await smsRecords(c.id);
    const sending = await consumeNext();

    // Assert
    expect(moving).toEqual({ eventId });
    expect(pending).toEqual([expect.objectContaining({ eventId, outcome: 'pending', to: '138****5678' })]);
    expect(sending).toEqual({ eventId, caseId: c.id });
    expect(await getOutbox(eventId)).toBeUndefined();
    expect(await intakeText(c.number)).toHaveLength(1);
    expect((await smsRecords(c.id)).map((r: { outcome: string }) => r.outcome)).toEqual(['sent']);
  });

  it('one a worker of the release before had sent and died on (Tencent): the moved text keeps the marker and is never resent', async () => {
    // Prepare: the provider had accepted it; the worker died before keeping the outcome
    useSmsSender({ send: (m) => files.send(m) });
    const since = stack.clock.now().toISOString();
    const { c, eventId, payload } = await legacyText({ sendingSince: since });
    await files.send({ id: eventId, ...payload });

    // Act
    await consumeNext();
    await consumeNext();

    // Assert
    expect(await intakeText(c.number)).toHaveLength(1);
    const records = await smsRecords(c.id);
    expect(records.map((r: { outcome: string }) => r.outcome)).toEqual(['unconfirmed']);
    expect(records[0].since).toBe(since);
  });

  it('one whose outcome a worker of the release before kept, dying before it dropped the outbox record: the record is dropped and nothing is sent', async () => {
    // Prepare: the outcome as that release kept it (failed for good), its outbox record left marked
    useSmsSender(files);
    const { c, eventId, payload } = await legacyText({ sendingSince: stack.clock.now().toISOString() });
    await documentClient().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME!,
        Item: {
          ...keys.smsRecord(c.id, eventId),
          type: 'sms',
          caseId: c.id,
          eventId,
          template: 'intake',
          to: '138****5678',
          text: payload.text,
          outcome: 'failed',
          at: '2026-11-02T10:00:00+08:00',
          attempts: 1,
          error: '短信发送失败：FailedOperation.PhoneNumberInBlacklist',
        },
      }),
    );

    // Act
    await consumeNext();
    await stack.workers.relay();

    // Assert
    expect(await getOutbox(eventId)).toBeUndefined();
    expect(await intakeText(c.number)).toEqual([]);
    expect((await smsRecords(c.id)).map((r: { outcome: string }) => r.outcome)).toEqual(['failed']);
    const kept = await documentClient().send(
      new GetCommand({
        TableName: process.env.TABLE_NAME!,
        Key: keys.smsRecord(c.id, eventId),
        ConsistentRead: true,
      }),
    );
    expect(kept.Item).not.toHaveProperty('payload');
  });
});
