/**
 * Gapless numbering and Idempotency-Key, under real concurrency on DynamoDB Local.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-03-02T09:00:00+08:00' });
  await setUpCentre(stack, '510104001');
  await setUpCentre(stack, '510104003');
  staff = await stack.token({ role: 'staff', tenantId: '510104001' });
});
afterAll(() => stack.close());

function runBurst(opts: { tenantId: string; count: number }): Promise<string[]> {
  return runChild('intake-burst.ts', { TENANT_ID: opts.tenantId, COUNT: String(opts.count) });
}

/** Runs a script of test/support in a fresh process (a cold container) and parses its JSON output. */
function runChild<T>(script: string, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../support', script)],
      {
        env: {
          ...process.env,
          DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
          TABLE_NAME: stack.tableName,
          ...env,
          START_AT: stack.clock.now().toISOString(),
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${script} failed (${code}): ${err}`)),
    );
  });
}

async function allNumbers(token: string): Promise<string[]> {
  const numbers: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=200&cursor=${cursor}` : '?limit=200';
    const page = await stack.call('GET', `/cases${q}`, { token });
    numbers.push(...page.body.items.map((c: { number: string }) => c.number));
    cursor = page.body.nextCursor;
  } while (cursor);
  return numbers;
}

describe('case numbers', () => {
  it('100 concurrent intakes in one centre, from two processes, get 00001..00100 with no gap or duplicate', async () => {
    // Half through the HTTP front in this process, half from another process at the same time:
    // only the counter's transaction condition stands between them.
    const other = runBurst({ tenantId: '510104001', count: 50 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        stack.call('POST', '/cases', { token: staff, body: intakeBody({ matter: `事项${i}` }) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = [...results.map((r) => r.body.number as string), ...(await other)].sort();
    const expected = Array.from(
      { length: 100 },
      (_, i) => `510104001-2026-${String(i + 1).padStart(5, '0')}`,
    );
    expect(numbers).toEqual(expected);
    expect((await allNumbers(staff)).sort()).toEqual(expected);
  }, 60_000);

  it('each centre counts on its own', async () => {
    const other = await stack.token({ role: 'staff', tenantId: '510104003' });
    const res = await stack.call('POST', '/cases', { token: other, body: intakeBody() });
    expect(res.body.number).toBe('510104003-2026-00001');
  });

  it('a cold container numbering a centre it has not seen makes one read and one transaction, none cancelled', async () => {
    const token = await stack.token({ role: 'staff', tenantId: '510104003' });
    await stack.call('POST', '/cases', { token, body: intakeBody() });
    const seen = await allNumbers(token);

    const cold = await runChild<{ number: string; calls: { command: string; ok: boolean }[] }>(
      'intake-cold.ts',
      { TENANT_ID: '510104003' },
    );

    // The read of the counter, then the one transaction; nothing failed (a cancelled transaction
    // would show as not ok). What follows is the reporter's text message leaving the outbox.
    expect(cold.calls.slice(0, 2)).toEqual([
      { command: 'GetItemCommand', ok: true },
      { command: 'TransactWriteItemsCommand', ok: true },
    ]);
    expect(cold.calls.filter((c) => c.command === 'TransactWriteItemsCommand')).toHaveLength(1);
    expect(cold.calls.every((c) => c.ok)).toBe(true);
    expect(cold.number).toBe(`510104003-2026-${String(seen.length + 1).padStart(5, '0')}`);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body twice → one case, the first response replayed', async () => {
    const token = await stack.token({ role: 'staff', tenantId: '510104003' });
    const before = await allNumbers(token);
    const headers = { 'idempotency-key': 'b7e1c1b0-key-1' };
    const [a, b] = await Promise.all([
      stack.call('POST', '/cases', { token, headers, body: intakeBody({ matter: '幂等测试' }) }),
      stack.call('POST', '/cases', { token, headers, body: intakeBody({ matter: '幂等测试' }) }),
    ]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.number).toBe(b.body.number);
    const again = await stack.call('POST', '/cases', {
      token,
      headers,
      body: intakeBody({ matter: '幂等测试' }),
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(a.body.id);
    expect(await allNumbers(token)).toHaveLength(before.length + 1);
  });

  it('the same key with a different body is refused (422) and creates nothing', async () => {
    const token = await stack.token({ role: 'staff', tenantId: '510104003' });
    const headers = { 'idempotency-key': 'b7e1c1b0-key-2' };
    await stack.call('POST', '/cases', { token, headers, body: intakeBody({ matter: '第一次' }) });
    const before = await allNumbers(token);
    const res = await stack.call('POST', '/cases', {
      token,
      headers,
      body: intakeBody({ matter: '第二次' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('idempotency_key_reused');
    expect(await allNumbers(token)).toEqual(before);
  });

  it('after 24 hours the same key creates a new case', async () => {
    const token = await stack.token({ role: 'staff', tenantId: '510104003' });
    const headers = { 'idempotency-key': 'b7e1c1b0-key-3' };
    const first = await stack.call('POST', '/cases', { token, headers, body: intakeBody() });
    await stack.clock.advanceBy(24 * 3600_000 + 1000);
    const fresh = await stack.token({ role: 'staff', tenantId: '510104003' });
    const second = await stack.call('POST', '/cases', { token: fresh, headers, body: intakeBody() });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('a malformed key is a 400', async () => {
    const res = await stack.call('POST', '/cases', {
      token: staff,
      headers: { 'idempotency-key': 'x'.repeat(200) },
      body: intakeBody(),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('Idempotency-Key');
  });
});
