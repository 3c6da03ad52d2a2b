/**
 * Write (and read) units of one complete case on DynamoDB Local, measured not estimated: every
 * command the handlers and workers send asks for `ReturnConsumedCapacity: INDEXES`, and the
 * units are added up per step of the life of a case — intake → transfer (with its dispatch) →
 * sign → result → close → follow-up → archive — split into the table and its indexes.
 *
 *   npx tsx scripts/bench-write-units.ts
 *
 * DynamoDB Local reports units as DynamoDB would bill them on demand (1 write unit per 1 KB
 * written per item, indexes included); a benchmark that prints, not a test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { startSqsEmulator } from '../infra/local/emulators.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { AdjustableClock } from '../shared/adapters/clock.ts';
import { intakeBody } from '../test/support/fixtures.ts';
import { meterCapacity } from './lib/capacity.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'error';

interface Tally {
  writeTable: number;
  writeIndexes: Record<string, number>;
  read: number;
  calls: number;
}
const fresh = (): Tally => ({ writeTable: 0, writeIndexes: {}, read: 0, calls: 0 });
let tally = fresh();

const dynamo = await startDynamoDbLocal({ inMemory: true });
const sqs = await startSqsEmulator();
try {
  const clock = new AdjustableClock({ frozenAt: new Date('2026-10-12T10:00:00+08:00') });
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    tableName: 'units',
    clock,
    mailDir: mkdtempSync(join(tmpdir(), 'bancheng-units-mail-')),
    smsDir: mkdtempSync(join(tmpdir(), 'bancheng-units-sms-')),
  });
  meterCapacity((use) => {
    tally.calls++;
    if (!use.write) {
      tally.read += use.units;
      return;
    }
    tally.writeTable += use.table || (Object.keys(use.indexes).length ? 0 : use.units);
    for (const [name, n] of Object.entries(use.indexes))
      tally.writeIndexes[name] = (tally.writeIndexes[name] ?? 0) + n;
  });

  const TENANT = '510104001';
  const token = (claims: Omit<Parameters<typeof stack.issuer.issue>[0], 'sub' | 'name'>) =>
    stack.issuer.issue({ sub: claims.role, name: '计量', ...claims }, clock.now());
  const call = async (method: string, path: string, bearer: string, body?: unknown) => {
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
  await call('PUT', `/tenants/${TENANT}`, admin, { name: '计量便民服务中心' });
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
    await work();
    await stack.drain();
    rows.push([name, tally]);
  };
  let caseId = '';
  let woId = '';
  await step('受理 intake', async () => {
    caseId = String((await call('POST', '/cases', staff, intakeBody())).id);
  });
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
  await step('办结 close', () =>
    call('POST', `/cases/${caseId}/close`, staff, { outcome: 'resolved', resolution: '已办结' }),
  );
  await step('回访 follow-up', () =>
    call('POST', `/cases/${caseId}/follow-up`, staff, { method: 'phone', satisfaction: 5, solved: true }),
  );
  await step('存档 archive', () => call('POST', `/cases/${caseId}/archive`, staff));

  const indexNames = [...new Set(rows.flatMap(([, t]) => Object.keys(t.writeIndexes)))].sort();
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${'step'.padEnd(26)}${'table'.padStart(7)}${indexNames.map((n) => n.padStart(13)).join('')}${'writes'.padStart(8)}${'reads'.padStart(8)}`,
  );
  const total = fresh();
  for (const [name, t] of rows) {
    const idx = indexNames.map((n) => t.writeIndexes[n] ?? 0);
    const writes = t.writeTable + idx.reduce((a, b) => a + b, 0);
    console.log(
      `${name.padEnd(24)}${fmt(t.writeTable)}${idx.map((n) => fmt(n).padStart(13)).join('')}${fmt(writes).padStart(8)}${fmt(t.read).padStart(8)}`,
    );
    total.writeTable += t.writeTable;
    total.read += t.read;
    indexNames.forEach((n, i) => {
      total.writeIndexes[n] = (total.writeIndexes[n] ?? 0) + (idx[i] ?? 0);
    });
  }
  const indexTotal = Object.values(total.writeIndexes).reduce((a, b) => a + b, 0);
  const writes = total.writeTable + indexTotal;
  console.log(
    `one complete case: ${writes.toFixed(1)} write units (${((indexTotal / writes) * 100).toFixed(0)} % on indexes), ${total.read.toFixed(1)} read units`,
  );
  await stack.close();
} finally {
  await sqs.stop();
  await dynamo.stop();
}
