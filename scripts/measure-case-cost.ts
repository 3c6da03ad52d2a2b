/**
 * What one case costs to run, measured on the local stack (not part of `npm test`):
 *
 *   npx tsx scripts/measure-case-cost.ts            # 20 transferred + 20 answered-on-the-spot cases
 *   npx tsx scripts/measure-case-cost.ts --cases 50
 *
 * Runs whole case lives through the local front (the same handlers as Lambda) on DynamoDB
 * Local and fauxqs — intake, signature, views, transfer, e-mail dispatch, 签收, result, close,
 * the deadline schedules firing, follow-up, archive — with ReturnConsumedCapacity: INDEXES on
 * every DynamoDB call (units on the table and on each index), and prints per case: read and write request units, API requests,
 * function invocations (API + queue batches + schedules), queue messages, archive bytes and
 * log bytes. docs/operations.md, "Monthly cost", turns these into dollars.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localDynamoClient,
  startSqsEmulator,
} from '../infra/local/emulators.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { AdjustableClock } from '../shared/adapters/clock.ts';
import { ENV } from '../shared/config.ts';
import { type CapacityUse, meterCapacity } from './lib/capacity.ts';

const { values: flags } = parseArgs({ options: { cases: { type: 'string', default: '20' } } });
const N = Number(flags.cases);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'info';
const TENANT = '510104022';

interface Meter {
  rru: number;
  wru: number;
  calls: Record<string, number>;
  /** Units by where they were spent: the table, or an index (ReturnConsumedCapacity: INDEXES). */
  where: Record<string, number>;
}
const meter: Meter = { rru: 0, wru: 0, calls: {}, where: {} };

function addCapacity(use: CapacityUse) {
  const kind = use.write ? 'write' : 'read';
  if (use.write) meter.wru += use.units;
  else meter.rru += use.units;
  const add = (k: string, v = 0) => {
    meter.where[k] = (meter.where[k] ?? 0) + v;
  };
  add(`${kind}:table`, use.table);
  for (const [name, n] of Object.entries(use.indexes)) add(`${kind}:${name}`, n);
}

// Log bytes: what the functions print (JSON lines), as CloudWatch would ingest it.
let logBytes = 0;
const write = process.stdout.write.bind(process.stdout);
let capturing = false;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  if (capturing) {
    logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return true;
  }
  return write(chunk, ...(rest as []));
}) as typeof process.stdout.write;

const dynamo = await startDynamoDbLocal({ inMemory: true });
const sqs = await startSqsEmulator();
const clock = new AdjustableClock({ frozenAt: new Date('2026-09-01T09:00:00+08:00') });
const stack = await startLocalStack({
  port: 0,
  dynamoEndpoint: dynamo.endpoint,
  sqsEndpoint: sqs.endpoint,
  tableName: 'bancheng-measure',
  clock,
  mailDir: mkdtempSync(join(tmpdir(), 'bancheng-measure-mail-')),
  smsDir: mkdtempSync(join(tmpdir(), 'bancheng-measure-sms-')),
});

meterCapacity((use) => {
  meter.calls[use.command] = (meter.calls[use.command] ?? 0) + 1;
  addCapacity(use);
});

let invocations = 0;
let queueMessages = 0;
const runOnce = stack.workers.runOnce.bind(stack.workers);
stack.workers.runOnce = async (worker) => {
  const work = await runOnce(worker);
  // One Lambda invocation per queue batch; the recurring runs (sweeper, safety net) cost the
  // same whatever the case count and are priced apart in the runbook.
  if (work > 0 && worker.trigger.kind === 'queue') {
    invocations++;
    queueMessages += work;
  }
  return work;
};
const invoke = stack.workers.invoke.bind(stack.workers);
stack.workers.invoke = async (entry, input) => {
  invocations++;
  return invoke(entry, input);
};

let apiRequests = 0;
let apiMs = 0;
async function call(method: string, path: string, token: string, body?: unknown) {
  apiRequests++;
  invocations++;
  const started = performance.now();
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  apiMs += performance.now() - started;
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json as { id: string };
}

const token = (claims: Parameters<typeof stack.issuer.issue>[0]) =>
  stack.issuer.issue({ ttlSeconds: 365 * 24 * 3600, ...claims }, clock.now());
const admin = await token({ sub: 'admin', name: '管理员', role: 'admin' });
const staff = await token({ sub: 'staff', name: '李娜', role: 'staff', tenantId: TENANT });
const dept = await token({
  sub: 'dept',
  name: '陈刚',
  role: 'department',
  tenantId: TENANT,
  departmentId: 'shebao',
});
await call('PUT', `/tenants/${TENANT}`, admin, {
  name: '成都市锦江区春熙路街道便民服务中心',
  calendarRegion: '510104',
});
await call('PUT', `/tenants/${TENANT}/departments/shebao`, admin, {
  name: '锦江区社保局',
  level: 'county',
  delivery: { email: { address: 'shebao@jinjiang.example.gov.cn' } },
});
await stack.drain();

const intake = {
  channel: 'onsite',
  reporter: { name: '张三', phone: '13800000000' },
  scope: { kind: 'repeated_consultation' },
  matter: '城乡居民养老保险参保登记',
  description: '三次来办均被告知材料不全，每次要求不同',
  assisted: true,
  notice: { materialsComplete: false, howToSupplement: '补充户口簿复印件', nextSteps: '材料补齐后递交' },
};

function snapshot() {
  return {
    ...meter,
    calls: { ...meter.calls },
    where: { ...meter.where },
    apiRequests,
    invocations,
    queueMessages,
    logBytes,
  };
}
function diff(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>, n: number) {
  const per = (x: number, y: number) => Math.round(((y - x) / n) * 10) / 10;
  return {
    readUnits: per(a.rru, b.rru),
    writeUnits: per(a.wru, b.wru),
    apiRequests: per(a.apiRequests, b.apiRequests),
    invocations: per(a.invocations, b.invocations),
    queueMessages: per(a.queueMessages, b.queueMessages),
    logKB: per(a.logBytes / 1024, b.logBytes / 1024),
    unitsWhere: Object.fromEntries(
      Object.entries(b.where)
        .map(([k, v]) => [k, per(a.where[k] ?? 0, v)])
        .filter(([, v]) => Number(v) > 0),
    ),
    dynamoCalls: Object.fromEntries(
      Object.entries(b.calls)
        .map(([k, v]) => [k, per(a.calls[k] ?? 0, v)])
        .filter(([, v]) => Number(v) > 0),
    ),
  };
}

async function transferredCase() {
  const c = await call('POST', '/cases', staff, intake);
  await call('POST', `/cases/${c.id}/confirmation`, staff, { signedBy: '张三', signedAt: '2026-09-01' });
  await call('GET', `/cases/${c.id}`, staff);
  const wo = await call('POST', `/cases/${c.id}/transfers`, staff, {
    departmentId: 'shebao',
    category: 'general',
  });
  await stack.drain();
  await call('POST', `/work-orders/${wo.id}/ack`, dept);
  await call('POST', `/work-orders/${wo.id}/feedback`, dept, {
    kind: 'result',
    content: '已为反映人办理参保登记',
  });
  await call('GET', `/cases/${c.id}`, staff);
  await call('POST', `/cases/${c.id}/close`, staff, { outcome: 'resolved', resolution: '已办结参保登记' });
  return c.id;
}
async function onTheSpotCase() {
  const c = await call('POST', '/cases', staff, intake);
  await call('POST', `/cases/${c.id}/confirmation`, staff, { signedBy: '张三', signedAt: '2026-09-01' });
  await call('POST', `/cases/${c.id}/opinion`, staff, {
    kind: 'on_the_spot',
    answer: '当场说明所需材料并协助补齐',
  });
  await call('GET', `/cases/${c.id}`, staff);
  await call('POST', `/cases/${c.id}/close`, staff, { outcome: 'resolved', resolution: '当场办结' });
  return c.id;
}
async function afterwards(ids: string[]) {
  // The deadline schedules (reminder, due check, escalation) fire over the next two weeks (no month end crossed: the bulletin is priced apart).
  await clock.advanceBy(14 * 24 * 3600_000);
  await stack.drain();
  for (const id of ids) {
    await call('POST', `/cases/${id}/follow-up`, staff, { method: 'phone', satisfaction: 5 });
    await call('POST', `/cases/${id}/archive`, staff);
  }
  await call('GET', '/cases?limit=50', staff);
  await stack.drain();
}

capturing = true;
const t0 = snapshot();
const transferred: string[] = [];
for (let i = 0; i < N; i++) transferred.push(await transferredCase());
await afterwards(transferred);
const t1 = snapshot();
const spot: string[] = [];
for (let i = 0; i < N; i++) spot.push(await onTheSpotCase());
await afterwards(spot);
const t2 = snapshot();
capturing = false;

const described = await localDynamoClient(dynamo.endpoint).send(
  new DescribeTableCommand({ TableName: 'bancheng-measure' }),
);
const indexBytes = (described.Table?.GlobalSecondaryIndexes ?? []).reduce(
  (a, i) => a + (i.IndexSizeBytes ?? 0),
  0,
);

const s3 = new S3Client({
  endpoint: sqs.endpoint,
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  forcePathStyle: true,
});
let archiveBytes = 0;
let archiveObjects = 0;
let ContinuationToken: string | undefined;
do {
  const page = await s3.send(
    new ListObjectsV2Command({ Bucket: process.env[ENV.archiveBucket]!, ContinuationToken }),
  );
  for (const o of page.Contents ?? []) {
    archiveBytes += o.Size ?? 0;
    archiveObjects++;
  }
  ContinuationToken = page.NextContinuationToken;
} while (ContinuationToken);

console.log(
  JSON.stringify(
    {
      cases: N,
      transferred: diff(t0, t1, N),
      answeredOnTheSpot: diff(t1, t2, N),
      apiLatencyMs: Math.round(apiMs / apiRequests),
      tableKBPerCase:
        Math.round(((described.Table?.TableSizeBytes ?? 0) + indexBytes) / (2 * N) / 102.4) / 10,
      archivePerCase: {
        objects: archiveObjects / (2 * N),
        kB: Math.round(archiveBytes / (2 * N) / 102.4) / 10,
      },
    },
    null,
    2,
  ),
);
await stack.close();
await Promise.all([dynamo.stop(), sqs.stop()]);
s3.destroy();
