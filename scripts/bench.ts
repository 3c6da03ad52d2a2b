/**
 * Every benchmark, one after another, printing ratios and units, never pass/fail timings
 * (`npm run bench`; see the README's "Benchmarks"). Each runs in its own process, so one
 * benchmark's warm caches never flatter the next. `--quick` runs smaller sizes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const BENCHES: [title: string, script: string, args: string[]][] = [
  [
    'Intake latency, warm and cold container (bar: 1.3×; cold: no cancelled transaction)',
    'bench-intake.ts',
    quick ? ['--requests', '100', '--centres', '30'] : ['--requests', '300', '--centres', '100'],
  ],
  ['Write and read units of one complete case', 'bench-write-units.ts', []],
  [
    'Function bundles: size and import time against the DocumentClient floor (bar: 1.5×)',
    'bench-cold-start.ts',
    quick ? ['--runs', '3'] : ['--runs', '7'],
  ],
  [
    'Monthly bulletin: a large centre-month and a county roll-up',
    'bench-reports.ts',
    quick ? ['--cases', '2000', '--centres', '20', '--centre-cases', '10'] : [],
  ],
  [
    'The 02:00 monthly run over every centre of the region (quick: one county)',
    'bench-province.ts',
    quick ? ['--region', '510104'] : ['--region', '51'],
  ],
  ['Console: what a browser downloads per screen (gzip)', 'console-size.ts', []],
];

let failed = 0;
for (const [title, script, args] of BENCHES) {
  console.log(`\n== ${title}\n   npx tsx scripts/${script} ${args.join(' ')}`.trimEnd());
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], {
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  if (run.status !== 0) failed++;
  console.log(
    `   (${((performance.now() - started) / 1000).toFixed(0)} s${run.status === 0 ? '' : `, exit ${run.status}`})`,
  );
}
process.exit(failed ? 1 : 0);
