/**
 * 开通: create or update the township/street centres of a region from the official division
 * table, and their handling units from a CSV file, through the admin API (docs/operations.md,
 * "Onboarding").
 *
 *   npm run onboard -- --county 510104                  # the local stack (npm start), local admin token
 *   npm run onboard -- --region 51 --api https://… --token "$ADMIN_JWT"
 *   npm run onboard -- --county 510104 --departments docs/templates/departments.csv
 *
 * Options: --region <2|4|6 digits> | --county <6 digits>; --departments <file.csv>;
 * --office-hours 08:30-17:30 and --reminder-time 09:00 (for new centres; with --overwrite for
 * all); --overwrite (replace a centre's own differing values); --dry-run; --concurrency N
 * (default 8); --secrets-out <file> (new webhook secrets, default ./webhook-secrets-<time>.csv).
 * The token may also come from BANCHENG_TOKEN. Exit 0 done, 1 some centre or unit failed,
 * 2 bad arguments or a bad CSV (then nothing is written).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { clock } from '../shared/adapters/clock.ts';
import { AdminApi } from './onboarding/admin-api.ts';
import type { CentreDefaults } from './onboarding/centres.ts';
import { decodeCsv, formatRowError, readDepartments } from './onboarding/departments-csv.ts';
import { onboard, summaryLines } from './onboarding/run.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function localToken(api: string): Promise<string> {
  const res = await fetch(`${api}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'onboard-script', name: '开通脚本', role: 'admin', ttlSeconds: 3600 }),
  }).catch(() => undefined);
  if (!res?.ok)
    fail(
      `无法从 ${api}/_local/token 取得本地管理员令牌：本地请先 npm start，部署环境请用 --token 提供管理员令牌`,
    );
  return ((await res.json()) as { token: string }).token;
}

async function main() {
  const { values } = parseArgs({
    options: {
      region: { type: 'string' },
      county: { type: 'string' },
      departments: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
      'office-hours': { type: 'string' },
      'reminder-time': { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '8' },
      'secrets-out': { type: 'string' },
    },
    strict: true,
  });
  if (values.region && values.county) fail('--region 与 --county 只能给一个');
  const region = values.county ?? values.region;
  if (values.county && !/^\d{6}$/.test(values.county)) fail('--county 应为6位县（市、区）代码，例如 510104');
  if (!region && !values.departments) fail('请给出 --region <代码>、--county <代码> 或 --departments <文件>');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    fail('--concurrency 应为 1–64 的整数');

  const defaults: CentreDefaults = {};
  if (values['office-hours']) {
    const [start, end] = values['office-hours'].split('-');
    if (!end || !HHMM.test(end) || (start && !HHMM.test(start))) fail('--office-hours 格式应为 08:30-17:30');
    defaults.officeHours = { ...(start ? { start } : {}), end };
  }
  if (values['reminder-time']) {
    if (!HHMM.test(values['reminder-time'])) fail('--reminder-time 格式应为 HH:mm，例如 09:00');
    defaults.reminderTime = values['reminder-time'];
  }

  let departments: ReturnType<typeof readDepartments>['rows'] | undefined;
  if (values.departments) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.departments);
    } catch {
      fail(`读不到文件 ${values.departments}`);
    }
    const read = readDepartments(decodeCsv(bytes));
    if (read.errors.length > 0) {
      console.error(`${values.departments} 有 ${read.errors.length} 处错误，未写入任何数据：`);
      for (const e of read.errors) console.error(`  ${formatRowError(e)}`);
      process.exit(2);
    }
    departments = read.rows;
  }

  const base = (values.api ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
  const token = values.token || process.env.BANCHENG_TOKEN || (await localToken(base));
  const api = new AdminApi({ baseUrl: base, token });
  let result: Awaited<ReturnType<typeof onboard>>;
  try {
    result = await onboard({
      api,
      ...(region ? { region } : {}),
      ...(departments ? { departments } : {}),
      defaults,
      overwrite: values.overwrite,
      dryRun: values['dry-run'],
      concurrency,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  for (const line of summaryLines(result, { dryRun: values['dry-run'] })) console.log(line);
  if (api.retried > 0) console.log(`  （限流或暂不可用时重试了 ${api.retried} 次）`);
  if (result.newSecrets.length > 0) {
    const stamp = clock.now().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const file = values['secrets-out'] ?? `webhook-secrets-${stamp}.csv`;
    const csv = [
      'tenantId,departmentId,webhookSecret',
      ...result.newSecrets.map((s) => `${s.tenantId},${s.departmentId},${s.webhookSecret}`),
    ];
    writeFileSync(file, `${csv.join('\n')}\n`, { mode: 0o600 });
    console.log(
      `  新建的 ${result.newSecrets.length} 个 webhook 承办单位的签名密钥已写入 ${file}（仅此一次，请安全转交后删除）`,
    );
  }
  process.exit(result.failures.length > 0 ? 1 : 0);
}

await main();
