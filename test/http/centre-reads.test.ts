/**
 * The console's read routes for a centre: its settings and its handling units, with tenancy as
 * everywhere (another centre's is a 404) and no signing secret ever read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-10-12T09:00:00+08:00' });
  await setUpCentre(stack, '510104022', '春熙路街道便民服务中心');
  await setUpCentre(stack, '510105001', '青羊区某街道便民服务中心');
  const director = await stack.token({ role: 'director', tenantId: '510104022' });
  for (const [id, name, delivery] of [
    ['shebao', '区社保局', { webhook: { url: 'http://127.0.0.1:9/hook' } }],
    ['minzheng', '街道民政办', { email: { address: 'mz@example.gov.cn' } }],
  ] as const) {
    const res = await stack.call('PUT', `/tenants/510104022/departments/${id}`, {
      token: director,
      body: { name, level: 'county', delivery },
    });
    expect(res.status).toBe(201);
  }
  staff = await stack.token({ role: 'staff', tenantId: '510104022' });
});
afterAll(() => stack.close());

describe('GET /tenants/{tenantId} and /departments', () => {
  it('a clerk reads the own centre settings with its version as ETag', async () => {
    const res = await stack.call('GET', '/tenants/510104022', { token: staff });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId: '510104022', name: '春熙路街道便民服务中心', version: 1 });
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body.pk).toBeUndefined();
  });

  it('lists the handling units in code order without any signing secret', async () => {
    const res = await stack.call('GET', '/tenants/510104022/departments', { token: staff });
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { departmentId: string }) => d.departmentId)).toEqual([
      'minzheng',
      'shebao',
    ]);
    expect(res.text).not.toContain('whsec_');
    expect(res.body.items[1]).toMatchObject({
      name: '区社保局',
      delivery: { webhook: { url: 'http://127.0.0.1:9/hook' } },
    });
  });

  it("another centre's settings and units are a 404, as is a centre that does not exist", async () => {
    for (const path of [
      '/tenants/510105001',
      '/tenants/510105001/departments',
      '/tenants/510104099/departments',
    ]) {
      const res = await stack.call('GET', path, { token: staff });
      expect(res.status, path).toBe(404);
    }
  });

  it('a county supervisor reads the centres of the county, not those of another county', async () => {
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });
    expect((await stack.call('GET', '/tenants/510104022/departments', { token: county })).status).toBe(200);
    expect((await stack.call('GET', '/tenants/510105001', { token: county })).status).toBe(404);
  });
});

describe('GET /cases/{id}: working days left on each open work order, from the server calendar', () => {
  it('counts down to the due day and goes negative once overdue; a completed order has none', async () => {
    const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const order = await stack.call('POST', `/cases/${created.body.id}/transfers`, {
      token: staff,
      body: { departmentId: 'minzheng', category: 'general' },
    });
    expect(order.status).toBe(201);
    // Monday 12 October 09:00 + 2 working days → Wednesday 14 October 17:30.
    expect(order.body.dueAt).toBe('2026-10-14T17:30:00+08:00');
    const left = async () =>
      (await stack.call('GET', `/cases/${created.body.id}`, { token: staff })).body.workOrders[0]
        .remainingWorkdays;
    expect(await left()).toBe(2);
    await stack.clock.setTo(new Date('2026-10-14T10:00:00+08:00'));
    expect(await left()).toBe(0);
    await stack.clock.setTo(new Date('2026-10-16T10:00:00+08:00'));
    expect(await left()).toBe(-2);

    const dept = await stack.token({ role: 'department', tenantId: '510104022', departmentId: 'minzheng' });
    const done = await stack.call('POST', `/work-orders/${order.body.id}/feedback`, {
      token: dept,
      body: { kind: 'result', content: '已办结' },
    });
    expect(done.status).toBe(200);
    expect(await left()).toBeUndefined();
  });
});

describe('GET /cases/{id}: the actions legal now, for the caller', () => {
  it('offers a clerk the registered case its next steps, no closing while an order is open, and a supervisor nothing', async () => {
    const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const detail = async (token = staff) =>
      (await stack.call('GET', `/cases/${created.body.id}`, { token })).body;
    expect((await detail()).actions).toEqual([
      'confirm',
      'answer_on_the_spot',
      'refer_to_task_force',
      'transfer',
      'close',
      'attach',
    ]);
    // 专班会议 minutes are the director's to record.
    const director = await stack.token({ role: 'director', tenantId: '510104022' });
    expect((await detail(director)).actions).toContain('record_meeting');
    await stack.call('POST', `/cases/${created.body.id}/transfers`, {
      token: staff,
      body: { departmentId: 'minzheng', category: 'simple' },
    });
    const transferred = await detail();
    expect(transferred.actions).not.toContain('close');
    expect(transferred.actions).toContain('transfer');
    expect(transferred.workOrders[0].actions).toEqual(['recall']);
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });
    const seen = await detail(county);
    expect(seen.actions).toEqual([]);
    expect(seen.workOrders[0].actions).toEqual([]);
  });
});
