/** Centre (tenant), handling unit (department) and duty roster schemas. */
import * as z from 'zod/mini';
import { IsoDateTime, int, meta, text } from './common.ts';
import { Month } from './report.ts';

const HHMM = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm，例如 17:30' }));

const Mobile = z.string().check(z.regex(/^1\d{10}$/, { error: '请填写 11 位手机号码' }));

/** A person to be told: name, mobile (SMS) and e-mail, each optional but the name. */
export const StaffContact = z.strictObject({
  name: text(50),
  mobile: z.optional(Mobile),
  email: z.optional(z.email({ error: '请填写有效的电子邮箱' })),
});
export type StaffContact = z.infer<typeof StaffContact>;

const workdayLimit = (max: number) => z.optional(int().check(z.minimum(1), z.maximum(max)));

export const Limits = meta(
  z.strictObject({
    simple: workdayLimit(30),
    general: workdayLimit(30),
    complex: workdayLimit(60),
    complexProgressInterval: workdayLimit(60),
    followUpDays: workdayLimit(30),
  }),
  { description: '办理时限（工作日），未填按标准默认' },
);

export const PutTenantBody = meta(
  z.strictObject({
    name: meta(text(100), { description: '中心名称', example: '锦江区春熙路街道便民服务中心' }),
    officeHours: z._default(z.strictObject({ start: z.optional(HHMM), end: HHMM }), { end: '17:30' }),
    reminderTime: meta(z.optional(HHMM), { description: '到期提醒在到期当日的发送时间，默认 09:00' }),
    calendarRegion: z.optional(
      z.string().check(z.regex(/^\d{2,6}$/, { error: '日历区域应为区划代码前缀，例如 5134' })),
    ),
    limits: z.optional(Limits),
    contact: meta(
      z.optional(z.strictObject({ phone: z.optional(text(30)), address: z.optional(text(200)) })),
      {
        description: '中心联系方式（印在一次性告知书上）',
      },
    ),
    director: meta(z.optional(StaffContact), {
      description: '中心主任（接收超期、升级、差评等通知；手机号用于短信，邮箱用于邮件）',
    }),
  }),
  { id: 'PutTenant' },
);
export type PutTenantBody = z.infer<typeof PutTenantBody>;

export const Tenant = meta(
  z.safeExtend(PutTenantBody, {
    tenantId: z.string(),
    version: int(),
    updatedAt: IsoDateTime,
  }),
  { id: 'Tenant' },
);
export type Tenant = z.infer<typeof Tenant>;

export const Delivery = z.union([
  z.strictObject({ webhook: z.strictObject({ url: z.url({ error: '请填写有效的网址' }) }) }),
  z.strictObject({ email: z.strictObject({ address: z.email({ error: '请填写有效的电子邮箱' }) }) }),
]);
export type Delivery = z.infer<typeof Delivery>;

export const PutDepartmentBody = meta(
  z.strictObject({
    name: meta(text(100), { description: '承办单位名称', example: '区社保局' }),
    level: meta(z.enum(['township', 'county']), { description: '乡镇级 / 县级' }),
    delivery: meta(Delivery, { description: '工单派发方式：webhook 或电子邮件' }),
    contact: z.optional(z.strictObject({ name: z.optional(text(50)), phone: z.optional(text(30)) })),
  }),
  { id: 'PutDepartment' },
);
export type PutDepartmentBody = z.infer<typeof PutDepartmentBody>;

export const Department = meta(
  z.safeExtend(PutDepartmentBody, {
    tenantId: z.string(),
    departmentId: z.string(),
    version: int(),
    updatedAt: IsoDateTime,
    /** Returned once, when a webhook department is created (or its secret rotated). */
    webhookSecret: z.optional(z.string()),
  }),
  { id: 'Department' },
);
export type Department = z.infer<typeof Department>;

export const PutDutyDayBody = meta(
  z.strictObject({
    staffId: text(64),
    staffName: text(50),
    headInHall: meta(z._default(z.boolean(), false), { description: '乡镇长（街道办主任）进大厅' }),
    mobile: meta(z.optional(Mobile), { description: '值班长手机号（接收短信通知）' }),
    email: meta(z.optional(z.email({ error: '请填写有效的电子邮箱' })), { description: '值班长邮箱' }),
  }),
  { id: 'PutDutyDay', description: '值班长' },
);
export type PutDutyDayBody = z.infer<typeof PutDutyDayBody>;

export const DutyDay = meta(
  z.safeExtend(PutDutyDayBody, {
    tenantId: z.string(),
    date: z.string(),
    updatedAt: IsoDateTime,
  }),
  { id: 'DutyDay' },
);
export type DutyDay = z.infer<typeof DutyDay>;

/** GET /tenants/{tenantId}/duty-roster: a month of the roster; without `month`, this month (Asia/Shanghai). */
export const DutyRosterQuery = z.strictObject({ month: z.optional(Month) });
export type DutyRosterQuery = z.infer<typeof DutyRosterQuery>;

export const RosterDay = meta(z.omit(DutyDay, { tenantId: true }), { id: 'RosterDay' });
export type RosterDay = z.infer<typeof RosterDay>;

export const DutyRoster = meta(
  z.object({
    tenantId: z.string(),
    month: Month,
    today: meta(z.string(), { description: '今天（北京时间，服务器时钟）', example: '2026-10-12' }),
    items: meta(z.array(RosterDay), { description: '本月已排班的日子，按日期排序；未排班的日子不列出' }),
  }),
  { id: 'DutyRoster', description: '值班表（一个月）' },
);
export type DutyRoster = z.infer<typeof DutyRoster>;

/** The people told of a region's escalations (县级督办): level 2 reaches every one of them. */
export const PutRegionContactsBody = meta(
  z.strictObject({
    contacts: meta(z.array(StaffContact).check(z.maxLength(10, { error: '联系人最多 10 位' })), {
      description: '督办联系人（姓名、手机号、邮箱），升级至本级督办时按此发送短信和邮件',
    }),
  }),
  { id: 'PutRegionContacts' },
);
export type PutRegionContactsBody = z.infer<typeof PutRegionContactsBody>;

export const RegionContacts = meta(
  z.safeExtend(PutRegionContactsBody, {
    regionCode: z.string(),
    updatedAt: z.optional(IsoDateTime),
  }),
  { id: 'RegionContacts' },
);
export type RegionContacts = z.infer<typeof RegionContacts>;

/** GET /tenants: the centre registry under a region prefix, paged; `q` narrows by name. */
export const ListTenantsQuery = z.object({
  region: meta(
    z
      .string()
      .check(z.regex(/^\d{2,9}$/, { error: '区域应为区划代码前缀（2至9位数字），例如 51 或 510104' })),
    { description: '区划代码前缀：省 2 位、市 4 位、县 6 位' },
  ),
  q: meta(z.optional(text(50)), { description: '按中心名称查找（包含）' }),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export type ListTenantsQuery = z.infer<typeof ListTenantsQuery>;

export const TenantList = meta(z.object({ items: z.array(Tenant), nextCursor: z.nullable(z.string()) }), {
  id: 'TenantList',
});

/**
 * A test message to a handling unit (发送测试), sent like a work order's message (outbox, queue,
 * signed webhook or e-mail, retries); this is how it went.
 */
export const TestDelivery = meta(
  z.object({
    id: z.string(),
    tenantId: z.string(),
    departmentId: z.string(),
    channel: z.enum(['webhook', 'email']),
    status: meta(z.enum(['pending', 'delivered', 'failed']), {
      description: 'pending：发送中或等待重试；delivered：已送达；failed：对方拒收（410）或重试用尽',
    }),
    attempts: int(),
    requestedAt: IsoDateTime,
    requestedBy: z.object({ id: z.string(), name: z.string() }),
    lastAttempt: z.optional(
      z.object({
        at: IsoDateTime,
        outcome: z.enum(['delivered', 'gone', 'retry', 'failed']),
        status: meta(z.optional(int()), { description: '对方的 HTTP 状态码' }),
        latencyMs: z.number(),
        error: z.optional(z.string()),
      }),
    ),
    nextAttemptAt: meta(z.optional(IsoDateTime), { description: '等待重试时：下一次尝试的时间' }),
    deliveredAt: z.optional(IsoDateTime),
  }),
  { id: 'TestDelivery' },
);
export type TestDelivery = z.infer<typeof TestDelivery>;
