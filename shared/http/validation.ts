/**
 * zod issues → one Chinese detail per bad field, worded for a clerk. Schemas that carry
 * their own Chinese message keep it; zod's generic English ones are replaced here.
 */
import type * as z from 'zod/mini';
import { type FieldDetail, ValidationError } from '../errors.ts';
import type { RouteId } from './routes.ts';

/**
 * Field labels as the forms name them — the one place every request field (body, query, path)
 * gets its Chinese name; the full path is looked up first, then the last segment. A test walks
 * the OpenAPI document and fails on a field without a label.
 */
const LABELS: Record<string, string> = {
  // intake (受理登记) and the case
  channel: '受理渠道',
  reporter: '反映人',
  'reporter.name': '反映人姓名',
  'reporter.phone': '反映人联系电话',
  phone: '联系电话',
  scope: '服务范围',
  'scope.kind': '服务范围类型',
  'scope.reason': '不予受理理由',
  kind: '类型',
  reason: '理由',
  matter: '反映事项',
  description: '“办不成事”情况记录',
  assisted: '帮办代办',
  smsOptOut: '不接收短信',
  upTo: '已读至',
  citizenReply: '对申请人的答复',
  station: '村（社区）便民服务站',
  notice: '一次性告知',
  'notice.materialsComplete': '申请材料是否齐全',
  'notice.howToSupplement': '如何补正',
  'notice.nextSteps': '下一步程序',
  materialsComplete: '申请材料是否齐全',
  howToSupplement: '如何补正',
  nextSteps: '下一步程序',
  signedBy: '签字人',
  signedAt: '签字日期',
  answer: '当场答复情况',
  note: '备注',
  // closure, meetings, follow-up (办结、会商、回访)
  outcome: '办理结果',
  resolution: '办结情况说明',
  date: '日期',
  participants: '参会人员',
  minutes: '会议纪要',
  decisions: '会议决定',
  method: '回访方式',
  satisfaction: '回访满意度',
  solved: '问题是否实际解决',
  comment: '意见',
  // transfer and work orders (转办、工单)
  department: '承办单位',
  departmentId: '承办单位编码',
  departmentName: '承办单位名称',
  category: '问题类别',
  requirements: '办理要求',
  otherRequirements: '其他办理要求',
  content: '反馈内容',
  workdays: '延长工作日数',
  extension: '延期申请',
  approve: '是否同意延期',
  workOrderId: '工单编号',
  token: '办理链接令牌',
  // centres, departments, duty roster (中心、承办单位、值班)
  name: '名称',
  level: '单位层级',
  delivery: '派发方式',
  'delivery.email': '邮件派发',
  'delivery.email.address': '接收邮箱',
  'delivery.webhook': '接口推送',
  'delivery.webhook.url': '推送地址',
  url: '网址',
  address: '地址',
  'contact.name': '联系人',
  'contact.phone': '联系电话',
  'contact.address': '联系地址',
  contact: '联系方式',
  staffId: '值班长工号',
  staffName: '值班长姓名',
  headInHall: '乡镇长进大厅',
  mobile: '手机号码',
  email: '电子邮箱',
  director: '中心主任',
  'director.name': '中心主任姓名',
  'director.mobile': '中心主任手机号码',
  'director.email': '中心主任电子邮箱',
  contacts: '督办联系人',
  'contacts.name': '督办联系人姓名',
  'contacts.mobile': '督办联系人手机号码',
  'contacts.email': '督办联系人电子邮箱',
  regionCode: '区域代码',
  officeHours: '办公时间',
  'officeHours.start': '上班时间',
  'officeHours.end': '下班时间',
  start: '开始时间',
  end: '下班时间',
  reminderTime: '到期提醒时间',
  calendarRegion: '日历区域',
  limits: '办理时限',
  'limits.simple': '简单问题办理时限（工作日）',
  'limits.general': '一般问题办理时限（工作日）',
  'limits.complex': '复杂问题办理时限（工作日）',
  'limits.complexProgressInterval': '复杂问题进展报告间隔（工作日）',
  'limits.followUpDays': '回访时限（工作日）',
  tenantId: '中心编码',
  // calendar and catalogue (工作日历、事项库)
  workday: '是否为工作日',
  region: '区域',
  title: '通知标题',
  number: '文号',
  daysOff: '放假日期',
  'daysOff.date': '放假日期',
  'daysOff.name': '节日名称',
  countyCode: '县（区）代码',
  matterId: '事项编码',
  keywords: '关键词',
  // lists, reports, archive (列表、报表、存档)
  limit: '每页条数',
  cursor: '翻页游标',
  from: '开始日期',
  to: '结束日期',
  q: '检索词',
  status: '状态',
  scopeKind: '服务范围类型',
  overdue: '是否超期',
  format: '导出格式',
  month: '月份',
  year: '年份',
  caseId: '案件编号',
  fileName: '文件名',
  contentType: '文件类型',
  size: '文件大小',
  sha256: '文件校验值（SHA-256）',
  // the department's action page (承办单位操作页): a form post, evidence upload
  action: '操作',
  file: '上传文件',
  officerName: '经办人姓名',
  attachmentId: '附件编号',
  testId: '测试编号',
  actor: '经办人',
  verify: '校验',
  asset: '资源文件名',
  order: '排序',
  meetingId: '会议编号',
};

/**
 * Where an operation's field means something else than the same name elsewhere, its own labels,
 * looked up before LABELS (full path, then last segment): the API's field names stay as they are.
 */
const OPERATION_LABELS: Partial<Record<RouteId, Record<string, string>>> = {
  // A year's holiday notice: `workdays` are its make-up working days, not an extension's days.
  putCalendarYear: {
    workdays: '调休上班日',
    'workdays.date': '调休上班日期',
    'workdays.name': '节日名称',
  },
};

function lookUp(named: readonly string[], operation: RouteId | undefined): string | undefined {
  const full = named.join('.');
  const last = named[named.length - 1] ?? '';
  const own = operation ? OPERATION_LABELS[operation] : undefined;
  return own?.[full] ?? own?.[last] ?? LABELS[full] ?? LABELS[last];
}

/** Whether a field (dotted path) has its Chinese label, in `operation` if given. */
export function hasLabel(path: string, operation?: RouteId): boolean {
  return lookUp(path.split('.'), operation) !== undefined;
}

function labelFor(path: readonly PropertyKey[], operation: RouteId | undefined): string {
  // Array indexes name no field: `participants.0` is labelled as `participants`.
  const named = path.filter((p) => typeof p !== 'number').map(String);
  return lookUp(named, operation) ?? (named.join('.') || '请求内容');
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

function messageFor(issue: z.core.$ZodIssue, operation: RouteId | undefined): string {
  const label = labelFor(issue.path, operation);
  // A schema's own Chinese message is kept; it is prefixed with the label when it does not name the field.
  if (HAS_CHINESE.test(issue.message)) {
    return issue.message.includes(label) || issue.path.length === 0
      ? issue.message
      : `${label}：${issue.message}`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `请填写${label}` : `${label}的格式不正确`;
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

/**
 * One detail per bad field: the first issue zod reports for it (a format error before a range),
 * labelled as `operation`'s form names it.
 */
export function toFieldDetails(error: z.core.$ZodError, operation?: RouteId): FieldDetail[] {
  const details = new Map<string, FieldDetail>();
  const add = (field: string, message: string) => {
    if (!details.has(field)) details.set(field, { field, message });
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key].map(String).join('.'), `不认识的字段：${key}`);
      continue;
    }
    add(issue.path.map(String).join('.') || '(body)', messageFor(issue, operation));
  }
  return [...details.values()];
}

/** Parse or throw a 400 with one detail per bad field (labelled for `operation`, when given). */
export function parseOrThrow<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  what: string,
  operation?: RouteId,
): T {
  // The input on each issue tells a missing field from a wrong one (no locale's wording needed).
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new ValidationError(`${what}有误，请检查标出的字段`, toFieldDetails(result.error, operation));
}
