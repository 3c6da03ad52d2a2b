/**
 * What the deadline screens read from the server: the working days left on GET /supervision and
 * GET /work-orders (counted on the centre's calendar, never in the browser), the inbox's unread
 * count with a read mark kept per person that only moves forward, and a refused extension that
 * must say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
let stack: TestStack;
let staff: string;
let chief: string;
let otherChief: string;
let director: string;
let dept: string;

async function transferGeneral() {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token: staff,
    body: { departmentId: 'shebao', category: 'general' },
  });
  expect(wo.status).toBe(201);
  await stack.drain();
  return wo.body as { id: string; number: string; dueAt: string };
}

beforeAll(async () => {
  // Monday 09:00: a general order is due Wednesday 17:30.
  stack = await startTestStack({ now: '2026-10-12T09:00:00+08:00' });
  await setUpCentre(stack, TENANT);
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { email: { address: 'sb@example.gov.cn' } } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
  chief = await stack.token({ role: 'duty_chief', tenantId: TENANT, sub: 'chief-wang' });
  otherChief = await stack.token({ role: 'duty_chief', tenantId: TENANT, sub: 'chief-li' });
  director = await stack.token({ role: 'director', tenantId: TENANT });
  dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
});
afterAll(() => stack.close());

describe('working days left from the server', () => {
  it('gives GET /work-orders and GET /supervision the working days left on the centre calendar', async () => {
    const wo = await transferGeneral();
    const mine = await stack.call('GET', '/work-orders', { token: dept });
    expect(mine.body.items.find((o: { id: string }) => o.id === wo.id)).toMatchObject({
      remainingWorkdays: 2,
    });

    await stack.clock.setTo(new Date('2026-10-14T09:00:00+08:00')); // due within 24 h
    const board = await stack.call('GET', '/supervision', { token: chief });
    expect(board.body.items.find((i: { id: string }) => i.id === wo.id)).toMatchObject({
      kind: 'work_order',
      state: 'due_soon',
      remainingWorkdays: 0,
    });

    await stack.clock.setTo(new Date('2026-10-16T09:00:00+08:00')); // Friday: two working days late
    await stack.drain();
    const late = await stack.call('GET', '/supervision', { token: chief });
    expect(late.body.items.find((i: { id: string }) => i.id === wo.id)).toMatchObject({
      state: 'overdue',
      escalationLevel: 2,
      remainingWorkdays: -2,
    });
  });
});

describe('the inbox read mark', () => {
  it('counts unread notifications per person and moves the mark only forward', async () => {
    const before = await stack.call('GET', '/notifications', { token: chief });
    expect(before.status).toBe(200);
    expect(before.body.items.length).toBeGreaterThan(0);
    expect(before.body.unread).toBe(before.body.items.length);
    expect(before.body.readUpTo).toBeUndefined();

    const newest = before.body.items[0].at as string;
    const marked = await stack.call('POST', '/notifications/read', { token: chief, body: { upTo: newest } });
    expect(marked.status).toBe(200);
    expect(new Date(marked.body.readUpTo).getTime()).toBe(new Date(newest).getTime());
    expect((await stack.call('GET', '/notifications', { token: chief })).body.unread).toBe(0);
    // Another duty chief of the same centre has read nothing yet.
    expect((await stack.call('GET', '/notifications', { token: otherChief })).body.unread).toBe(
      before.body.items.length,
    );

    // A stale tab marking an older time does not make anything unread again.
    const older = await stack.call('POST', '/notifications/read', {
      token: chief,
      body: { upTo: '2026-10-01T00:00:00+08:00' },
    });
    expect(new Date(older.body.readUpTo).getTime()).toBe(new Date(newest).getTime());
    expect((await stack.call('GET', '/notifications', { token: chief })).body.unread).toBe(0);

    // A mark in the future stops at now: what comes later is still unread.
    const future = await stack.call('POST', '/notifications/read', {
      token: chief,
      body: { upTo: '2030-01-01T00:00:00+08:00' },
    });
    expect(future.body.readUpTo).toBe('2026-10-16T09:00:00+08:00');
  });

  it('answers a bad mark with a 400 on its field', async () => {
    const bad = await stack.call('POST', '/notifications/read', { token: chief, body: { upTo: '昨天' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'upTo' })]);
  });
});

describe('refusing an extension', () => {
  it('needs the reason, and records it when given', async () => {
    const wo = await transferGeneral();
    const asked = await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { workdays: 3, reason: '需调取外地参保记录' },
    });
    expect(asked.status).toBe(200);
    const bare = await stack.call('POST', `/work-orders/${wo.id}/extension/decision`, {
      token: director,
      body: { approve: false },
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([
      { field: 'comment', message: '意见：不同意延期时必须填写理由' },
    ]);
    const refused = await stack.call('POST', `/work-orders/${wo.id}/extension/decision`, {
      token: director,
      body: { approve: false, comment: '材料可在本地调取' },
    });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      dueAt: wo.dueAt,
      extension: { status: 'refused', comment: '材料可在本地调取' },
    });
  });
});
