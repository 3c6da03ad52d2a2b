/**
 * Records that grow with use (meetings, progress reports, delivery attempts) live in items of
 * their own, so a long-running case never reaches DynamoDB's 400 KB item limit; and the two
 * races with the dispatcher (a department's change, closing a case) are retried on fresh data.
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient, table } from '../../shared/adapters/dynamo.ts';
import { dispatch } from '../../shared/use-cases/dispatch.ts';
import { outboxEventIds } from '../support/outbox.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-09-30T10:00:00+08:00';
let stack: TestStack;
let receiver: Receiver;
let staff: string;
let director: string;
let dept: string;

/** `n` Chinese characters (3 bytes each in UTF-8): a field at its maximum length and weight. */
const chinese = (n: number, seed: string) => `${seed}${'办'.repeat(n - seed.length)}`;

async function transfer(caseId: string, category = 'general') {
  const wo = await stack.call('POST', `/cases/${caseId}/transfers`, {
    token: staff,
    body: { departmentId: 'shebao', category },
  });
  expect(wo.status).toBe(201);
  return wo.body as { id: string; dueAt: string };
}

async function newCase() {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  expect(c.status).toBe(201);
  return c.body as { id: string; number: string };
}

const progress = (woId: string, content: string) =>
  stack.call('POST', `/work-orders/${woId}/feedback`, { token: dept, body: { kind: 'progress', content } });

/** Every item of the case's collection with its stored size (as JSON, a close stand-in). */
async function collectionSizes(caseId: string): Promise<{ sk: string; bytes: number }[]> {
  const sizes: { sk: string; bytes: number }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of out.Items ?? [])
      sizes.push({ sk: String(i.sk), bytes: Buffer.byteLength(JSON.stringify(i)) });
    start = out.LastEvaluatedKey;
  } while (start);
  return sizes;
}

/** Every page of a paged list, following `nextCursor` to the end. */
async function everyPage(
  path: string,
  token: string,
  limit: number,
  order: 'asc' | 'desc' = 'asc',
  // biome-ignore lint/suspicious/noExplicitAny: list entries of different kinds, asserted field by field
): Promise<{ items: any[]; pages: number }> {
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ limit: String(limit), order, ...(cursor ? { cursor } : {}) });
    const res = await stack.call('GET', `${path}?${query}`, { token });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    expect(Buffer.byteLength(res.text)).toBeLessThan(6 * 1024 * 1024);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

type Send = (command: unknown) => Promise<unknown>;

/**
 * Run `meanwhile` to completion just before the first TransactWrite that `matches` goes to
 * DynamoDB Local: the interleaving a lost race has, made deterministic. Nothing is faked — both
 * transactions are real; only their order is chosen.
 */
function beforeTransaction(
  matches: (items: Record<string, unknown>[]) => boolean,
  meanwhile: () => Promise<unknown>,
) {
  const client = documentClient() as unknown as { send: Send };
  const original = client.send.bind(client);
  let pending = true;
  client.send = async (command: unknown) => {
    if (pending && command instanceof TransactWriteCommand) {
      const items = (command.input.TransactItems ?? []) as Record<string, unknown>[];
      if (matches(items)) {
        pending = false;
        await meanwhile();
      }
    }
    return original(command);
  };
  return {
    restore: () => {
      client.send = original;
    },
    get fired() {
      return !pending;
    },
  };
}

/** A transaction that puts an item of this type with these attributes. */
const puts =
  (type: string, attrs: Record<string, unknown> = {}) =>
  (items: Record<string, unknown>[]) =>
    items.some((i) => {
      const item = (i.Put as { Item?: Record<string, unknown> } | undefined)?.Item;
      return item?.type === type && Object.entries(attrs).every(([k, v]) => item[k] === v);
    });

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  receiver = await startReceiver();
  await setUpCentre(stack, TENANT);
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
  director = await stack.token({ role: 'director', tenantId: TENANT });
  dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
  receiver.script([], 204);
  await stack.drain();
  receiver.received.length = 0;
});

describe('a case with 100 meetings and 100 progress reports at the largest allowed sizes', () => {
  it('reads, prints, runs the safety net, recalls, closes, follows up and archives; no item grows with it', async () => {
    // Prepare: one case, two orders (one to report on, one to recall), delivered.
    const c = await newCase();
    const reported = await transfer(c.id);
    const recalled = await transfer(c.id);
    await stack.drain();
    const meeting = (i: number) => ({
      date: '2026-09-30',
      participants: Array.from({ length: 50 }, (_, p) => chinese(50, `${i}-${p}`)),
      minutes: chinese(8000, `纪要${i}`),
      decisions: chinese(4000, `决定${i}`),
    });

    // Act: 100 meetings, 100 progress reports, each at its maximum size in 3-byte characters.
    for (let i = 1; i <= 100; i++) {
      const res = await stack.call('POST', `/cases/${c.id}/meetings`, { token: director, body: meeting(i) });
      expect(res.status, `meeting ${i}: ${res.text.slice(0, 200)}`).toBe(200);
      expect(res.body.meetingCount).toBe(i);
      expect(res.body.meetings.at(-1).minutes === meeting(i).minutes).toBe(true);
    }
    for (let i = 1; i <= 100; i++) {
      const res = await progress(reported.id, chinese(4000, `进度${i}`));
      expect(res.status, `progress ${i}: ${res.text.slice(0, 200)}`).toBe(200);
      expect(res.body.feedbackCount).toBe(i);
    }

    // Assert: the case view is bounded — the newest few of each list with the counts — and small.
    const view = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(view.status).toBe(200);
    expect(Buffer.byteLength(view.text)).toBeLessThan(1024 * 1024);
    expect(view.body.meetingCount).toBe(100);
    expect(view.body.meetings.map((m: { minutes: string }) => m.minutes.slice(0, 5))).toEqual(
      [98, 99, 100].map((i) => meeting(i).minutes.slice(0, 5)),
    );
    const order = view.body.workOrders.find((w: { id: string }) => w.id === reported.id);
    expect(order.feedbackCount).toBe(100);
    expect(order.feedback).toHaveLength(3);
    expect(order.feedback.at(-1).kind).toBe('progress');
    expect(order.feedback.at(-1).content === chinese(4000, '进度100')).toBe(true);
    expect(order.attempts).toHaveLength(1);
    expect(view.body.eventCount).toBeGreaterThan(200);
    expect(view.body.timeline).toHaveLength(20);
    expect(view.body.timeline.at(-1).seq).toBe(view.body.eventCount);
    const single = await stack.call('GET', `/work-orders/${reported.id}`, { token: dept });
    expect(single.body).toMatchObject({ feedbackCount: 100, status: 'in_progress' });
    expect(single.body.feedback).toHaveLength(20);
    expect(single.body.feedback.at(-1).content === chinese(4000, '进度100')).toBe(true);

    // Every page of every list is reachable, and together the pages are the whole list, in order.
    const sent = Array.from({ length: 100 }, (_, i) => chinese(4000, `进度${i + 1}`));
    const reports = await everyPage(`/work-orders/${reported.id}/reports`, dept, 50);
    expect(reports.pages).toBe(2);
    expect(reports.items.length === 100 && reports.items.every((f, i) => f.content === sent[i])).toBe(true);
    const newestFirst = await everyPage(`/work-orders/${reported.id}/reports`, staff, 30, 'desc');
    expect(newestFirst.pages).toBe(4);
    expect(newestFirst.items.map((f) => f.content === sent[99 - newestFirst.items.indexOf(f)])).toEqual(
      Array(100).fill(true),
    );
    const meetings = await everyPage(`/cases/${c.id}/meetings`, staff, 7);
    expect(meetings.pages).toBe(15);
    expect(meetings.items.map((m) => m.minutes === meeting(meetings.items.indexOf(m) + 1).minutes)).toEqual(
      Array(100).fill(true),
    );
    expect(new Set(meetings.items.map((m) => m.id)).size).toBe(100);
    const events = await everyPage(`/cases/${c.id}/events`, staff, 50);
    expect(events.items.map((e) => e.seq)).toEqual(
      Array.from({ length: view.body.eventCount }, (_, i) => i + 1),
    );
    const older = await everyPage(`/cases/${c.id}/events`, staff, 50, 'desc');
    expect(older.items.map((e) => e.seq)).toEqual(
      Array.from({ length: view.body.eventCount }, (_, i) => view.body.eventCount - i),
    );
    const trail = await stack.call('GET', `/cases/${c.id}/events?verify=true`, { token: staff });
    expect(trail.body.items[0].seq).toBe(1);
    expect(trail.body.verification).toMatchObject({ intact: true });
    // The printable minutes of one of them.
    const minutes = await stack.call('GET', `/cases/${c.id}/meetings/${meetings.items[41]!.id}/minutes`, {
      token: staff,
    });
    expect(minutes.status).toBe(200);
    expect(minutes.text).toContain(meeting(42).minutes.slice(0, 10));
    // Neither the case item nor an order item carries the lists: each stays far below 400 KB.
    const sizes = await collectionSizes(c.id);
    const caseItem = sizes.find((s) => s.sk === 'CASE')!;
    const orderItems = sizes.filter((s) => /^WO#\d{3}$/.test(s.sk));
    expect(caseItem.bytes).toBeLessThan(10_000);
    for (const o of orderItems) expect(o.bytes).toBeLessThan(30_000);
    expect(Math.max(...sizes.map((s) => s.bytes))).toBeLessThan(400 * 1024);

    // The printable forms.
    expect((await stack.call('GET', `/cases/${c.id}/forms/intake`, { token: staff })).status).toBe(200);
    expect(
      (await stack.call('GET', `/work-orders/${reported.id}/forms/transfer`, { token: staff })).status,
    ).toBe(200);

    // The safety net on that order: its schedules lost, past due, it is still judged overdue,
    // and the department's overdue notice is a bounded summary with a link.
    for (const s of stack.scheduler.pending())
      if (s.name.startsWith(reported.id)) stack.scheduler.cancel(s.name);
    receiver.received.length = 0;
    await stack.clock.setTo(new Date(new Date(reported.dueAt).getTime() + 15 * 60_000));
    await stack.drain();
    const overdue = await stack.call('GET', `/work-orders/${reported.id}`, { token: staff });
    expect(overdue.body).toMatchObject({ overdue: true, escalationLevel: 1 });
    const notice = receiver.received.find((r) => {
      const body = JSON.parse(r.body);
      return body.type === 'work_order.overdue' && body.data.workOrder.id === reported.id;
    });
    expect(notice).toBeDefined();
    expect(Buffer.byteLength(notice!.body)).toBeLessThan(30_000);
    const data = JSON.parse(notice!.body).data;
    expect(data.workOrder).toMatchObject({
      feedbackCount: 100,
      latestFeedback: { kind: 'progress' },
      url: expect.stringMatching(new RegExp(`/work-orders/${reported.id}$`)),
    });
    expect(data.workOrder.latestFeedback.content === chinese(4000, '进度100')).toBe(true);
    expect(data.workOrder.feedback).toBeUndefined();
    expect(data.workOrder.attempts).toBeUndefined();

    // Recall one order, finish the other, close, follow up, archive.
    const recall = await stack.call('POST', `/work-orders/${recalled.id}/recall`, {
      token: staff,
      body: { reason: '重复转办' },
    });
    expect(recall.status).toBe(200);
    const result = await stack.call('POST', `/work-orders/${reported.id}/feedback`, {
      token: dept,
      body: { kind: 'result', content: chinese(4000, '结果') },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'completed', feedbackCount: 101 });
    await stack.drain();
    const closed = await stack.call('POST', `/cases/${c.id}/close`, {
      token: staff,
      body: { outcome: 'resolved', resolution: chinese(4000, '办结') },
    });
    expect(closed.status).toBe(200);
    const followed = await stack.call('POST', `/cases/${c.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 5, solved: true },
    });
    expect(followed.status).toBe(200);
    const archived = await stack.call('POST', `/cases/${c.id}/archive`, { token: staff });
    expect(archived.status, archived.text.slice(0, 300)).toBe(200);
    const pkg = await stack.call('GET', `/cases/${c.id}/archive?verify=true`, { token: staff });
    expect(pkg.status).toBe(200);
    expect(pkg.body.manifestIntact).toBe(true);
    const files = new Map<string, { downloadUrl: string }>(
      pkg.body.files.map((f: { name: string; downloadUrl: string }) => [f.name, f]),
    );
    const caseJson = await (await fetch(files.get('case.json')!.downloadUrl)).json();
    expect(caseJson.meetings).toHaveLength(100);
    expect(caseJson.followUps).toMatchObject([{ round: 1, satisfaction: 5 }]);
    const eventsJson = await (await fetch(files.get('events.json')!.downloadUrl)).json();
    expect(eventsJson.items.map((e: { seq: number }) => e.seq)).toEqual(
      Array.from({ length: eventsJson.items.length }, (_, i) => i + 1),
    );
    expect(eventsJson.items.length).toBeGreaterThan(view.body.eventCount);
    const minutesFiles = [...files.keys()].filter((name) => name.startsWith('meeting-minutes-'));
    expect(minutesFiles).toHaveLength(100);
    const lastMinutes = await (await fetch(files.get('meeting-minutes-100.html')!.downloadUrl)).text();
    expect(lastMinutes).toContain(meeting(100).decisions.slice(0, 10));
    const orders = await (await fetch(files.get('work-orders.json')!.downloadUrl)).json();
    const archivedOrder = orders.items.find((w: { id: string }) => w.id === reported.id);
    expect(archivedOrder.feedback).toHaveLength(101);
  }, 240_000);
});

describe('the department and the dispatcher on the same order at the same moment', () => {
  it('a progress report committed just after the dispatcher recorded a failed attempt is stored (no 500)', async () => {
    // Prepare: the receiver is down, so the assignment waits in the outbox for its next retry.
    receiver.script([], 500);
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    const [eventId] = await outboxEventIds(wo.id);
    expect(eventId).toBeDefined();
    // Act: the dispatcher's next attempt lands between the department's read and its write.
    const race = beforeTransaction(puts('feedback'), () => dispatch(eventId!));
    const res = await progress(wo.id, '已联系反映人核实材料').finally(race.restore);
    // Assert
    expect(race.fired).toBe(true);
    expect(res.status, res.text).toBe(200);
    const after = await stack.call('GET', `/work-orders/${wo.id}`, { token: staff });
    expect(after.body.feedback.map((f: { content: string }) => f.content)).toEqual(['已联系反映人核实材料']);
    expect(after.body.attempts).toHaveLength(2);
  });

  it('a progress report committed just after the dispatcher put a delivery on the timeline is retried and stored once', async () => {
    // Prepare: one failed attempt; the receiver is back for the next one.
    receiver.script([], 500);
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    const [eventId] = await outboxEventIds(wo.id);
    receiver.script([], 204);
    // Act: the delivery (a case event, so a new case version) commits between read and write.
    const race = beforeTransaction(puts('feedback'), () => dispatch(eventId!));
    const res = await progress(wo.id, '正在办理').finally(race.restore);
    // Assert
    expect(race.fired).toBe(true);
    expect(res.status, res.text).toBe(200);
    const view = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    const order = view.body.workOrders[0];
    expect(order.feedback.map((f: { content: string }) => f.content)).toEqual(['正在办理']);
    const actions = view.body.timeline.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'work_order.progress')).toHaveLength(1);
    expect(actions).toContain('work_order.assigned.delivered');
  });

  it('reports sent one after another by two clients while the dispatcher works through its retries: all 200, each stored once', async () => {
    // Prepare
    receiver.script([], 500);
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    const [eventId] = await outboxEventIds(wo.id);
    // Act: the dispatcher retries until the retry window is spent, while two clients report.
    const dispatcher = (async () => {
      const results: string[] = [];
      for (let i = 0; i < 12 && results.at(-1) !== 'failed'; i++) results.push(await dispatch(eventId!));
      return results;
    })();
    const client = async (who: string) => {
      const statuses: number[] = [];
      for (let i = 1; i <= 6; i++) statuses.push((await progress(wo.id, `${who}第${i}次进度`)).status);
      return statuses;
    };
    const [results, a, b] = await Promise.all([dispatcher, client('甲'), client('乙')]);
    // Assert
    expect([...a, ...b]).toEqual(Array(12).fill(200));
    expect(results.at(-1)).toBe('failed');
    const after = await stack.call('GET', `/work-orders/${wo.id}`, { token: staff });
    const contents = after.body.feedback.map((f: { content: string }) => f.content).sort();
    const sent = ['甲', '乙']
      .flatMap((w) => Array.from({ length: 6 }, (_, i) => `${w}第${i + 1}次进度`))
      .sort();
    expect(contents).toEqual(sent);
    expect(after.body.feedbackCount).toBe(12);
    expect(after.body.attempts).toHaveLength(8);
  }, 60_000);
});

describe('closing a case while the dispatcher records a delivery', () => {
  async function caseWithRecallNoticeOwed() {
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    receiver.script([], 500);
    await stack.call('POST', `/work-orders/${wo.id}/recall`, { token: staff, body: { reason: '转错单位' } });
    await stack.drain();
    const [eventId] = await outboxEventIds(wo.id);
    expect(eventId).toBeDefined();
    receiver.script([], 204);
    return { caseId: c.id, eventId: eventId! };
  }
  const closeBody = { outcome: 'resolved', resolution: '已当面答复反映人' };

  it('without If-Match the close is retried on fresh data: 200, closed once, the delivery on the timeline', async () => {
    // Prepare
    const { caseId, eventId } = await caseWithRecallNoticeOwed();
    // Act: the delivery commits after the close read the case and before it writes.
    const race = beforeTransaction(puts('case', { status: 'closed' }), () => dispatch(eventId));
    const res = await stack
      .call('POST', `/cases/${caseId}/close`, { token: staff, body: closeBody })
      .finally(race.restore);
    // Assert
    expect(race.fired).toBe(true);
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('closed');
    const events = await stack.call('GET', `/cases/${caseId}/events?verify=true`, { token: staff });
    const actions = events.body.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'case.closed')).toHaveLength(1);
    expect(actions).toContain('work_order.recalled.delivered');
  });

  it('with If-Match the version asked for is gone: 409 version_conflict, nothing closed', async () => {
    // Prepare
    const { caseId, eventId } = await caseWithRecallNoticeOwed();
    const before = await stack.call('GET', `/cases/${caseId}`, { token: staff });
    // Act
    const race = beforeTransaction(puts('case', { status: 'closed' }), () => dispatch(eventId));
    const res = await stack
      .call('POST', `/cases/${caseId}/close`, {
        token: staff,
        body: closeBody,
        headers: { 'if-match': before.headers.get('etag')! },
      })
      .finally(race.restore);
    // Assert
    expect(race.fired).toBe(true);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('version_conflict');
    expect((await stack.call('GET', `/cases/${caseId}`, { token: staff })).body.status).not.toBe('closed');
  });
});
