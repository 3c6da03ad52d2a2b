/**
 * Onboarding (开通) of a region's centres and their handling units through the admin API.
 *
 * Primary course:
 *  1. The region's township/street centres from the division table (centres.ts).
 *  2. Per centre, at most `concurrency` at a time: GET /tenants/{id}; PUT it when missing or
 *     missing a field; a field the centre has with another value is its own edit: kept, unless
 *     `overwrite`.
 *  3. With a departments file: per centre, GET its units once, PUT each unit of the file that
 *     is missing or lacks a field (same rule); a new webhook unit's signing secret goes to the
 *     secrets file, never to the terminal.
 *  4. The summary: what was created, completed, kept, unchanged, failed.
 * A second run with the same input changes nothing and says so.
 */
import type { Department, Tenant } from '../../shared/schemas/tenant.ts';
import { type AdminApi, mapPool, problemOf } from './admin-api.ts';
import { type CentreDefaults, changeFor, type DesiredCentre, planRegion, sameValue } from './centres.ts';
import { type DepartmentRow, departmentsPerCentre } from './departments-csv.ts';

export interface OnboardOptions {
  api: AdminApi;
  /** A province, city or county code; absent: departments only, for centres that exist. */
  region?: string;
  departments?: DepartmentRow[];
  defaults?: CentreDefaults;
  overwrite?: boolean;
  concurrency?: number;
  /** Plan only: read everything, write nothing. */
  dryRun?: boolean;
}

type Outcome = 'created' | 'completed' | 'overwritten' | 'unchanged' | 'kept' | 'failed';

export interface Tally {
  created: number;
  completed: number;
  overwritten: number;
  unchanged: number;
  kept: number;
  failed: number;
}

export interface OnboardResult {
  regionLabel?: string;
  centres: Tally;
  departments: Tally;
  /** Non-centre rows of the table under the region (farms, reserves), not set up. */
  skipped: { code: string; name: string }[];
  failures: string[];
  /** Webhook units created in this run with their signing secret (shown once by the API). */
  newSecrets: { tenantId: string; departmentId: string; webhookSecret: string }[];
  /** Centres whose own values were kept: `510104022 name` … (for the summary). */
  keptFields: string[];
  changed: boolean;
}

const tally = (): Tally => ({ created: 0, completed: 0, overwritten: 0, unchanged: 0, kept: 0, failed: 0 });

export async function onboard(opts: OnboardOptions): Promise<OnboardResult> {
  const result: OnboardResult = {
    centres: tally(),
    departments: tally(),
    skipped: [],
    failures: [],
    newSecrets: [],
    keptFields: [],
    changed: false,
  };
  const concurrency = opts.concurrency ?? 8;
  let centres: DesiredCentre[] = [];
  if (opts.region) {
    const plan = planRegion(opts.region);
    if (!plan)
      throw new Error(`未知的区划代码 ${opts.region}：应为四川省的省（51）、市州（4位）或县区（6位）代码`);
    result.regionLabel = plan.regionLabel;
    result.skipped = plan.skipped;
    centres = plan.centres;
  }
  const departmentsByCentre = opts.departments
    ? departmentsPerCentre(opts.departments, [
        ...new Set([
          ...centres.map((c) => c.tenantId),
          // A county row given without --region reaches the centres of the table under it.
          ...opts.departments
            .filter((r) => r.code.length === 6)
            .flatMap((r) => planRegion(r.code)?.centres.map((c) => c.tenantId) ?? []),
        ]),
      ])
    : new Map<string, Map<string, DepartmentRow>>();

  const centreIds = [...new Set([...centres.map((c) => c.tenantId), ...departmentsByCentre.keys()])].sort();
  const desired = new Map(centres.map((c) => [c.tenantId, c]));

  await mapPool(centreIds, concurrency, async (tenantId) => {
    const wanted = desired.get(tenantId);
    let centreExists = true;
    if (wanted) {
      const outcome = await onboardCentre(opts, wanted, result);
      result.centres[outcome]++;
      if (outcome === 'failed') return;
      centreExists = !(opts.dryRun && outcome === 'created');
    }
    const units = departmentsByCentre.get(tenantId);
    if (units) await onboardDepartments(opts, tenantId, [...units.values()], centreExists, result);
  });
  result.changed = [result.centres, result.departments].some(
    (t) => t.created + t.completed + t.overwritten > 0,
  );
  return result;
}

async function onboardCentre(
  opts: OnboardOptions,
  wanted: DesiredCentre,
  result: OnboardResult,
): Promise<Outcome> {
  const path = `/tenants/${wanted.tenantId}`;
  const got = await opts.api.call('GET', path);
  if (got.status !== 200 && got.status !== 404) {
    result.failures.push(`${wanted.tenantId} ${wanted.name}：读取失败 ${problemOf(got)}`);
    return 'failed';
  }
  const change = changeFor(
    got.status === 200 ? (got.body as Tenant) : undefined,
    wanted,
    opts.defaults ?? {},
    opts.overwrite ?? false,
  );
  if (change.action === 'unchanged') return 'unchanged';
  if (change.action === 'kept') {
    result.keptFields.push(`${wanted.tenantId} ${change.fields.join('、')}`);
    return 'kept';
  }
  if (change.action === 'complete' && change.kept.length > 0) {
    result.keptFields.push(`${wanted.tenantId} ${change.kept.join('、')}`);
  }
  if (!opts.dryRun) {
    const put = await opts.api.call('PUT', path, change.body);
    if (put.status !== 200 && put.status !== 201) {
      result.failures.push(`${wanted.tenantId} ${wanted.name}：保存失败 ${problemOf(put)}`);
      return 'failed';
    }
  }
  return change.action === 'create' ? 'created' : change.action === 'complete' ? 'completed' : 'overwritten';
}

async function onboardDepartments(
  opts: OnboardOptions,
  tenantId: string,
  rows: DepartmentRow[],
  centreExists: boolean,
  result: OnboardResult,
): Promise<void> {
  let existing = new Map<string, Department>();
  if (centreExists) {
    const list = await opts.api.call('GET', `/tenants/${tenantId}/departments`);
    if (list.status === 404) {
      result.departments.failed += rows.length;
      result.failures.push(
        `${tenantId}：中心尚未开通，无法添加承办单位（先用 --county ${tenantId.slice(0, 6)} 开通）`,
      );
      return;
    }
    if (list.status !== 200) {
      result.departments.failed += rows.length;
      result.failures.push(`${tenantId}：读取承办单位失败 ${problemOf(list)}`);
      return;
    }
    existing = new Map((list.body.items as Department[]).map((d) => [d.departmentId, d]));
  }
  for (const row of rows) {
    const outcome = await onboardDepartment(opts, tenantId, row, existing.get(row.departmentId), result);
    result.departments[outcome]++;
  }
}

async function onboardDepartment(
  opts: OnboardOptions,
  tenantId: string,
  row: DepartmentRow,
  current: Department | undefined,
  result: OnboardResult,
): Promise<Outcome> {
  let body = row.body;
  let outcome: Outcome = 'created';
  if (current) {
    const mine = {
      name: current.name,
      level: current.level,
      delivery: current.delivery,
      contact: current.contact,
    };
    const differing = (Object.keys(row.body) as (keyof typeof row.body)[]).filter(
      (k) => mine[k] !== undefined && !sameValue(mine[k], row.body[k]),
    );
    const missing = (Object.keys(row.body) as (keyof typeof row.body)[]).filter((k) => mine[k] === undefined);
    if (differing.length > 0 && !opts.overwrite) {
      result.keptFields.push(`${tenantId}/${row.departmentId} ${differing.join('、')}`);
      return 'kept';
    }
    if (differing.length === 0 && missing.length === 0) return 'unchanged';
    body = opts.overwrite ? row.body : ({ ...mine, ...row.body } as typeof row.body);
    outcome = differing.length > 0 ? 'overwritten' : 'completed';
  }
  if (opts.dryRun) return outcome;
  const put = await opts.api.call('PUT', `/tenants/${tenantId}/departments/${row.departmentId}`, body);
  if (put.status !== 200 && put.status !== 201) {
    result.failures.push(`第 ${row.line} 行 ${tenantId}/${row.departmentId}：保存失败 ${problemOf(put)}`);
    return 'failed';
  }
  if (put.body?.webhookSecret) {
    result.newSecrets.push({
      tenantId,
      departmentId: row.departmentId,
      webhookSecret: put.body.webhookSecret,
    });
  }
  return outcome;
}

/** The summary the command prints, in Chinese. */
export function summaryLines(result: OnboardResult, opts: { dryRun?: boolean } = {}): string[] {
  const lines: string[] = [];
  const line = (what: string, t: Tally) =>
    `${what}：新建 ${t.created} · 补全 ${t.completed} · 覆盖 ${t.overwritten} · 未变 ${t.unchanged} · 保留本地修改 ${t.kept} · 失败 ${t.failed}`;
  const total = (t: Tally) => Object.values(t).reduce((a, b) => a + b, 0);
  if (result.regionLabel !== undefined) {
    lines.push(`${result.regionLabel}：${total(result.centres)} 个乡镇（街道）便民服务中心`);
    lines.push(line('  中心', result.centres));
  }
  if (total(result.departments) > 0) lines.push(line('  承办单位', result.departments));
  if (result.skipped.length > 0) {
    lines.push(
      `  未开通 ${result.skipped.length} 个非乡镇街道单位：${result.skipped.map((s) => `${s.code} ${s.name}`).join('，')}`,
    );
  }
  if (result.keptFields.length > 0) {
    lines.push(
      `  保留了中心自己的修改（加 --overwrite 才覆盖）：${result.keptFields.slice(0, 20).join('；')}${result.keptFields.length > 20 ? ' …' : ''}`,
    );
  }
  for (const f of result.failures) lines.push(`  失败 ${f}`);
  if (!result.changed && result.failures.length === 0) lines.push('没有变化：全部已是最新。');
  if (opts.dryRun) lines.push('（试运行：以上为将要进行的变更，未写入任何数据）');
  return lines;
}
