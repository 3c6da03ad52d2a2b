/**
 * The handling units (承办单位) of a region from a CSV file (template: docs/templates/departments.csv),
 * validated row by row with the messages a clerk reads: `第 3 行 电子邮箱：请填写有效的电子邮箱`.
 * A row names a county (6 digits: the unit serves every centre of the county) or one centre
 * (9 digits); a centre's own row wins over its county's row for the same unit code.
 */
import * as z from 'zod/mini';
import { regionLevel, regionName } from '../../shared/domain/divisions.ts';
import { townName } from '../../shared/domain/towns.ts';
import { DepartmentParams } from '../../shared/schemas/params.ts';
import { PutDepartmentBody } from '../../shared/schemas/tenant.ts';

// zod/mini ships no locale; a field without its own Chinese message is reported in zod's English
// wording, as it was with classic zod.
z.config(z.locales.en());

/** The columns: English key, Chinese label (the header may carry either or both, e.g. `单位名称 name`). */
export const DEPARTMENT_COLUMNS = [
  { key: 'code', label: '区划代码', required: true },
  { key: 'departmentId', label: '单位编码', required: true },
  { key: 'name', label: '单位名称', required: true },
  { key: 'level', label: '层级', required: true },
  { key: 'webhookUrl', label: 'Webhook地址', required: false },
  { key: 'email', label: '电子邮箱', required: false },
  { key: 'contactName', label: '联系人', required: false },
  { key: 'contactPhone', label: '联系电话', required: false },
] as const;
type ColumnKey = (typeof DEPARTMENT_COLUMNS)[number]['key'];
const LABEL = Object.fromEntries(DEPARTMENT_COLUMNS.map((c) => [c.key, c.label])) as Record<
  ColumnKey,
  string
>;

export interface DepartmentRow {
  line: number;
  /** A county (6 digits) or a centre (9 digits). */
  code: string;
  departmentId: string;
  body: PutDepartmentBody;
}

export interface RowError {
  line: number;
  field?: string;
  message: string;
}

export function formatRowError(e: RowError): string {
  return e.field ? `第 ${e.line} 行 ${e.field}：${e.message}` : `第 ${e.line} 行：${e.message}`;
}

/**
 * Text of the file: UTF-8 (with or without BOM); a file Excel saved as plain "CSV" on a
 * Chinese Windows is GB18030, which is read as such rather than turned into mojibake.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: startLine, cells });
      cells = [];
      cell = '';
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: startLine, cells });
  }
  return records.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

function columnOf(header: string): ColumnKey | undefined {
  const h = header.replace(/\s+/g, '').toLowerCase();
  for (const c of DEPARTMENT_COLUMNS) {
    const key = c.key.toLowerCase();
    const label = c.label.toLowerCase();
    if (
      h === key ||
      h === label ||
      h === `${label}${key}` ||
      h === `${label}(${key})` ||
      h === `${label}（${key}）`
    )
      return c.key;
  }
  return undefined;
}

const LEVELS: Record<string, 'county' | 'township'> = {
  county: 'county',
  township: 'township',
  县级: 'county',
  县: 'county',
  乡镇级: 'township',
  乡镇: 'township',
};

/** Zod issue path → the column the clerk filled in. */
function fieldOf(path: PropertyKey[]): string {
  const p = path.join('.');
  if (p.startsWith('delivery.webhook')) return LABEL.webhookUrl;
  if (p.startsWith('delivery.email')) return LABEL.email;
  if (p === 'contact.name') return LABEL.contactName;
  if (p === 'contact.phone') return LABEL.contactPhone;
  if (p === 'level') return LABEL.level;
  return LABEL.name;
}

/** Every row checked; `rows` only when no row has an error (nothing is applied from a bad file). */
export function readDepartments(text: string): { rows: DepartmentRow[]; errors: RowError[] } {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const errors: RowError[] = [];
  const [header, ...data] = records;
  if (!header)
    return {
      rows: [],
      errors: [{ line: 1, message: '文件为空：第一行应为表头（见 docs/templates/departments.csv）' }],
    };
  const columns = header.cells.map((h) => columnOf(h));
  header.cells.forEach((h, i) => {
    if (!columns[i]) errors.push({ line: header.line, message: `不认识的列“${h.trim()}”` });
  });
  for (const c of DEPARTMENT_COLUMNS) {
    if (c.required && !columns.includes(c.key))
      errors.push({ line: header.line, message: `缺少“${c.label}”列` });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (data.length === 0)
    return { rows: [], errors: [{ line: header.line + 1, message: '表头下没有数据行' }] };

  const rows: DepartmentRow[] = [];
  const seen = new Map<string, number>();
  for (const record of data) {
    const v = (key: ColumnKey) => (record.cells[columns.indexOf(key)] ?? '').trim();
    const rowErrors: RowError[] = [];
    const line = record.line;
    if (record.cells.length > header.cells.length) {
      rowErrors.push({
        line,
        message: `比表头多出 ${record.cells.length - header.cells.length} 列（含逗号的内容请加英文双引号）`,
      });
    }

    const code = v('code');
    const level = regionLevel(code);
    if (!code) rowErrors.push({ line, field: LABEL.code, message: '不能为空' });
    else if (level === 'county' ? !regionName(code) : level === 'township' ? !townName(code) : true) {
      rowErrors.push({
        line,
        field: LABEL.code,
        message: `“${code}”不是四川省区划表中的县（市、区，6位）或乡镇（街道，9位）代码`,
      });
    }
    const departmentId = v('departmentId');
    const id = DepartmentParams.shape.departmentId.safeParse(departmentId);
    if (!departmentId) rowErrors.push({ line, field: LABEL.departmentId, message: '不能为空' });
    else if (!id.success)
      rowErrors.push({ line, field: LABEL.departmentId, message: id.error.issues[0]!.message });

    const levelText = v('level');
    const webhookUrl = v('webhookUrl');
    const email = v('email');
    if (!levelText) rowErrors.push({ line, field: LABEL.level, message: '不能为空（县级 / 乡镇级）' });
    else if (!LEVELS[levelText.toLowerCase()]) {
      rowErrors.push({
        line,
        field: LABEL.level,
        message: `“${levelText}”应为 县级 或 乡镇级（county / township）`,
      });
    }
    if (webhookUrl && email) {
      rowErrors.push({
        line,
        field: LABEL.email,
        message: 'Webhook 地址和电子邮箱只能填一个（工单派发方式二选一）',
      });
    } else if (!webhookUrl && !email) {
      rowErrors.push({ line, field: LABEL.email, message: '请填写 Webhook 地址或电子邮箱（工单派发方式）' });
    }
    const contact = {
      ...(v('contactName') ? { name: v('contactName') } : {}),
      ...(v('contactPhone') ? { phone: v('contactPhone') } : {}),
    };
    const candidate = {
      name: v('name'),
      level: LEVELS[levelText.toLowerCase()] ?? levelText,
      delivery: webhookUrl ? { webhook: { url: webhookUrl } } : { email: { address: email } },
      ...(Object.keys(contact).length ? { contact } : {}),
    };
    const parsed = PutDepartmentBody.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        if (field === LABEL.level && rowErrors.some((e) => e.field === LABEL.level)) continue;
        if ((field === LABEL.email || field === LABEL.webhookUrl) && !webhookUrl && !email) continue;
        const message = !v('name') && field === LABEL.name ? '不能为空' : issue.message;
        rowErrors.push({ line, field, message });
      }
    }
    const key = `${code}/${departmentId}`;
    if (code && departmentId && seen.has(key)) {
      rowErrors.push({
        line,
        field: LABEL.departmentId,
        message: `与第 ${seen.get(key)} 行重复（同一区划代码下单位编码须唯一）`,
      });
    } else seen.set(key, line);

    if (rowErrors.length > 0 || !parsed.success) errors.push(...rowErrors);
    else rows.push({ line, code, departmentId, body: parsed.data });
  }
  return errors.length > 0 ? { rows: [], errors } : { rows, errors: [] };
}

/**
 * The unit each centre gets: county rows spread over the county's centres among `centreIds`,
 * a centre's own row replaces its county's for the same unit code.
 */
export function departmentsPerCentre(
  rows: DepartmentRow[],
  centreIds: readonly string[],
): Map<string, Map<string, DepartmentRow>> {
  const out = new Map<string, Map<string, DepartmentRow>>();
  const put = (tenantId: string, row: DepartmentRow) => {
    if (!out.has(tenantId)) out.set(tenantId, new Map());
    out.get(tenantId)!.set(row.departmentId, row);
  };
  for (const row of rows.filter((r) => r.code.length === 6)) {
    for (const id of centreIds) if (id.startsWith(row.code)) put(id, row);
  }
  for (const row of rows.filter((r) => r.code.length === 9)) put(row.code, row);
  return out;
}
