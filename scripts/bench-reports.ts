/**
 * Benchmark of the monthly bulletin on DynamoDB Local (not part of `npm test`):
 *
 *   npx tsx scripts/bench-reports.ts                       # 10,000 cases, a county of 100 centres
 *   npx tsx scripts/bench-reports.ts --cases 2000 --centres 20 --centre-cases 10
 *
 * 1. Seeds one centre-month with `--cases` cases (a share transferred as work orders, most
 *    closed and followed up) by BatchWriteItem, and builds that centre's month report exactly as
 *    the report worker does: key-range Queries of the ledgers, the statistics, the report.
 * 2. Seeds `--centres` more centres of one county (`--centre-cases` each), builds and stores
 *    their reports with the fan-in, then builds the county roll-up from the stored reports.
 * Prints wall time and the read capacity consumed (ReturnConsumedCapacity: TOTAL) of each build.
 */
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { createTable, localDynamoClient } from '../infra/local/emulators.ts';
import { AdjustableClock, useClock } from '../shared/adapters/clock.ts';
import { resetDynamo } from '../shared/adapters/dynamo.ts';
import { putNotification } from '../shared/adapters/notification-store.ts';
import { expectParts, newMeter, partDone, putReport } from '../shared/adapters/report-store.ts';
import { shanghaiMonthRange } from '../shared/domain/time.ts';
import { buildCentreReport, buildRollup } from '../shared/use-cases/reports/monthly.ts';
import { batchWrite, HOUR, seedCentre, tenantItem } from './lib/seed.ts';

const { values: flags } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    centres: { type: 'string', default: '100' },
    'centre-cases': { type: 'string', default: '20' },
    'transfer-share': { type: 'string', default: '0.3' },
    month: { type: 'string', default: '2026-03' },
  },
});
const CASES = Number(flags.cases);
const CENTRES = Number(flags.centres);
const CENTRE_CASES = Number(flags['centre-cases']);
const TRANSFER_SHARE = Number(flags['transfer-share']);
const MONTH = flags.month;
const COUNTY = '510104';
const BIG = `${COUNTY}001`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'error';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const { start, end } = shanghaiMonthRange(MONTH);
  useClock(new AdjustableClock({ frozenAt: new Date(end.getTime() + 2 * HOUR) }));
  console.log(
    `bench-reports: month ${MONTH}; --cases ${CASES} --centres ${CENTRES} --centre-cases ${CENTRE_CASES} --transfer-share ${TRANSFER_SHARE}`,
  );
  const startedDb = Date.now();
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  console.log(`DynamoDB Local ready in ${seconds(Date.now() - startedDb)}`);
  const tableName = 'bancheng-bench';
  try {
    process.env.TABLE_NAME = tableName;
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    resetDynamo();
    const admin = localDynamoClient(dynamo.endpoint);
    await createTable(admin, tableName);
    admin.destroy();

    // 1. One big centre-month.
    const big = seedCentre(BIG, CASES, start, end, TRANSFER_SHARE);
    const seedStarted = Date.now();
    await batchWrite([tenantItem(BIG), ...big], tableName);
    const orders = big.filter((i) => i.type === 'workOrder').length;
    console.log(
      `seeded ${CASES} cases + ${orders} work orders in ${seconds(Date.now() - seedStarted)} (BatchWriteItem)`,
    );

    const meter = newMeter();
    const built = Date.now();
    const report = await buildCentreReport({ tenantId: BIG, name: `测试中心${BIG}` }, MONTH, meter);
    const buildMs = Date.now() - built;
    console.table({
      'centre month report': {
        cases: report.statistics.received,
        'work orders judged': report.statistics.onTimeFeedback.evaluated,
        'build time': seconds(buildMs),
        'read units': Math.round(meter.readUnits * 10) / 10,
        requests: meter.requests,
        'report JSON KB': Math.round(JSON.stringify(report).length / 1024),
      },
    });

    // 2. A county of CENTRES centres, rolled up from their stored reports.
    const centres = Array.from({ length: CENTRES }, (_, i) => `${COUNTY}${String(i + 101).padStart(3, '0')}`);
    const seeded = Date.now();
    await batchWrite(
      centres.flatMap((t) => [tenantItem(t), ...seedCentre(t, CENTRE_CASES, start, end, TRANSFER_SHARE)]),
      tableName,
    );
    console.log(`seeded ${CENTRES} centres x ${CENTRE_CASES} cases in ${seconds(Date.now() - seeded)}`);
    await expectParts(COUNTY, MONTH, centres.length);
    const centreMeter = newMeter();
    const centresStarted = Date.now();
    for (let i = 0; i < centres.length; i += 10) {
      await Promise.all(
        centres.slice(i, i + 10).map(async (tenantId) => {
          const r = await buildCentreReport({ tenantId, name: `测试中心${tenantId}` }, MONTH, centreMeter);
          const note = putNotification({
            id: `note_${tenantId}`,
            tenantId,
            at: r.generatedAt,
            recipient: { role: 'director' },
            topic: 'report.monthly',
            message: 'bench',
          });
          await putReport(r, note, centreMeter);
          await partDone(COUNTY, MONTH, tenantId, centreMeter);
        }),
      );
    }
    const centresMs = Date.now() - centresStarted;
    const rollupMeter = newMeter();
    const rolled = Date.now();
    const county = await buildRollup(COUNTY, MONTH, rollupMeter);
    const rollupMs = Date.now() - rolled;
    console.table({
      [`${CENTRES} centre reports (10 at a time)`]: {
        'build time': seconds(centresMs),
        'read units': Math.round(centreMeter.readUnits * 10) / 10,
        'write units': Math.round(centreMeter.writeUnits * 10) / 10,
        requests: centreMeter.requests,
      },
      'county roll-up': {
        'build time': seconds(rollupMs),
        'read units': Math.round(rollupMeter.readUnits * 10) / 10,
        'write units': 0,
        requests: rollupMeter.requests,
      },
    });
    console.log(
      `county ${COUNTY}: ${county.centreCount} centres, ${county.statistics.received} cases, on-time feedback ${county.statistics.onTimeFeedback.rate}, score ${county.score.score}`,
    );
  } finally {
    resetDynamo();
    await dynamo.stop();
  }
}

await main();
