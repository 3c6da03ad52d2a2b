/**
 * Centre administration (tenants, handling units, duty roster) and the ledger's filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let admin: string;
let director: string;

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-09-30T09:00:00+08:00' });
  admin = await stack.token({ role: 'admin' });
  director = await stack.token({ role: 'director', tenantId: '510104001' });
});
afterAll(() => stack.close());

describe('centres, handling units and the duty roster', () => {
  it('PUT /tenants creates (201) then updates (200) with a bumped version', async () => {
    const body = { name: '春熙路街道便民服务中心', officeHours: { end: '17:30' }, calendarRegion: '5101' };
    const created = await stack.call('PUT', '/tenants/510104001', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenantId: '510104001', version: 1, officeHours: { end: '17:30' } });
    const updated = await stack.call('PUT', '/tenants/510104001', {
      token: admin,
      body: { ...body, name: '新名称' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: '新名称', version: 2 });
  });

  it('only an admin manages centres', async () => {
    const res = await stack.call('PUT', '/tenants/510104001', { token: director, body: { name: 'x' } });
    expect(res.status).toBe(403);
  });

  it('a webhook department gets its whsec_ signing secret once, at creation', async () => {
    const body = {
      name: '区社保局',
      level: 'county',
      delivery: { webhook: { url: 'http://127.0.0.1:9/hook' } },
    };
    const created = await stack.call('PUT', '/tenants/510104001/departments/shebao', {
      token: director,
      body,
    });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const updated = await stack.call('PUT', '/tenants/510104001/departments/shebao', {
      token: director,
      body,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.webhookSecret).toBeUndefined();
  });

  it('an e-mail department has no secret', async () => {
    const res = await stack.call('PUT', '/tenants/510104001/departments/minzheng', {
      token: admin,
      body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
    });
    expect(res.status).toBe(201);
    expect(res.body.webhookSecret).toBeUndefined();
  });

  it('a department for a centre that does not exist → 404', async () => {
    const res = await stack.call('PUT', '/tenants/510104999/departments/x', {
      token: admin,
      body: { name: '某局', level: 'county', delivery: { email: { address: 'a@example.gov.cn' } } },
    });
    expect(res.status).toBe(404);
  });

  it('the director sets the duty chief of a day (值班长)', async () => {
    const res = await stack.call('PUT', '/tenants/510104001/duty-roster/2026-10-08', {
      token: director,
      body: { staffId: 'chief-wang', staffName: '王强', headInHall: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenantId: '510104001',
      date: '2026-10-08',
      staffName: '王强',
      headInHall: true,
    });
  });

  it('staff cannot set the roster', async () => {
    const staff = await stack.token({ role: 'staff', tenantId: '510104001' });
    const res = await stack.call('PUT', '/tenants/510104001/duty-roster/2026-10-08', {
      token: staff,
      body: { staffId: 'x', staffName: 'x' },
    });
    expect(res.status).toBe(403);
  });
});

describe('the ledger (台账)', () => {
  let staff: string;
  beforeAll(async () => {
    await setUpCentre(stack, '510104005');
    staff = await stack.token({ role: 'staff', tenantId: '510104005' });
    // 30 Sep 23:59 and 1 Oct 00:01, Asia/Shanghai: the same UTC day, different local days.
    await stack.clock.setTo(new Date('2026-09-30T23:59:00+08:00'));
    await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ matter: '九月的事项', channel: 'phone' }),
    });
    await stack.clock.setTo(new Date('2026-10-01T00:01:00+08:00'));
    await stack.call('POST', '/cases', { token: staff, body: intakeBody({ matter: '十月的事项' }) });
    await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({
        reporter: { name: '王五', phone: '13900000000' },
        scope: { kind: 'prohibited_by_law', reason: '法律禁止' },
      }),
    });
  });

  const matters = (res: { body: { items: Array<{ matter: string }> } }) =>
    res.body.items.map((c) => c.matter);

  it('lists newest first', async () => {
    const res = await stack.call('GET', '/cases', { token: staff });
    expect(res.body.items.map((c: { number: string }) => c.number)).toEqual([
      '510104005-2026-00003',
      '510104005-2026-00002',
      '510104005-2026-00001',
    ]);
  });

  it('from/to are Asia/Shanghai dates', async () => {
    const sept = await stack.call('GET', '/cases?from=2026-09-01&to=2026-09-30', { token: staff });
    expect(matters(sept)).toEqual(['九月的事项']);
    const oct = await stack.call('GET', '/cases?from=2026-10-01&to=2026-10-31', { token: staff });
    expect(oct.body.items).toHaveLength(2);
  });

  it('filters by status, channel and scope kind, and searches by q', async () => {
    expect((await stack.call('GET', '/cases?status=rejected', { token: staff })).body.items).toHaveLength(1);
    expect(matters(await stack.call('GET', '/cases?channel=phone', { token: staff }))).toEqual([
      '九月的事项',
    ]);
    expect(
      (await stack.call('GET', '/cases?scopeKind=prohibited_by_law', { token: staff })).body.items,
    ).toHaveLength(1);
    const byName = await stack.call('GET', `/cases?q=${encodeURIComponent('王五')}`, { token: staff });
    expect(byName.body.items.map((c: { reporter: { name: string } }) => c.reporter.name)).toEqual(['王五']);
    const byNumber = await stack.call('GET', '/cases?q=2026-00002', { token: staff });
    expect(matters(byNumber)).toEqual(['十月的事项']);
  });

  it('pages with limit and an opaque cursor, with no repeats', async () => {
    const first = await stack.call('GET', '/cases?limit=2', { token: staff });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await stack.call('GET', `/cases?limit=2&cursor=${first.body.nextCursor}`, {
      token: staff,
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('a supervisor filters a period across centres too', async () => {
    const sup = await stack.token({ role: 'supervisor', regionCode: '5101' });
    const res = await stack.call('GET', '/cases?from=2026-09-30&to=2026-09-30', { token: sup });
    expect(matters(res)).toEqual(['九月的事项']);
  });
});
