/**
 * Each index projects only what its readers read, and its readers read only what it projects:
 * a Query on an index that projects less than ALL must name its attributes (a ProjectionExpression
 * from the index's read lists in shared/table.ts), and every list must lie inside the projection.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueReads, table } from '../../shared/table.ts';

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

describe('index projections', () => {
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
    // The outbox sweeper and the safety net (test helpers are not searched).
    expect(queries.map((q) => q.file).sort()).toEqual([
      'shared/adapters/outbox-store.ts',
      'shared/use-cases/supervision.ts',
    ]);
    for (const q of queries) expect(q.request, q.file).toMatch(/projectionOf\(dueReads\.(outbox|check)\)/);
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
