/**
 * zod issues → one Chinese detail per bad field, worded for a clerk. Schemas that carry
 * their own Chinese message keep it; zod's generic English ones are replaced here.
 */
import type { z } from 'zod';
import { type FieldDetail, ValidationError } from '../errors.ts';

/** Field labels as the forms name them; the last path segment is looked up. */
const LABELS: Record<string, string> = {
  channel: '受理渠道',
  reporter: '反映人',
  name: '名称',
  'reporter.name': '反映人姓名',
  phone: '联系电话',
  scope: '服务范围',
  kind: '类型',
  'scope.kind': '服务范围类型',
  reason: '理由',
  matter: '反映事项',
  description: '“办不成事”情况记录',
  assisted: '帮办代办',
  station: '村（社区）便民服务站',
  notice: '一次性告知',
  materialsComplete: '申请材料是否齐全',
  howToSupplement: '如何补正',
  nextSteps: '下一步程序',
  signedBy: '签字人',
  signedAt: '签字日期',
  answer: '当场答复情况',
  note: '备注',
  level: '单位层级',
  delivery: '派发方式',
  url: '网址',
  address: '地址',
  staffId: '值班长工号',
  staffName: '值班长姓名',
  headInHall: '乡镇长进大厅',
  officeHours: '办公时间',
  end: '下班时间',
  calendarRegion: '日历区域',
  limit: '每页条数',
  cursor: '翻页游标',
  from: '开始日期',
  to: '结束日期',
  q: '检索词',
  status: '状态',
  scopeKind: '服务范围类型',
  tenantId: '中心编码',
  departmentId: '承办单位编码',
  date: '日期',
  caseId: '案件编号',
  fileName: '文件名',
  contentType: '文件类型',
  size: '文件大小',
  sha256: '文件校验值（SHA-256）',
  attachmentId: '附件编号',
  actor: '经办人',
  verify: '校验',
};

function labelFor(path: readonly PropertyKey[]): string {
  const full = path.map(String).join('.');
  const last = String(path[path.length - 1] ?? '');
  return LABELS[full] ?? LABELS[last] ?? (full || '请求内容');
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

function messageFor(issue: z.core.$ZodIssue): string {
  if (HAS_CHINESE.test(issue.message)) return issue.message;
  const label = labelFor(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? `请填写${label}` : `${label}的格式不正确`;
    case 'invalid_value':
      return `${label}只能是以下之一：${issue.values.map(String).join('、')}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? `请填写${label}`
        : `${label}不能小于${String(issue.minimum)}${issue.origin === 'string' ? '个字' : ''}`;
    case 'too_big':
      return `${label}不能超过${String(issue.maximum)}${issue.origin === 'string' ? '个字' : ''}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return `${label}的格式不正确`;
    case 'invalid_format':
      return `${label}的格式不正确`;
    default:
      return `${label}不正确`;
  }
}

export function toFieldDetails(error: z.ZodError): FieldDetail[] {
  const details: FieldDetail[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({ field: [...issue.path, key].map(String).join('.'), message: `不认识的字段：${key}` });
      }
      continue;
    }
    details.push({ field: issue.path.map(String).join('.') || '(body)', message: messageFor(issue) });
  }
  return details;
}

/** Parse or throw a 400 with one detail per bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`${what}有误，请检查标出的字段`, toFieldDetails(result.error));
}
