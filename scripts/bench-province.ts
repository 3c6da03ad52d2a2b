/**
 * The province's 02:00 run at province size (not a test): every township/street centre of the
 * official division table (3,111 for `--region 51`) onboarded, a month of synthetic cases for
 * each (`--cases`, default 20), then the monthly run exactly as production does it — the
 * scheduled worker queues one job per centre on the reports queue, the report builder consumes
 * them in batches and the fan-in builds every county, city and the province. Prints the time and
 * the read and write units it took (scripts/lib/capacity.ts), and the number of Scans (exits 1 on
 * any: the run must only Query).
 *
 *   npx tsx scripts/bench-province.ts [--region 51] [--cases 20]
 *
 * Locally one builder consumes the queue; in AWS the event source's maximum concurrency caps how
 * many run at once (shared/workers.ts), so the run's wall time there is about this ÷ that cap.
 */
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { startSqsEmulator } from '../infra/local/emulators.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { AdjustableClock } from '../shared/adapters/clock.ts';
import { getReport } from '../shared/adapters/report-store.ts';
import { shanghaiMonthRange } from '../shared/domain/time.ts';
import { townsUnder } from '../shared/domain/towns.ts';
import { workers } from '../shared/workers.ts';
import { meterCapacity } from './lib/capacity.ts';
import { batchWrite, HOUR, seedCentre, tenantItem } from './lib/seed.ts';

const { values: flags } = parseArgs({
  options: {
    region: { type: 'string', default: '51' },
    cases: { type: 'string', default: '20' },
    month: { type: 'string', default: '2026-10' },
  },
});
const REGION = flags.region;
const CASES = Number(flags.cases);
const MONTH = flags.month;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'error';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const meter = { read: 0, write: 0, requests: 0, scans: 0 };

const dynamo = await startDynamoDbLocal({ inMemory: true });
const sqs = await startSqsEmulator();
try {
  const { start, end } = shanghaiMonthRange(MONTH);
  const clock = new AdjustableClock({ frozenAt: new Date(end.getTime() + 2 * HOUR) });
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    tableName: 'province',
    clock,
  });
  const towns = townsUnder(REGION);
  if (towns.length === 0) throw new Error(`no township under ${REGION} in the division table`);

  const seeding = performance.now();
  let items = 0;
  for (let i = 0; i < towns.length; i += 100) {
    const batch = towns
      .slice(i, i + 100)
      .flatMap((t) => [
        tenantItem(t.code, `${t.name}便民服务中心`),
        ...seedCentre(t.code, CASES, start, end),
      ]);
    items += batch.length;
    await batchWrite(batch, 'province');
  }
  console.log(
    `seeded ${towns.length} centres under ${REGION}, ${towns.length * CASES} cases (${items} items) in ${seconds(performance.now() - seeding)}`,
  );

  meterCapacity((use) => {
    meter.requests++;
    if (use.command === 'ScanCommand') meter.scans++;
    meter[use.write ? 'write' : 'read'] += use.units;
  });

  const run = performance.now();
  const started = (await stack.workers.invoke(workers.monthlyBulletin.entry, { month: MONTH })) as {
    sent: number;
  };
  const fannedOut = performance.now() - run;
  let batches = 0;
  while ((await stack.workers.runOnce(workers.reportBuilder)) > 0) batches++;
  const total = performance.now() - run;

  const top = await getReport(REGION, MONTH);
  if (!top) throw new Error(`the ${REGION} report was not built`);
  console.table({
    [`monthly run ${MONTH}`]: {
      centres: started.sent,
      'fan-out': seconds(fannedOut),
      'all reports': seconds(total),
      'per centre': `${(total / started.sent).toFixed(0)} ms`,
      batches,
      'read units': Math.round(meter.read),
      'write units': Math.round(meter.write),
      requests: meter.requests,
      scans: meter.scans,
    },
  });
  // The bar: no Scan on any scheduled job. A Scan would read the whole province's table.
  if (meter.scans > 0) process.exitCode = 1;
  console.log(
    `${top.name} (${REGION}) report: ${top.centreCount} centres, ${top.statistics.received} cases registered`,
  );
  await stack.close();
} finally {
  await sqs.stop();
  await dynamo.stop();
}
