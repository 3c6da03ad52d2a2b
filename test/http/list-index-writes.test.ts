/**
 * The ledger's index holds the list's fields only (shared/table.ts, `regionReads`): a change a list
 * does not show writes the case and its audit event but not the index entry; a change it shows
 * rewrites the entry; and GET /cases answers the rows the index holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapacityUse, meterCapacity } from '../../scripts/lib/capacity.ts';
import { table } from '../../shared/table.ts';
import { buildCentreReport } from '../../shared/use-cases/reports/monthly.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104031';
let stack: TestStack;
let staff: string;

/** The write units each index took while `act` ran (the table under `table`). */
async function unitsDuring(act: () => Promise<unknown>): Promise<Record<string, number>> {
  const uses: CapacityUse[] = [];
  const stop = meterCapacity((use) => {
    if (use.write) uses.push(use);
  });
  try {
    await act();
    await stack.drain();
  } finally {
    stop();
  }
  const units: Record<string, number> = { table: 0 };
  for (const use of uses) {
    units.table = (units.table ?? 0) + use.table;
    for (const [name, n] of Object.entries(use.indexes)) units[name] = (units[name] ?? 0) + n;
  }
  return units;
}

async function newCase(): Promise<string> {
  const res = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function ok(method: string, path: string, body?: unknown) {
  const res = await stack.call(method, path, { token: staff, ...(body === undefined ? {} : { body }) });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-10-12T10:00:00+08:00' });
  await setUpCentre(stack, TENANT);
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
});
afterAll(() => stack.close());

describe('the ledger index (byRegion)', () => {
  it('is not written by a signature the ledger does not show', async () => {
    // Arrange
    const id = await newCase();
    await stack.drain();

    // Act
    const units = await unitsDuring(() =>
      ok('POST', `/cases/${id}/confirmation`, { signedBy: '张三', signedAt: '2026-10-12' }),
    );

    // Assert: the case and its audit event were written, the ledger's entry was not.
    expect(units.table).toBeGreaterThan(0);
    expect(units[table.indexes.byActivity.name]).toBeGreaterThan(0);
    expect(units[table.indexes.byRegion.name] ?? 0).toBe(0);
  });

  it('rewrites the entry when what the ledger shows changes, and lists the new status', async () => {
    // Arrange
    const id = await newCase();
    await ok('POST', `/cases/${id}/confirmation`, { signedBy: '张三', signedAt: '2026-10-12' });
    await ok('POST', `/cases/${id}/opinion`, { kind: 'on_the_spot', answer: '当场说明所需材料' });
    await stack.drain();

    // Act
    const units = await unitsDuring(() =>
      ok('POST', `/cases/${id}/close`, { outcome: 'resolved', resolution: '当场办结' }),
    );
    const ledger = await ok('GET', '/cases?limit=50');

    // Assert
    expect(units[table.indexes.byRegion.name]).toBeGreaterThan(0);
    const row = ledger.items.find((c: { id: string }) => c.id === id);
    expect(row.status).toBe('closed');
  });

  it('answers each ledger row with the summary fields only', async () => {
    // Arrange
    const id = await newCase();

    // Act
    const ledger = await ok('GET', '/cases?limit=50');
    const detail = await ok('GET', `/cases/${id}`);

    // Assert: the row is the list's fields; the record (description, version) is the detail's.
    const row = ledger.items.find((c: { id: string }) => c.id === id);
    expect(Object.keys(row).sort()).toEqual(
      ['acceptedAt', 'channel', 'id', 'matter', 'number', 'reporter', 'scope', 'status', 'tenantId'].sort(),
    );
    expect(row.matter).toBe(detail.matter);
    expect(detail.description).toBe(intakeBody().description);
    expect(detail.version).toBeGreaterThan(0);
  });

  it("gives the monthly figures from the index alone, with the month's cases counted", async () => {
    // Arrange: the cases above were accepted in 2026-10; a transferred one as well.
    const id = await newCase();
    await ok('POST', `/cases/${id}/confirmation`, { signedBy: '张三', signedAt: '2026-10-12' });
    const reads: string[] = [];
    const stop = meterCapacity((use) => {
      if (!use.write) reads.push(use.command);
    });

    // Act
    let report: Awaited<ReturnType<typeof buildCentreReport>>;
    try {
      report = await buildCentreReport({ tenantId: TENANT, name: '测试中心' }, '2026-10');
    } finally {
      stop();
    }

    // Assert: Queries (the ledgers, the activity, last month's report) and no read by key of the
    // records behind the ledger's entries.
    expect(reads).not.toContain('BatchGetItemCommand');
    expect(reads).toContain('QueryCommand');
    const ledger = await ok('GET', '/cases?limit=50');
    expect(report.statistics.received).toBe(ledger.items.length);
    expect(report.statistics.assisted).toBe(ledger.items.length); // every intakeBody() is assisted
  });
});
