/**
 * The provincial operator's setup API: the centre registry by region (GET /tenants) and the
 * test message to a handling unit (发送测试), delivered through the work orders' own outbox,
 * queue and dispatch worker — on DynamoDB Local, the SQS emulator and a real HTTP receiver.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const OTHER = '510105002';
let stack: TestStack;
let receiver: Receiver;
let admin: string;
let director: string;
let secret: string;
let mailDir: string;

const testPath = (tenantId: string, departmentId: string) =>
  `/tenants/${tenantId}/departments/${departmentId}/test-delivery`;

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'bancheng-mail-'));
  stack = await startTestStack({ now: '2026-11-02T10:00:00+08:00', mailDir });
  receiver = await startReceiver();
  admin = await stack.token({ role: 'admin', sub: 'admin-zhou', name: '周敏' });
  director = await stack.token({ role: 'director', tenantId: TENANT, sub: 'dir-chen', name: '陈主任' });
  await setUpCentre(stack, TENANT, '锦江区春熙路街道便民服务中心');
  await setUpCentre(stack, OTHER, '青羊区少城街道便民服务中心');
  const dept = await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  secret = dept.body.webhookSecret;
  await stack.call('PUT', `/tenants/${TENANT}/departments/minzheng`, {
    token: admin,
    body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
  });
  await stack.call('PUT', `/tenants/${OTHER}/departments/shebao`, {
    token: admin,
    body: { name: '青羊区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});
beforeEach(async () => {
  receiver.script([], 204);
  await stack.drain();
  receiver.received.length = 0;
});

describe('centre registry (GET /tenants)', () => {
  it('lists the centres under a region prefix in code order, paged by cursor, without another region', async () => {
    // Prepare: a third centre in the same county, one in another city
    await setUpCentre(stack, '510104003', '锦江区书院街街道便民服务中心');
    await setUpCentre(stack, '511102001', '乐山市市中区便民服务中心');

    // Act
    const first = await stack.call('GET', '/tenants?region=5101&limit=2', { token: admin });
    const second = await stack.call(
      'GET',
      `/tenants?region=5101&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: admin },
    );

    // Assert
    expect(first.status).toBe(200);
    expect(first.body.items.map((t: { tenantId: string }) => t.tenantId)).toEqual(['510104001', '510104003']);
    expect(first.body.items[0]).toMatchObject({ name: '锦江区春熙路街道便民服务中心', version: 1 });
    expect(Object.keys(first.body.items[0]).filter((k) => /^(pk|sk|gsi\d(pk|sk)|type)$/.test(k))).toEqual([]);
    expect(second.body.items.map((t: { tenantId: string }) => t.tenantId)).toEqual(['510105002']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('finds centres by a part of their name within the region', async () => {
    const res = await stack.call('GET', `/tenants?region=51&q=${encodeURIComponent('春熙路')}`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { tenantId: string }) => t.tenantId)).toEqual([TENANT]);
  });

  it('a missing region, a bad region or a cursor from another region is a 400 naming the field; a director may not list', async () => {
    const missing = await stack.call('GET', '/tenants', { token: admin });
    const bad = await stack.call('GET', '/tenants?region=abc', { token: admin });
    const page = await stack.call('GET', '/tenants?region=510104&limit=1', { token: admin });
    const foreign = await stack.call(
      'GET',
      `/tenants?region=5111&cursor=${encodeURIComponent(page.body.nextCursor)}`,
      { token: admin },
    );
    const asDirector = await stack.call('GET', '/tenants?region=51', { token: director });

    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { field: string }) => d.field)).toEqual(['region']);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'region' });
    expect(bad.body.error.details[0].message).toMatch(/区划代码/);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe('cursor');
    expect(asDirector.status).toBe(403);
  });
});

describe('test delivery (发送测试)', () => {
  it('a webhook unit gets a delivery.test event signed with its secret; the test then reads delivered with the status', async () => {
    // Act
    const sent = await stack.call('POST', testPath(TENANT, 'shebao'), { token: admin });
    const pending = await stack.call('GET', sent.headers.get('location')!, { token: admin });
    await stack.drain();
    const after = await stack.call('GET', sent.headers.get('location')!, { token: admin });

    // Assert
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ status: 'pending', channel: 'webhook', attempts: 0 });
    expect(sent.body.requestedBy).toEqual({ id: 'admin-zhou', name: '周敏' });
    expect(pending.body.status).toBe('pending');
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['webhook-id']).toBe(sent.body.id);
    vi.useFakeTimers({ toFake: ['Date'], now: stack.clock.now() });
    let verified: { type: string; data: { test: boolean; message: string; department: { name: string } } };
    try {
      verified = new Webhook(secret).verify(body, headers as Record<string, string>) as typeof verified;
    } finally {
      vi.useRealTimers();
    }
    expect(verified.type).toBe('delivery.test');
    expect(verified.data.test).toBe(true);
    expect(verified.data.message).toMatch(/^【测试】/);
    expect(verified.data.department.name).toBe('区社保局');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      status: 'delivered',
      attempts: 1,
      deliveredAt: '2026-11-02T10:00:00+08:00',
      lastAttempt: { outcome: 'delivered', status: 204 },
    });
  });

  it('a receiver answering 500 leaves the test pending with the status and the next retry; the retry delivers it', async () => {
    receiver.script([500], 200);
    const sent = await stack.call('POST', testPath(TENANT, 'shebao'), { token: admin });
    await stack.drain();
    const retrying = await stack.call('GET', sent.headers.get('location')!, { token: admin });
    await stack.clock.advanceBy(2 * 60_000);
    await stack.drain();
    const after = await stack.call('GET', sent.headers.get('location')!, { token: admin });

    expect(retrying.body).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastAttempt: { outcome: 'retry', status: 500 },
    });
    expect(retrying.body.lastAttempt.error).toMatch(/500/);
    expect(retrying.body.nextAttemptAt).toMatch(/^2026-11-02T10:0\d:\d\d\+08:00$/);
    expect(after.body).toMatchObject({ status: 'delivered', attempts: 2, lastAttempt: { status: 200 } });
    expect(after.body.nextAttemptAt).toBeUndefined();
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([sent.body.id]));
  });

  it('410 Gone fails the test at once, with the status', async () => {
    receiver.script([410], 204);
    const sent = await stack.call('POST', testPath(TENANT, 'shebao'), { token: admin });
    await stack.drain();
    const after = await stack.call('GET', sent.headers.get('location')!, { token: admin });
    expect(after.body).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastAttempt: { outcome: 'gone', status: 410 },
    });
  });

  it('an e-mail unit gets a message marked 【测试】 by the same worker', async () => {
    const sent = await stack.call('POST', testPath(TENANT, 'minzheng'), { token: director });
    await stack.drain();
    const after = await stack.call('GET', sent.headers.get('location')!, { token: director });

    expect(sent.body.channel).toBe('email');
    expect(after.body).toMatchObject({ status: 'delivered', channel: 'email', attempts: 1 });
    const mails = readdirSync(mailDir).map((f) => readFileSync(join(mailDir, f), 'utf8'));
    const mail = mails.find((m) => m.toLowerCase().includes(`x-bancheng-event-id: ${sent.body.id}`));
    expect(mail).toBeDefined();
    expect(mail).toMatch(/X-Bancheng-Test: true/);
    expect(mail).toMatch(/To: mz@example\.gov\.cn/);
    const text =
      /charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(
        mail!,
      )?.[1];
    expect(Buffer.from(text!.replace(/\s/g, ''), 'base64').toString('utf8')).toMatch(/^【测试】.*街道民政办/);
  });

  it('the same Idempotency-Key twice sends one test message', async () => {
    const call = () =>
      stack.call('POST', testPath(TENANT, 'shebao'), {
        token: admin,
        headers: { 'idempotency-key': 'test-once-1' },
      });
    const a = await call();
    const b = await call();
    await stack.drain();

    expect(b.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(receiver.received).toHaveLength(1);
  });

  it("another centre's unit or test is a 404 for a director; an unknown unit is a 404 for the admin", async () => {
    const foreign = await stack.call('POST', testPath(OTHER, 'shebao'), { token: director });
    const theirs = await stack.call('POST', testPath(OTHER, 'shebao'), { token: admin });
    const peek = await stack.call('GET', `${testPath(OTHER, 'shebao')}/${theirs.body.id}`, {
      token: director,
    });
    const unknown = await stack.call('POST', testPath(TENANT, 'nope'), { token: admin });
    const wrongUnit = await stack.call('GET', `${testPath(TENANT, 'minzheng')}/${theirs.body.id}`, {
      token: admin,
    });
    await stack.drain();

    expect(foreign.status).toBe(404);
    expect(theirs.status).toBe(202);
    expect(peek.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongUnit.status).toBe(404);
    expect(receiver.received).toHaveLength(1);
  });
});
