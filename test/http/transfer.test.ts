/**
 * Transfer (转办) and dispatch to departments: signed webhooks with retries, e-mail with action
 * links, the outbox surviving a lost send, duplicates, delivery failure, and the department side.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { meterCapacity } from '../../scripts/lib/capacity.ts';
import { documentClient, table } from '../../shared/adapters/dynamo.ts';
import { sendMessage } from '../../shared/adapters/queue.ts';
import { keys } from '../../shared/table.ts';
import { dispatch } from '../../shared/use-cases/dispatch.ts';
import { PUBLISH_LEASE_MS } from '../../shared/use-cases/outbox.ts';
import { outboxEventIds } from '../support/outbox.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
let stack: TestStack;
let receiver: Receiver;
let staff: string;
let admin: string;
let secret: string;
let mailDir: string;

async function newCase(): Promise<{ id: string; number: string }> {
  const res = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  expect(res.status).toBe(201);
  return res.body;
}

async function transfer(caseId: string, departmentId = 'shebao', category = 'general') {
  const res = await stack.call('POST', `/cases/${caseId}/transfers`, {
    token: staff,
    body: { departmentId, category, note: '请尽快联系反映人' },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string; dueAt: string; status: string };
}

async function workOrder(id: string) {
  return (await stack.call('GET', `/work-orders/${id}`, { token: staff })).body;
}

/** The names of the write commands sent to the table while `act` runs. */
async function writesDuring<T>(act: () => Promise<T>): Promise<{ result: T; writes: string[] }> {
  const writes: string[] = [];
  const stop = meterCapacity((use) => {
    if (use.write) writes.push(use.command);
  });
  try {
    return { result: await act(), writes };
  } finally {
    stop();
  }
}

/** The case's timeline, its actions. */
async function timeline(caseId: string): Promise<string[]> {
  const res = await stack.call('GET', `/cases/${caseId}`, { token: staff });
  return res.body.timeline.map((e: { action: string }) => e.action);
}

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'bancheng-mail-'));
  stack = await startTestStack({ now: '2026-09-30T10:00:00+08:00', mailDir });
  receiver = await startReceiver();
  await setUpCentre(stack, TENANT);
  admin = await stack.token({ role: 'admin' });
  staff = await stack.token({ role: 'staff', tenantId: TENANT, sub: 'staff-li', name: '李娜' });
  const dept = await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  secret = dept.body.webhookSecret;
  await stack.call('PUT', `/tenants/${TENANT}/departments/minzheng`, {
    token: admin,
    body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
  });
  for (const date of ['2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03']) {
    await stack.call('PUT', `/tenants/${TENANT}/duty-roster/${date}`, {
      token: admin,
      body: { staffId: 'chief-wang', staffName: '王强' },
    });
  }
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});
beforeEach(async () => {
  // Whatever an earlier test left owed is delivered first, so each test sees only its own.
  receiver.script([], 204);
  await stack.drain();
  receiver.received.length = 0;
});

describe('transfer', () => {
  it('creates work order {caseNumber}-1 due per the working-day calendar, and the case is transferred', async () => {
    const c = await newCase();
    const wo = await transfer(c.id);
    expect(wo).toMatchObject({
      number: `${c.number}-1`,
      status: 'pending_delivery',
      category: 'general',
      requirements: '及时协调解决，2个工作日内整改反馈',
      note: '请尽快联系反映人',
      dueAt: '2026-10-09T17:30:00+08:00',
      provisional: false,
      departmentName: '区社保局',
    });
    const detail = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(detail.body.status).toBe('transferred');
    expect(detail.body.workOrders.map((w: { id: string }) => w.id)).toEqual([wo.id]);
    const second = await transfer(c.id, 'minzheng', 'complex');
    expect(second.number).toBe(`${c.number}-2`);
    expect(second.dueAt).toBe('2026-10-13T17:30:00+08:00');
  });

  it('an unknown department is a 400 naming departmentId; a rejected case cannot be transferred (409)', async () => {
    const c = await newCase();
    const res = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'nope', category: 'simple' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('departmentId');
    const refused = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ scope: { kind: 'prohibited_by_law', reason: '法律禁止' } }),
    });
    const illegal = await stack.call('POST', `/cases/${refused.body.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'simple' },
    });
    expect(illegal.status).toBe(409);
  });

  it('the same Idempotency-Key twice makes one work order', async () => {
    const c = await newCase();
    const call = () =>
      stack.call('POST', `/cases/${c.id}/transfers`, {
        token: staff,
        headers: { 'idempotency-key': `t-${c.id}` },
        body: { departmentId: 'shebao', category: 'simple' },
      });
    const a = await call();
    const b = await call();
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const detail = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(detail.body.workOrders).toHaveLength(1);
  });
});

describe('webhook delivery', () => {
  it('a signed POST the receiver verifies with the secret from department creation (and not with another)', async () => {
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    // The receiver checks the timestamp against its own clock, which reads the stack's time here.
    const verify = (key: string) => {
      vi.useFakeTimers({ toFake: ['Date'], now: stack.clock.now() });
      try {
        return new Webhook(key).verify(body, headers as Record<string, string>);
      } finally {
        vi.useRealTimers();
      }
    };
    const verified = verify(secret) as {
      type: string;
      data: { workOrder: { id: string }; dueAt: string; actions: Record<string, string> };
    };
    expect(verified.type).toBe('work_order.assigned');
    expect(verified.data.workOrder.id).toBe(wo.id);
    expect(verified.data.dueAt).toBe(wo.dueAt);
    expect(Object.keys(verified.data.actions).sort()).toEqual(['ack', 'feedback', 'form', 'return']);
    const other = `whsec_${Buffer.from('x'.repeat(24)).toString('base64')}`;
    expect(() => verify(other)).toThrow(/signature/i);

    const after = await workOrder(wo.id);
    expect(after.status).toBe('delivered');
    expect(Object.keys(after).filter((k) => /^(pk|sk|gsi\d(pk|sk)|type)$/.test(k))).toEqual([]);
    expect(after.attempts).toHaveLength(1);
    expect(after.attempts[0]).toMatchObject({ outcome: 'delivered', status: 204, channel: 'webhook' });
    expect(await timeline(c.id)).toEqual([
      'case.registered',
      'case.transferred',
      'work_order.assigned.delivered',
    ]);
  });

  it('the message is kept gzip-compressed and delivered byte for byte as written: its signature verifies over the stored body', async () => {
    // Prepare: a transfer whose send fails after the commit, so its outbox record waits for the sweeper
    const queueUrl = process.env.WORK_ORDER_QUEUE_URL!;
    process.env.WORK_ORDER_QUEUE_URL = `${queueUrl}-missing`;
    const c = await newCase();
    let wo: { id: string };
    try {
      wo = await transfer(c.id);
    } finally {
      process.env.WORK_ORDER_QUEUE_URL = queueUrl;
    }
    const [eventId] = await outboxEventIds(wo.id);
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: table(), Key: keys.outbox(eventId!), ConsistentRead: true }),
    );
    expect(Item?.payload).toBeUndefined();
    expect(Item?.payloadGz).toBeInstanceOf(Uint8Array);
    const written = gunzipSync(Item!.payloadGz as Uint8Array).toString('utf8');

    // Act
    await stack.drain();

    // Assert
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['webhook-id']).toBe(eventId);
    expect(body).toBe(written);
    vi.useFakeTimers({ toFake: ['Date'], now: stack.clock.now() });
    try {
      expect(new Webhook(secret).verify(body, headers as Record<string, string>)).toEqual(
        JSON.parse(written),
      );
    } finally {
      vi.useRealTimers();
    }
    expect(JSON.parse(written)).toMatchObject({
      type: 'work_order.assigned',
      data: { workOrder: { id: wo.id } },
    });
  });

  it('500 for the first 3 attempts → delivered on the 4th with the same webhook-id; 4 attempts logged, one state change', async () => {
    receiver.script([500, 500, 500], 200);
    const c = await newCase();
    const wo = await transfer(c.id);
    for (let i = 0; i < 10 && (await workOrder(wo.id)).status !== 'delivered'; i++) {
      await stack.drain();
      await stack.clock.advanceBy(30 * 60_000);
    }
    expect(receiver.received).toHaveLength(4);
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const after = await workOrder(wo.id);
    expect(after.status).toBe('delivered');
    expect(
      after.attempts.map((a: { outcome: string; status: number }) => `${a.outcome}:${a.status}`),
    ).toEqual(['retry:500', 'retry:500', 'retry:500', 'delivered:200']);
    const actions = await timeline(c.id);
    expect(actions.filter((a) => a === 'work_order.assigned.delivered')).toHaveLength(1);
  });

  it('the relay cannot reach the queue: its batch is handed again and delivered once the queue answers', async () => {
    // Prepare: the transfer commits; the queue is unreachable for the relay's first turn.
    const c = await newCase();
    await stack.drain();
    const wo = await transfer(c.id);
    const queueUrl = process.env.WORK_ORDER_QUEUE_URL!;
    process.env.WORK_ORDER_QUEUE_URL = `${queueUrl}-missing`;
    try {
      // Act: the relay's turn fails to send
      expect(await stack.workers.relay()).toBeGreaterThan(0);
    } finally {
      process.env.WORK_ORDER_QUEUE_URL = queueUrl;
    }
    expect(receiver.received).toHaveLength(0);
    await stack.drain();

    // Assert: handed again (no sweep needed: the clock has not moved), delivered once
    expect(receiver.received).toHaveLength(1);
    expect((await workOrder(wo.id)).status).toBe('delivered');
  });

  it('a message the relay sent and SQS lost: the request wrote once, the sweeper resends after the lease', async () => {
    // Prepare: the queue accepts the relay's message but nobody ever reads it (lost after the send).
    const queueUrl = process.env.WORK_ORDER_QUEUE_URL!;
    const sqs = new SQSClient({
      endpoint: process.env.SQS_ENDPOINT!,
      region: process.env.AWS_REGION ?? 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const lost = await sqs.send(new CreateQueueCommand({ QueueName: `lost-${Date.now()}` }));
    const c = await newCase();
    await stack.drain();
    const { result: wo, writes } = await writesDuring(() => transfer(c.id));
    process.env.WORK_ORDER_QUEUE_URL = lost.QueueUrl!;
    try {
      await stack.workers.relay();
    } finally {
      process.env.WORK_ORDER_QUEUE_URL = queueUrl;
      sqs.destroy();
    }

    // Act + Assert: the transfer was one transaction and nothing else (no SQS call of its own);
    // within the lease the sweeper leaves the record alone (its send is taken to be on the way),
    // after it resends.
    expect(writes).toEqual(['TransactWriteItemsCommand']);
    await stack.drain();
    expect(receiver.received).toHaveLength(0);
    await stack.clock.advanceBy(PUBLISH_LEASE_MS);
    await stack.drain();
    expect(receiver.received).toHaveLength(1);
    expect((await workOrder(wo.id)).status).toBe('delivered');
    await stack.clock.setTo(new Date('2026-09-30T10:00:00+08:00'));
  });

  it('the same SQS message delivered twice (and dispatched twice at once) → one delivery, one state change', async () => {
    const c = await newCase();
    await transfer(c.id);
    const detail = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    const payloadEvent = detail.body.workOrders[0];
    const [eventId] = await outboxEventIds(payloadEvent.id);
    await sendMessage('workOrders', { eventId });
    await sendMessage('workOrders', { eventId });
    await Promise.all([dispatch(eventId!), dispatch(eventId!)]);
    await stack.drain();
    expect(receiver.received).toHaveLength(1);
    const after = await workOrder(payloadEvent.id);
    expect(after.attempts).toHaveLength(1);
    expect((await timeline(c.id)).filter((a) => a.endsWith('.delivered'))).toHaveLength(1);
  });

  it('receiver down past the retry window → delivery_failed, the duty chief told, nothing lost', async () => {
    receiver.script([], 503);
    const c = await newCase();
    const wo = await transfer(c.id);
    for (let i = 0; i < 20 && (await workOrder(wo.id)).status === 'pending_delivery'; i++) {
      await stack.drain();
      await stack.clock.advanceBy(2 * 3600_000);
    }
    const after = await workOrder(wo.id);
    expect(after.status).toBe('delivery_failed');
    expect(after.attempts).toHaveLength(8);
    expect(receiver.received).toHaveLength(8);
    expect(await timeline(c.id)).toContain('work_order.assigned.delivery_failed');
    const notes = await stack.call('GET', '/notifications', { token: staff });
    const note = notes.body.items.find((n: { workOrderId: string }) => n.workOrderId === wo.id);
    expect(note).toMatchObject({
      topic: 'work_order.delivery_failed',
      recipient: { role: 'duty_chief', staffId: 'chief-wang', name: '王强' },
    });
    // The department can still sign for it once reached by phone: nothing was lost.
    const dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
    const ack = await stack.call('POST', `/work-orders/${wo.id}/ack`, { token: dept });
    expect(ack.status).toBe(200);
    await stack.clock.setTo(new Date('2026-09-30T10:00:00+08:00'));
  });

  it('rotating the secret: the new one is shown once, both sign until the next rotation drops the old', async () => {
    const verifies = (key: string) => {
      const { headers, body } = receiver.received.at(-1)!;
      vi.useFakeTimers({ toFake: ['Date'], now: stack.clock.now() });
      try {
        new Webhook(key).verify(body, headers as Record<string, string>);
        return true;
      } catch {
        return false;
      } finally {
        vi.useRealTimers();
      }
    };
    const director = await stack.token({ role: 'director', tenantId: TENANT });
    const first = await stack.call('POST', `/tenants/${TENANT}/departments/shebao/webhook-secret`, {
      token: director,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      previousStillValid: true,
      webhookSecret: expect.stringMatching(/^whsec_/),
    });
    await transfer((await newCase()).id);
    await stack.drain();
    expect(verifies(first.body.webhookSecret)).toBe(true);
    expect(verifies(secret)).toBe(true);

    const second = await stack.call('POST', `/tenants/${TENANT}/departments/shebao/webhook-secret`, {
      token: director,
    });
    await transfer((await newCase()).id);
    await stack.drain();
    expect(verifies(second.body.webhookSecret)).toBe(true);
    expect(verifies(first.body.webhookSecret)).toBe(true);
    expect(verifies(secret)).toBe(false);
    secret = second.body.webhookSecret;
    const emailDept = await stack.call('POST', `/tenants/${TENANT}/departments/minzheng/webhook-secret`, {
      token: director,
    });
    expect(emailDept.status).toBe(404);
  });

  it('410 Gone stops at once: delivery_failed after one attempt', async () => {
    receiver.script([410]);
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    const after = await workOrder(wo.id);
    expect(after.status).toBe('delivery_failed');
    expect(after.attempts).toHaveLength(1);
  });
});

describe('webhook URL safety (SSRF)', () => {
  it.each([
    'https://127.0.0.1/hook',
    'https://10.1.2.3/hook',
    'https://169.254.169.254/latest/meta-data',
    'http://shebao.example.gov.cn/hook',
  ])('deployed: %s → 422 at department setup', async (url) => {
    process.env.STAGE = 'prod';
    try {
      const res = await stack.call('PUT', `/tenants/${TENANT}/departments/bad`, {
        token: admin,
        body: { name: '某局', level: 'county', delivery: { webhook: { url } } },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0].field).toBe('delivery.webhook.url');
    } finally {
      process.env.STAGE = 'local';
    }
  });

  it('locally, http://127.0.0.1 is allowed', async () => {
    const res = await stack.call('PUT', `/tenants/${TENANT}/departments/localdept`, {
      token: admin,
      body: {
        name: '本地测试局',
        level: 'county',
        delivery: { webhook: { url: 'http://127.0.0.1:9/hook' } },
      },
    });
    expect(res.status).toBe(201);
  });
});

describe('e-mail delivery and action links', () => {
  /** The .eml written for this work order (its header names it). */
  function emlFor(workOrderId: string): string {
    const found = readdirSync(mailDir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(mailDir, f), 'utf8'))
      .filter((e) => e.includes(`X-Bancheng-Work-Order: ${workOrderId}`));
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  function htmlPart(eml: string): string {
    const m = /Content-Type: text\/html[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/.exec(eml);
    const part = m?.[1] ?? '';
    const header = /Content-Type: text\/html[\s\S]*?\r\n\r\n/.exec(eml)?.[0] ?? '';
    if (/base64/i.test(header)) return Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
    return part
      .replace(/=\r\n/g, '')
      .replace(/(?:=[0-9A-F]{2})+/g, (hex) => Buffer.from(hex.replace(/=/g, ''), 'hex').toString('utf8'));
  }

  it('an e-mail department gets an .eml with the Form A.2 fields and working action links', async () => {
    const c = await newCase();
    const wo = await transfer(c.id, 'minzheng');
    await stack.drain();
    const eml = emlFor(wo.id);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(eml).toMatch(/^To: mz@example\.gov\.cn/m);
    const html = htmlPart(eml);
    for (const label of [
      '转办单',
      '反映人姓名',
      '联系电话',
      '问题类别',
      '办理要求',
      '备注',
      wo.number,
      '张三',
    ]) {
      expect(html).toContain(label);
    }
    const links = [...html.matchAll(/href="([^"]+\/actions\/[^"]+)"/g)].map((m) =>
      m[1]!.replace(/&amp;/g, '&'),
    );
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect((await workOrder(wo.id)).status).toBe('delivered');

    const formLink = /href="([^"]+)"[^>]*>查看转办单</.exec(html)![1]!;
    const page = await fetch(formLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(wo.number);

    // The ack link signs for the order with no account.
    const ack = /href="([^"]+)"[^>]*>签收工单</.exec(html)![1]!;
    const res = await fetch(ack, { method: 'POST' });
    expect(res.status).toBe(200);
    const after = await workOrder(wo.id);
    expect(after.status).toBe('acknowledged');
    expect(after.acknowledgedBy.name).toBe('街道民政办');
  });

  it('a tampered action link is refused (401) and changes nothing', async () => {
    const c = await newCase();
    const wo = await transfer(c.id, 'minzheng');
    await stack.drain();
    const html = htmlPart(emlFor(wo.id));
    const link = /href="([^"]+\/actions\/[^"]+)"/.exec(html)![1]!;
    const tampered = `${link.slice(0, -3)}AAA`;
    const res = await fetch(tampered, { method: 'POST' });
    expect(res.status).toBe(401);
    expect((await workOrder(wo.id)).status).toBe('delivered');
  });
});

describe('the department side', () => {
  let deptA: string;
  let deptB: string;
  beforeAll(async () => {
    deptA = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao', name: '陈刚' });
    deptB = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'minzheng' });
  });

  it("department B cannot read or act on department A's order (404); its list shows only its own", async () => {
    const c = await newCase();
    const wo = await transfer(c.id);
    expect((await stack.call('GET', `/work-orders/${wo.id}`, { token: deptB })).status).toBe(404);
    expect((await stack.call('POST', `/work-orders/${wo.id}/ack`, { token: deptB })).status).toBe(404);
    const listB = await stack.call('GET', '/work-orders', { token: deptB });
    expect(listB.body.items.every((w: { departmentId: string }) => w.departmentId === 'minzheng')).toBe(true);
    const listA = await stack.call('GET', '/work-orders', { token: deptA });
    expect(listA.body.items.map((w: { id: string }) => w.id)).toContain(wo.id);
  });

  it('ack, ack again (idempotent 200, one event), progress, result → completed, the centre told', async () => {
    const c = await newCase();
    const wo = await transfer(c.id);
    await stack.drain();
    const first = await stack.call('POST', `/work-orders/${wo.id}/ack`, { token: deptA });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { name: '陈刚' } });
    const again = await stack.call('POST', `/work-orders/${wo.id}/ack`, { token: deptA });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    const progress = await stack.call('POST', `/work-orders/${wo.id}/feedback`, {
      token: deptA,
      body: { kind: 'progress', content: '已联系反映人，正在核实' },
    });
    expect(progress.body.status).toBe('in_progress');
    const result = await stack.call('POST', `/work-orders/${wo.id}/feedback`, {
      token: deptA,
      body: { kind: 'result', content: '已为反映人办理参保登记' },
    });
    expect(result.body).toMatchObject({ status: 'completed' });
    expect(result.body.nextCheckAt).toBeUndefined();
    expect(await timeline(c.id)).toEqual([
      'case.registered',
      'case.transferred',
      'work_order.assigned.delivered',
      'work_order.acknowledged',
      'work_order.progress',
      'work_order.result',
    ]);
    const notes = await stack.call('GET', '/notifications', { token: staff });
    expect(
      notes.body.items.some(
        (n: { topic: string; workOrderId: string }) =>
          n.topic === 'work_order.result' && n.workOrderId === wo.id,
      ),
    ).toBe(true);
    const late = await stack.call('POST', `/work-orders/${wo.id}/feedback`, {
      token: deptA,
      body: { kind: 'progress', content: '补充' },
    });
    expect(late.status).toBe(409);
  });

  it('return with a reason → returned, on the timeline; the centre re-transfers', async () => {
    const c = await newCase();
    const wo = await transfer(c.id);
    const res = await stack.call('POST', `/work-orders/${wo.id}/return`, {
      token: deptA,
      body: { reason: '不属于本单位职责，应由区医保局办理' },
    });
    expect(res.body).toMatchObject({
      status: 'returned',
      returnReason: '不属于本单位职责，应由区医保局办理',
    });
    expect(
      (await stack.call('POST', `/work-orders/${wo.id}/return`, { token: deptA, body: { reason: 'x' } }))
        .status,
    ).toBe(409);
    const again = await transfer(c.id, 'minzheng');
    expect(again.number).toBe(`${c.number}-2`);
  });

  it('a return without a reason → 400', async () => {
    const c = await newCase();
    const wo = await transfer(c.id);
    const res = await stack.call('POST', `/work-orders/${wo.id}/return`, { token: deptA, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('reason');
  });
});
