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
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { createTable, localDynamoClient } from '../infra/local/emulators.ts';
import { AdjustableClock, useClock } from '../shared/adapters/clock.ts';
import { documentClient, resetDynamo } from '../shared/adapters/dynamo.ts';
import { putNotification } from '../shared/adapters/notification-store.ts';
import { expectParts, newMeter, partDone, putReport } from '../shared/adapters/report-store.ts';
import { formatShanghai, shanghaiMonthRange } from '../shared/domain/time.ts';
import { type Case, CHANNELS } from '../shared/schemas/case.ts';
import type { WorkOrder } from '../shared/schemas/work-order.ts';
import { keys } from '../shared/table.ts';
import { buildCentreReport, buildRollup } from '../shared/use-cases/reports/monthly.ts';

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

/** A small deterministic generator, so every run seeds the same data. */
let seed = 20260301;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const MATTERS = Array.from(
  { length: 60 },
  (_, i) =>
    `事项${String(i + 1).padStart(2, '0')}：${pick(['养老保险', '医保报销', '低保申请', '户籍迁移', '不动产登记', '社保转移'])}`,
);
const DEPARTMENTS = Array.from({ length: 8 }, (_, i) => ({ id: `dept${i + 1}`, name: `承办单位${i + 1}` }));
const SCOPES: readonly Case['scope'][] = [
  { kind: 'repeated_consultation', accepted: true },
  { kind: 'materials_not_handled', accepted: true },
  { kind: 'dissatisfaction_complaint', accepted: true },
  { kind: 'outside_authority', accepted: true },
  { kind: 'litigation_petition_or_filed', accepted: false, reason: '已立案' },
];
const clerk = { id: 'staff-1', name: '窗口人员' };
const HOUR = 3_600_000;

function seedCentre(tenantId: string, count: number, start: Date, end: Date) {
  const items: Record<string, unknown>[] = [];
  const span = end.getTime() - start.getTime();
  for (let i = 1; i <= count; i++) {
    const accepted = new Date(start.getTime() + Math.floor(random() * (span - 48 * HOUR)));
    const acceptedAt = formatShanghai(accepted);
    const id = `case_${tenantId}${String(i).padStart(17, '0')}`;
    const number = `${tenantId}-2026-${String(i).padStart(5, '0')}`;
    const scope = pick(SCOPES);
    const closedAt = formatShanghai(new Date(accepted.getTime() + 30 * HOUR));
    const closed = scope.accepted && random() < 0.7;
    const rated = closed && random() < 0.7;
    const satisfaction = 1 + Math.floor(random() * 5);
    const c: Case = {
      id,
      number,
      tenantId,
      status: closed ? (rated ? 'followed_up' : 'closed') : scope.accepted ? 'registered' : 'rejected',
      version: 3,
      channel: pick(CHANNELS),
      reporter: { name: '张三', phone: '13800000000' },
      scope,
      matter: pick(MATTERS),
      description: '反映人三次来办均被告知材料不全，每次要求不同，'.repeat(6),
      assisted: random() < 0.4,
      notice: {
        materialsComplete: false,
        howToSupplement: '补充户口簿复印件',
        nextSteps: '材料补齐后递交',
        accepted: scope.accepted,
      },
      acceptedAt,
      acceptedBy: clerk,
      confirmation: null,
      opinion: null,
      ...(closed
        ? { closure: { outcome: 'resolved' as const, resolution: '已办结', closedAt, closedBy: clerk } }
        : {}),
      ...(rated
        ? {
            followUps: [
              {
                method: 'phone' as const,
                satisfaction,
                round: 1,
                at: formatShanghai(new Date(accepted.getTime() + 40 * HOUR)),
                by: clerk,
                onTime: random() < 0.9,
                reopened: satisfaction <= 2,
              },
            ],
          }
        : {}),
      updatedAt: acceptedAt,
    };
    items.push({
      ...keys.case(id),
      ...keys.caseLedger(tenantId, accepted.toISOString(), number),
      type: 'case',
      ledgerAt: accepted.toISOString(),
      lastEventSeq: 3,
      lastEventHash: '0'.repeat(64),
      ...c,
    });
    if (!scope.accepted || random() >= TRANSFER_SHARE) continue;
    const dept = pick(DEPARTMENTS);
    const transferred = new Date(accepted.getTime() + HOUR);
    const due = new Date(transferred.getTime() + 48 * HOUR);
    const answeredLate = random() < 0.15;
    const answer = new Date(due.getTime() + (answeredLate ? 20 : -20) * HOUR);
    const woId = `wo_${id.slice(5)}_1`;
    const wo: WorkOrder = {
      id: woId,
      number: `${number}-1`,
      caseId: id,
      caseNumber: number,
      tenantId,
      departmentId: dept.id,
      departmentName: dept.name,
      deliveryChannel: 'webhook',
      category: pick(['simple', 'general', 'complex'] as const),
      requirements: '及时协调解决，2个工作日内整改反馈',
      status: 'completed',
      overdue: false,
      escalationLevel: answeredLate ? 1 : 0,
      dueAt: formatShanghai(due),
      provisional: false,
      transferredAt: formatShanghai(transferred),
      transferredBy: clerk,
      feedback: [
        { kind: 'result', content: '已办理', at: formatShanghai(answer), by: { id: 'd', name: '承办人' } },
      ],
      ...(answeredLate ? { overdueAt: formatShanghai(due) } : {}),
      attempts: [],
      version: 3,
      updatedAt: formatShanghai(answer),
    };
    items.push({
      ...keys.workOrder(id, 1),
      ...keys.workOrderLedger(tenantId, transferred.toISOString(), wo.number),
      type: 'workOrder',
      ...wo,
    });
  }
  return items;
}

async function batchWrite(items: Record<string, unknown>[], tableName: string) {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < chunks.length) {
        let request = { [tableName]: chunks[next++]!.map((Item) => ({ PutRequest: { Item } })) };
        while (request[tableName]?.length) {
          const out = await documentClient().send(new BatchWriteCommand({ RequestItems: request }));
          request = (out.UnprocessedItems ?? {}) as typeof request;
        }
      }
    }),
  );
}

function tenantItem(tenantId: string) {
  return {
    ...keys.tenant(tenantId),
    ...keys.tenantRegistry(tenantId),
    type: 'tenant',
    tenantId,
    name: `测试中心${tenantId}`,
    officeHours: { end: '17:30' },
    version: 1,
    updatedAt: '2026-01-01T00:00:00+08:00',
  };
}

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
    const big = seedCentre(BIG, CASES, start, end);
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
      centres.flatMap((t) => [tenantItem(t), ...seedCentre(t, CENTRE_CASES, start, end)]),
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
