/**
 * Cold-start benchmark (not a test): bundles every function the way CDK does (esbuild, ESM,
 * minified, SDK inside) and measures how long a fresh Node process takes to import each bundle,
 * against a bundle holding just the DynamoDB DocumentClient. Prints sizes and ratios.
 *
 *   npx tsx scripts/bench-cold-start.ts [--runs 7] [--only <substring of the entry path>]
 *
 * Exits 1 when a bundle imports above 1.5× the floor or is larger than 600 KB (issue 16's bar),
 * so `npm run bench` shows the failure; it is not part of `npm test` (timings are not tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { routes } from '../shared/http/routes.ts';
import { workers } from '../shared/workers.ts';

const ROOT = join(import.meta.dirname, '..');
const arg = (name: string): string | undefined =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const runs = Number(arg('--runs')) || 7;
const only = arg('--only');
/** The bar: import time ÷ the floor's, and the minified size. */
const MAX_RATIO = 1.5;
const MAX_KB = 600;
const out = mkdtempSync(join(tmpdir(), 'bancheng-bench-'));

const FLOOR = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
`;

async function bundle(entry: string | { contents: string }, name: string): Promise<string> {
  const outfile = join(out, `${name}.mjs`);
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}

/** Milliseconds for a fresh process to import the bundle (process start excluded). */
function importOnce(file: string): number {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const t=process.hrtime.bigint();import(${JSON.stringify(file)}).then(()=>console.log(Number(process.hrtime.bigint()-t)/1e6))`,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_REGION: 'ap-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
  return Number(r.stdout.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Median import time of the bundle and of the floor, measured in alternation, so a machine
 * that gets busier or quieter during the run moves both alike and the ratio stays fair.
 */
function pairedMs(file: string, floorFile: string): { ms: number; floorMs: number } {
  const own: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(importOnce(floorFile));
    own.push(importOnce(file));
  }
  return { ms: median(own), floorMs: median(floor) };
}

const floorFile = await bundle({ contents: FLOOR }, 'floor');
const floorKb = statSync(floorFile).size / 1024;

const entries = [
  ...new Set([...routes.map((r) => r.entry), ...Object.values(workers).map((w) => w.entry)]),
].filter((e) => !only || e.includes(only));
const rows: Array<[string, number, number, number]> = [];
const floors: number[] = [];
for (const entry of entries) {
  const file = await bundle(join(ROOT, entry), entry.replace(/[/.]/g, '_'));
  const { ms, floorMs } = pairedMs(file, floorFile);
  floors.push(floorMs);
  rows.push([entry, statSync(file).size / 1024, ms, ms / floorMs]);
}
console.log(
  `floor (DocumentClient only): ${floorKb.toFixed(0)} KB, ${median(floors).toFixed(1)} ms (median; each ratio is against the floor measured alongside it)`,
);
rows.sort((a, b) => b[3] - a[3]);
console.log('\nentry'.padEnd(50), 'KB'.padStart(6), 'ms'.padStart(8), 'ratio'.padStart(7));
for (const [entry, kb, ms, ratio] of rows) {
  console.log(
    entry.padEnd(49),
    kb.toFixed(0).padStart(6),
    ms.toFixed(1).padStart(8),
    `${ratio.toFixed(2)}×`.padStart(7),
  );
}
const slow = rows.filter((r) => r[3] > MAX_RATIO);
const big = rows.filter((r) => r[1] > MAX_KB);
console.log(
  `\n${rows.length} bundles; ${slow.length} above ${MAX_RATIO}× the floor, ${big.length} above ${MAX_KB} KB.`,
);
for (const [entry, kb, , ratio] of [...new Set([...slow, ...big])]) {
  console.log(`  over the bar: ${entry} (${kb.toFixed(0)} KB, ${ratio.toFixed(2)}×)`);
}
rmSync(out, { recursive: true, force: true });
if (slow.length > 0 || big.length > 0) process.exitCode = 1;
