/**
 * What one case costs to run, measured not estimated, on the local stack (the Lambda handlers
 * and workers on DynamoDB Local and fauxqs): every command sent asks for
 * `ReturnConsumedCapacity: INDEXES`, and the units are added up per step of a case's life —
 * split into the table and each index — then per case, with what else the bill counts: API
 * requests, function invocations (API + queue batches + deadline schedules), queue messages,
 * application log bytes, table + index storage and the archive's objects and bytes.
 *
 *   npx tsx scripts/bench-write-units.ts
 *
 * One transferred case step by step (intake → signature → view → transfer with its dispatch →
 * 签收 → result → view → close → the deadline schedules over two weeks → follow-up → archive →
 * the ledger), then one answered on the spot. docs/operations.md, "Monthly cost", turns the
 * per-case lines into dollars. DynamoDB Local reports units as DynamoDB bills them on demand
 * (1 write unit per 1 KB per item, indexes included; transactions double) — except that it
 * reports a transaction's items of identical capacity once (docs/operations.md): a benchmark
 * that prints, not a test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { intakeBody } from '../test/support/fixtures.ts';
import { meterCapacity } from './lib/capacity.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The log is part of the bill: measured at the level production runs (info), not printed.
process.env.LOG_LEVEL = 'info';
const TABLE = 'units';

interface Tally {
  writeTable: number;
  writeIndexes: Record<string, number>;
  read: number;
  apiRequests: number;
  invocations: number;
  queueMessages: number;
  logBytes: number;
}
const fresh = (): Tally => ({
  writeTable: 0,
  writeIndexes: {},
  read: 0,
  apiRequests: 0,
  invocations: 0,
  queueMessages: 0,
  logBytes: 0,
});
let tally = fresh();
const writesOf = (t: Tally) => t.writeTable + Object.values(t.writeIndexes).reduce((a, b) => a + b, 0);
function add(into: Tally, t: Tally): void {
  into.writeTable += t.writeTable;
  for (const [k, v] of Object.entries(t.writeIndexes)) into.writeIndexes[k] = (into.writeIndexes[k] ?? 0) + v;
  into.read += t.read;
  into.apiRequests += t.apiRequests;
  into.invocations += t.invocations;
  into.queueMessages += t.queueMessages;
  into.logBytes += t.logBytes;
}

// Log bytes: what the functions print (JSON lines), as CloudWatch would ingest it.
const write = process.stdout.write.bind(process.stdout);
let capturing = false;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  if (capturing) {
    tally.logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return true;
  }
  return write(chunk, ...(rest as []));
}) as typeof process.stdout.write;

const dynamo = await startDynamoDbLocal({ inMemory: true });
const sqs = await startSqsEmulator();
try {
  const clock = new AdjustableClock({ frozenAt: new Date('2026-10-12T10:00:00+08:00') });
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    tableName: TABLE,
    clock,
    mailDir: mkdtempSync(join(tmpdir(), 'bancheng-units-mail-')),
    smsDir: mkdtempSync(join(tmpdir(), 'bancheng-units-sms-')),
  });
  meterCapacity((use) => {
    if (!use.write) {
      tally.read += use.units;
      return;
    }
    tally.writeTable += use.table || (Object.keys(use.indexes).length ? 0 : use.units);
    for (const [name, n] of Object.entries(use.indexes))
      tally.writeIndexes[name] = (tally.writeIndexes[name] ?? 0) + n;
  });
  const runOnce = stack.workers.runOnce.bind(stack.workers);
  stack.workers.runOnce = async (worker) => {
    const work = await runOnce(worker);
    // One Lambda invocation per queue or stream batch; the recurring runs (sweeper, safety net) cost the
    // same whatever the case count and are priced apart in the runbook.
    if (work > 0 && worker.trigger.kind === 'queue') {
      tally.invocations++;
      tally.queueMessages += work;
    }
    // The outbox relay: one invocation per stream batch (its records are the messages above).
    if (work > 0 && worker.trigger.kind === 'stream') tally.invocations++;
    return work;
  };
  const invoke = stack.workers.invoke.bind(stack.workers);
  stack.workers.invoke = async (entry, input) => {
    tally.invocations++;
    return invoke(entry, input);
  };

  const TENANT = '510104001';
  const token = (claims: Omit<Parameters<typeof stack.issuer.issue>[0], 'sub' | 'name'>) =>
    stack.issuer.issue(
      { sub: claims.role, name: '计量', ttlSeconds: 365 * 24 * 3600, ...claims },
      clock.now(),
    );
  const call = async (method: string, path: string, bearer: string, body?: unknown) => {
    tally.apiRequests++;
    tally.invocations++;
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const admin = await token({ role: 'admin' });
  await call('PUT', `/tenants/${TENANT}`, admin, { name: '计量便民服务中心', calendarRegion: '510104' });
  await call('PUT', `/tenants/${TENANT}/departments/shebao`, admin, {
    name: '区社保局',
    level: 'county',
    delivery: { email: { address: 'shebao@example.gov.cn' } },
  });
  const staff = await token({ role: 'staff', tenantId: TENANT });
  const dept = await token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
  await stack.drain();

  const rows: [string, Tally][] = [];
  const step = async (name: string, work: () => Promise<unknown>) => {
    tally = fresh();
    capturing = true;
    try {
      await work();
      await stack.drain();
    } finally {
      capturing = false;
    }
    rows.push([name, tally]);
  };

  // One transferred case, step by step.
  let caseId = '';
  let woId = '';
  await step('受理 intake', async () => {
    caseId = String((await call('POST', '/cases', staff, intakeBody())).id);
  });
  await step('签字 confirmation', () =>
    call('POST', `/cases/${caseId}/confirmation`, staff, { signedBy: '张三', signedAt: '2026-10-12' }),
  );
  await step('查看 view', () => call('GET', `/cases/${caseId}`, staff));
  await step('转办 transfer + dispatch', async () => {
    woId = String(
      (
        await call('POST', `/cases/${caseId}/transfers`, staff, {
          departmentId: 'shebao',
          category: 'general',
        })
      ).id,
    );
  });
  await step('签收 sign', () => call('POST', `/work-orders/${woId}/ack`, dept, {}));
  await step('反馈结果 result', () =>
    call('POST', `/work-orders/${woId}/feedback`, dept, {
      kind: 'result',
      content: '已为反映人补缴参保',
      citizenReply: '您的参保补缴已办结',
    }),
  );
  await step('查看 view', () => call('GET', `/cases/${caseId}`, staff));
  await step('办结 close', () =>
    call('POST', `/cases/${caseId}/close`, staff, { outcome: 'resolved', resolution: '已办结' }),
  );
  await step('期限 schedules (14 days)', () => clock.advanceBy(14 * 24 * 3600_000));
  await step('回访 follow-up', () =>
    call('POST', `/cases/${caseId}/follow-up`, staff, { method: 'phone', satisfaction: 5, solved: true }),
  );
  await step('存档 archive', () => call('POST', `/cases/${caseId}/archive`, staff));
  await step('台账 ledger', () => call('GET', '/cases?limit=50', staff));

  // One case answered on the spot (当场答复), as a whole.
  await step('answered on the spot', async () => {
    const id = String((await call('POST', '/cases', staff, intakeBody())).id);
    await call('POST', `/cases/${id}/confirmation`, staff, { signedBy: '张三', signedAt: '2026-10-26' });
    await call('POST', `/cases/${id}/opinion`, staff, { kind: 'on_the_spot', answer: '当场说明所需材料' });
    await call('GET', `/cases/${id}`, staff);
    await call('POST', `/cases/${id}/close`, staff, { outcome: 'resolved', resolution: '当场办结' });
    await stack.drain();
    await clock.advanceBy(14 * 24 * 3600_000);
    await stack.drain();
    await call('POST', `/cases/${id}/follow-up`, staff, { method: 'phone', satisfaction: 5 });
    await call('POST', `/cases/${id}/archive`, staff);
  });
  const spot = rows.pop()![1];

  const transferred = fresh();
  for (const [, t] of rows) add(transferred, t);

  const indexNames = [
    ...new Set([...rows.map(([, t]) => t), spot].flatMap((t) => Object.keys(t.writeIndexes))),
  ].sort();
  const fmt = (n: number, w = 7) => n.toFixed(1).padStart(w);
  console.log(
    `${'step (one transferred case)'.padEnd(28)}${'table'.padStart(7)}${indexNames.map((n) => n.padStart(13)).join('')}${'writes'.padStart(8)}${'reads'.padStart(8)}`,
  );
  const line = (name: string, t: Tally) =>
    console.log(
      `${name.padEnd(26)}${fmt(t.writeTable)}${indexNames.map((n) => fmt(t.writeIndexes[n] ?? 0, 13)).join('')}${fmt(writesOf(t), 8)}${fmt(t.read, 8)}`,
    );
  for (const [name, t] of rows) line(name, t);
  line('= transferred case', transferred);
  line('= answered on the spot', spot);

  // Storage and the archive: what the two cases left behind.
  const described = await localDynamoClient(dynamo.endpoint).send(
    new DescribeTableCommand({ TableName: TABLE }),
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
  s3.destroy();

  const indexUnits = (t: Tally) => writesOf(t) - t.writeTable;
  const perCase = (t: Tally) => ({
    writeUnits: writesOf(t),
    onTable: t.writeTable,
    onIndexes: indexUnits(t),
    readUnits: t.read,
    apiRequests: t.apiRequests,
    invocations: t.invocations,
    queueMessages: t.queueMessages,
    logKB: Math.round(t.logBytes / 102.4) / 10,
  });
  console.log(
    `one complete case: ${writesOf(transferred).toFixed(1)} write units transferred (${((indexUnits(transferred) / writesOf(transferred)) * 100).toFixed(0)} % on indexes), ${writesOf(spot).toFixed(1)} answered on the spot`,
  );
  console.log(
    JSON.stringify(
      {
        transferred: perCase(transferred),
        answeredOnTheSpot: perCase(spot),
        tableKBPerCase: Math.round(((described.Table?.TableSizeBytes ?? 0) + indexBytes) / 2 / 102.4) / 10,
        archivePerCase: { objects: archiveObjects / 2, kB: Math.round(archiveBytes / 2 / 102.4) / 10 },
      },
      null,
      2,
    ),
  );
  await stack.close();
} finally {
  await sqs.stop();
  await dynamo.stop();
}
