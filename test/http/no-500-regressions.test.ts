/**
 * Each input that once answered 500 (issue 10) now answers a 4xx in the error contract: reversed
 * or future periods, extended-year dates, forged cursors, concurrent secret rotations and
 * department saves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let staff: string;
let chief: string;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, '510104001');
  staff = await stack.token({ role: 'staff', tenantId: '510104001' });
  chief = await stack.token({ role: 'duty_chief', tenantId: '510104001' });
  admin = await stack.token({ role: 'admin' });
  for (let i = 0; i < 3; i++) {
    const res = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    expect(res.status).toBe(201);
  }
});
afterAll(() => stack.close());

type Answer = Awaited<ReturnType<TestStack['call']>>;

function expectFieldError(res: Answer, field: string, message: RegExp) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
}

describe('a reversed period (from later than to)', () => {
  it.each([
    ['/cases', 'staff'],
    ['/reports/ledger.csv', 'chief'],
    ['/reports/ledger.xlsx', 'chief'],
    ['/events?actor=staff-1&', 'chief'],
  ] as const)('%s answers 400 on from', async (path, who) => {
    const sep = path.includes('?') ? '' : '?';
    const token = who === 'staff' ? staff : chief;
    const res = await stack.call('GET', `${path}${sep}from=2026-10-09&to=2026-10-01`, { token });
    expectFieldError(res, 'from', /^开始日期不能晚于结束日期/);
  });

  it('a from in the future on /events (to defaults to today) answers 400 on from', async () => {
    const res = await stack.call('GET', '/events?departmentId=shebao&from=2027-01-01', { token: chief });
    expectFieldError(res, 'from', /不填结束日期时为今天/);
  });

  it('the same day as from and to is a valid one-day period', async () => {
    const res = await stack.call('GET', '/cases?from=2026-10-09&to=2026-10-09', { token: staff });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
  });
});

describe('extended-year dates', () => {
  it.each([
    '%2B275760-09-13',
    '%2B275760-09-13T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ])('/calendar/deadline?start=%s answers 400 on start', async (start) => {
    const res = await stack.call('GET', `/calendar/deadline?start=${start}&category=simple`, {
      token: staff,
    });
    expectFieldError(res, 'start', /ISO-8601|2000—2099/);
  });

  it('a ±6-digit year on a date query answers 400 with one detail', async () => {
    const res = await stack.call('GET', '/calendar/workdays?from=%2B275760-09-13&to=2026-01-01', {
      token: staff,
    });
    expectFieldError(res, 'from', /YYYY-MM-DD/);
  });
});

describe('forged cursors within the caller’s own prefix', () => {
  const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
  let real: Record<string, string>;

  beforeAll(async () => {
    const page = await stack.call('GET', '/cases?limit=1', { token: staff });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    real = JSON.parse(Buffer.from(page.body.nextCursor, 'base64url').toString('utf8'));
  });

  it('the genuine cursor still pages', async () => {
    const res = await stack.call('GET', `/cases?limit=1&cursor=${forge(real)}`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
  });

  it.each([
    ['an extra attribute', () => ({ ...real, extra: 'x' })],
    ['a missing table key', () => ({ ...real, sk: undefined })],
    ['a number for a key', () => ({ ...real, pk: 1 })],
    ['another province partition', () => ({ ...real, gsi1pk: 'CASES#44' })],
    ['an array', () => [real]],
  ])('%s answers 400 on cursor', async (_, key) => {
    const res = await stack.call('GET', `/cases?cursor=${forge(key())}`, { token: staff });
    expectFieldError(res, 'cursor', /翻页游标无效/);
  });

  it('a cursor outside the requested period answers 400 on cursor', async () => {
    const outside = { ...real, gsi1sk: '510104001#2030-01-01T00:00:00.000Z#case_x' };
    const res = await stack.call('GET', `/cases?from=2026-10-01&to=2026-10-09&cursor=${forge(outside)}`, {
      token: staff,
    });
    expectFieldError(res, 'cursor', /翻页游标无效/);
  });
});

describe('concurrent writes to one department', () => {
  const path = '/tenants/510104001/departments/shebao';
  const body = {
    name: '区社保局',
    level: 'county',
    delivery: { webhook: { url: 'http://127.0.0.1:9/hook' } },
  };

  it('parallel saves: one creates (201, the secret once), the rest update (200), none fails', async () => {
    const res = await Promise.all(
      Array.from({ length: 8 }, () => stack.call('PUT', path, { token: admin, body })),
    );
    expect(res.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(res.filter((r) => r.body.webhookSecret)).toHaveLength(1);
  });

  it('parallel rotations: one rotates, the others answer 409 rotation_conflict, never 500', async () => {
    const res = await Promise.all(
      Array.from({ length: 8 }, () => stack.call('POST', `${path}/webhook-secret`, { token: admin })),
    );
    const statuses = res.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of res.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('rotation_conflict');
  });

  it('rotations racing saves of the other fields: every rotation that answers 200 holds', async () => {
    const res = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? stack.call('PUT', path, { token: admin, body: { ...body, name: `区社保局${i}` } })
          : stack.call('POST', `${path}/webhook-secret`, { token: admin }),
      ),
    );
    expect(res.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const saves = res.filter((_, i) => i % 2 === 0);
    expect(saves.every((r) => r.status === 200)).toBe(true);
  });
});
