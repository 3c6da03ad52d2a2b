/**
 * The functions' bundles, built as CDK builds them (esbuild, ESM, minified, SDK inside): every
 * one within issue 16's size bar, and the report functions with no workbook library and no
 * township table inside. Sizes, not timings (scripts/bench-cold-start.ts measures import time);
 * a size is the same on any machine.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionEntries, LAMBDA_BUNDLE } from '../../scripts/lib/lambda-bundle.ts';
import { routes } from '../../shared/http/routes.ts';
import { workers } from '../../shared/workers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_BYTES = 600 * 1024;

const entries = [
  ...new Set([
    ...routes.map((r) => r.entry).filter((e) => e.startsWith('functions/reports/')),
    ...Object.values(workers)
      .map((w) => w.entry)
      .filter((e) => /^functions\/workers\/(report-builder|monthly-bulletin|bulletin-check)\.ts$/.test(e)),
  ]),
];

async function bundle(entry: string): Promise<{ bytes: number; inputs: string[] }> {
  const result = await build({
    ...LAMBDA_BUNDLE,
    entryPoints: [join(ROOT, entry)],
    write: false,
    metafile: true,
    outfile: join(ROOT, '.tmp', 'bundle.mjs'),
  });
  return { bytes: result.outputFiles[0]!.contents.length, inputs: Object.keys(result.metafile.inputs) };
}

describe('report function bundles', () => {
  it('cover the report routes and workers', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'functions/reports/monthly.ts',
        'functions/reports/ledger-xlsx.ts',
        'functions/reports/regenerate.ts',
        'functions/workers/report-builder.ts',
        'functions/workers/monthly-bulletin.ts',
        'functions/workers/bulletin-check.ts',
      ]),
    );
  });

  it.each(entries)(
    '%s holds neither exceljs nor the township table, and is at most 600 KB',
    async (entry) => {
      const { bytes, inputs } = await bundle(entry);

      const packages = inputs.filter((i) => /node_modules\/(exceljs|jszip|archiver|unzipper)\//.test(i));
      expect(packages).toEqual([]);
      expect(inputs.filter((i) => i.includes('sichuan-towns'))).toEqual([]);
      expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
    },
  );
});

describe('every function bundle', () => {
  const others = functionEntries().filter((e) => !(entries as string[]).includes(e));

  it('covers the route table and the workers', () => {
    expect(others.length + entries.length).toBe(functionEntries().length);
    expect(others).toEqual(
      expect.arrayContaining(['functions/cases/create.ts', 'functions/workers/dispatch.ts']),
    );
  });

  it.each(others)('%s is at most 600 KB minified', async (entry) => {
    const { bytes } = await bundle(entry);
    expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
  });
});
