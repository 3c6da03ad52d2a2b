/**
 * Each index projects only what its readers read, and its readers read only what it projects:
 * a Query on an index that projects less than ALL must name its attributes (a ProjectionExpression
 * from the index's read lists in shared/table.ts), and every list must lie inside the projection.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_ROW, WORK_ORDER_ROW } from '../../shared/domain/list-rows.ts';
import { statisticsReads } from '../../shared/domain/statistics-reads.ts';
import { CaseSummary } from '../../shared/schemas/responses/case.ts';
import { OpenWorkOrder, WorkOrderSummary } from '../../shared/schemas/responses/work-order.ts';
import { dueReads, type IndexProjection, openReads, regionReads, table } from '../../shared/table.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every `IndexName: …` in the code with the text of its request (up to the closing `})`). */
function queriesOn(indexKey: keyof typeof table.indexes): { file: string; request: string }[] {
  const index = table.indexes[indexKey];
  const names = [`'${index.name}'`, `'${indexKey}'`, `indexes.${indexKey}.name`];
  const found: { file: string; request: string }[] = [];
  for (const file of ['shared', 'functions', 'scripts', 'infra'].flatMap((d) => sources(join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/IndexName:\s*([^,\n]+)/g)) {
      if (!names.some((n) => match[1]?.includes(n))) continue;
      const start = text.lastIndexOf('{', match.index);
      found.push({
        file: file.slice(ROOT.length + 1),
        request: text.slice(start, text.indexOf('})', match.index)),
      });
    }
  }
  return found;
}

const attributesOf = (p: IndexProjection) => new Set(p.type === 'INCLUDE' ? p.attributes : []);
const union = (reads: Record<string, readonly string[]>) => [...new Set(Object.values(reads).flat())].sort();

describe('index projections', () => {
  it('projects into byRegion and byOpen exactly what their lists read', () => {
    expect(table.indexes.byRegion.projection.type).toBe('INCLUDE');
    expect(table.indexes.byOpen.projection.type).toBe('INCLUDE');
    // The ledger index also holds what the monthly figures read, so the 02:00 run reads it alone.
    expect([...attributesOf(table.indexes.byRegion.projection)].sort()).toEqual(
      union({
        ...regionReads,
        statisticsCase: statisticsReads.case,
        statisticsOrder: statisticsReads.workOrder,
      }),
    );
    expect([...attributesOf(table.indexes.byOpen.projection)].sort()).toEqual(union(openReads));
  });

  it('keeps what a case only records, not lists, off the ledger index', () => {
    // A confirmation, a chain head, a version: written by changes the ledger does not show.
    const projected = attributesOf(table.indexes.byRegion.projection);
    for (const a of ['version', 'updatedAt', 'lastEventSeq', 'lastEventHash', 'confirmation', 'description'])
      expect(projected.has(a), a).toBe(false);
  });

  it('answers the list rows the API promises from what the indexes hold', () => {
    // GET /cases: a CaseSummary per row; GET /work-orders and the board: a WorkOrderSummary.
    for (const field of Object.keys(CaseSummary.shape))
      expect(regionReads.case as readonly string[], `ledger row field ${field}`).toContain(field);
    for (const field of Object.keys(WorkOrderSummary.shape))
      expect(regionReads.workOrder as readonly string[], `order row field ${field}`).toContain(field);
    for (const field of Object.keys(OpenWorkOrder.shape))
      expect(openReads.workOrder as readonly string[], `board row field ${field}`).toContain(field);
    // Everything on the open-work index is open: its entries hold no status, so an order's
    // delivery and 签收 do not write it.
    expect(openReads.workOrder as readonly string[]).not.toContain('status');
    // The stores ask the index for exactly the promised rows.
    expect([...CASE_ROW].sort()).toEqual(Object.keys(CaseSummary.shape).sort());
    expect([...WORK_ORDER_ROW].sort()).toEqual(Object.keys(WorkOrderSummary.shape).sort());
    // The board's owed follow-ups and the calendar recompute.
    for (const field of ['type', 'id', 'number', 'tenantId', 'followUp'])
      expect(openReads.case as readonly string[]).toContain(field);
  });

  it('projects into byDue exactly what its two sweepers read', () => {
    const projection = table.indexes.byDue.projection;
    expect(projection.type).toBe('INCLUDE');
    const projected = new Set(projection.type === 'INCLUDE' ? projection.attributes : []);
    for (const [reader, attributes] of Object.entries(dueReads))
      for (const a of attributes) expect(projected.has(a), `${reader} reads ${a}`).toBe(true);
    expect([...projected].sort()).toEqual([...new Set(Object.values(dueReads).flat())].sort());
  });

  it('has every Query on byDue name its attributes from the read lists', () => {
    const queries = queriesOn('byDue');
    // The outbox sweeper, its sweep of texts and the safety net (test helpers are not searched).
    expect(queries.map((q) => q.file).sort()).toEqual([
      'shared/adapters/outbox-store.ts',
      'shared/adapters/sms-records.ts',
      'shared/use-cases/supervision.ts',
    ]);
    // The sweep of texts reads the index's sort key alone (it names the case and the text), so
    // it needs nothing projected.
    for (const q of queries)
      expect(q.request, q.file).toMatch(
        /projectionOf\(dueReads\.(outbox|check)\)|ProjectionExpression: tableDef\.indexes\.byDue\.sortKey,/,
      );
  });

  it('names every index through shared/table.ts or by its deployed name', () => {
    for (const key of Object.keys(table.indexes) as (keyof typeof table.indexes)[]) {
      const index = table.indexes[key];
      if (index.name === key) continue;
      // A renamed index (a new projection): no reader may still use the old name.
      const stale = queriesOn(key).filter((q) => q.request.includes(`'${key}'`));
      expect(stale.map((q) => q.file)).toEqual([]);
    }
  });
});
