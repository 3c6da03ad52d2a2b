/**
 * Cold-start benchmark (not a test): bundles every function the way CDK does (esbuild, ESM,
 * minified, SDK inside) and measures what a fresh Node process spends importing each bundle —
 * CPU time (the bar) and wall time — against a bundle holding just the DynamoDB DocumentClient,
 * measured alongside. Prints sizes and ratios.
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
import { functionEntries, LAMBDA_BUNDLE } from './lib/lambda-bundle.ts';

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
    ...LAMBDA_BUNDLE,
  });
  return outfile;
}

interface Sample {
  /** Wall-clock milliseconds of the import. */
  wall: number;
  /** CPU milliseconds (user + system, all threads) the import took. */
  cpu: number;
}

/** One fresh process importing the bundle (process start excluded). */
function importOnce(file: string): Sample {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const t=process.hrtime.bigint(),c=process.cpuUsage();import(${JSON.stringify(file)}).then(()=>{const u=process.cpuUsage(c);console.log(Number(process.hrtime.bigint()-t)/1e6,(u.user+u.system)/1e3)})`,
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
  const [wall, cpu] = r.stdout.trim().split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Medians for the bundle and for the floor, measured in alternation, so a machine that gets
 * busier or quieter during the run moves both alike. Two clocks: wall time is what a cold start
 * waits on a quiet machine; CPU time is the work itself and stays steady on a loaded one (on a
 * machine with other work running, wall-clock ratios swing by ±0.5), so the bar is judged on it.
 */
function paired(file: string, floorFile: string) {
  const own: Sample[] = [];
  const floor: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(importOnce(floorFile));
    own.push(importOnce(file));
  }
  const m = (xs: Sample[], k: keyof Sample) => median(xs.map((x) => x[k]));
  return {
    wall: m(own, 'wall'),
    cpu: m(own, 'cpu'),
    floorWall: m(floor, 'wall'),
    floorCpu: m(floor, 'cpu'),
  };
}

const floorFile = await bundle({ contents: FLOOR }, 'floor');
const floorKb = statSync(floorFile).size / 1024;

const entries = functionEntries().filter((e) => !only || e.includes(only));
interface Row {
  entry: string;
  kb: number;
  cpu: number;
  ratio: number;
  wallRatio: number;
}
const rows: Row[] = [];
const floorsCpu: number[] = [];
const floorsWall: number[] = [];
for (const entry of entries) {
  const file = await bundle(join(ROOT, entry), entry.replace(/[/.]/g, '_'));
  const t = paired(file, floorFile);
  floorsCpu.push(t.floorCpu);
  floorsWall.push(t.floorWall);
  rows.push({
    entry,
    kb: statSync(file).size / 1024,
    cpu: t.cpu,
    ratio: t.cpu / t.floorCpu,
    wallRatio: t.wall / t.floorWall,
  });
}
console.log(
  `floor (DocumentClient only): ${floorKb.toFixed(0)} KB, CPU ${median(floorsCpu).toFixed(1)} ms, wall ${median(floorsWall).toFixed(1)} ms (medians; each ratio is against the floor measured alongside it)`,
);
rows.sort((a, b) => b.ratio - a.ratio);
console.log(
  '\nentry'.padEnd(50),
  'KB'.padStart(6),
  'CPU ms'.padStart(8),
  'ratio'.padStart(7),
  'wall ratio'.padStart(11),
);
for (const r of rows) {
  console.log(
    r.entry.padEnd(49),
    r.kb.toFixed(0).padStart(6),
    r.cpu.toFixed(1).padStart(8),
    `${r.ratio.toFixed(2)}×`.padStart(7),
    `${r.wallRatio.toFixed(2)}×`.padStart(11),
  );
}
const slow = rows.filter((r) => r.ratio > MAX_RATIO);
const big = rows.filter((r) => r.kb > MAX_KB);
console.log(
  `\n${rows.length} bundles; ${slow.length} above ${MAX_RATIO}× the floor (CPU), ${big.length} above ${MAX_KB} KB.`,
);
for (const r of new Set([...slow, ...big])) {
  console.log(`  over the bar: ${r.entry} (${r.kb.toFixed(0)} KB, ${r.ratio.toFixed(2)}×)`);
}
rmSync(out, { recursive: true, force: true });
if (slow.length > 0 || big.length > 0) process.exitCode = 1;
