/** Centre (tenant), handling unit (department) and duty roster schemas. */
import * as z from 'zod';
import { IsoDateTime, text } from './common.ts';
import { Month } from './report.ts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm，例如 17:30' });

const Mobile = z.string().regex(/^1\d{10}$/, { error: '请填写 11 位手机号码' });

/** A person to be told: name, mobile (SMS) and e-mail, each optional but the name. */
export const StaffContact = z.strictObject({
  name: text(50),
  mobile: Mobile.optional(),
  email: z.email({ error: '请填写有效的电子邮箱' }).optional(),
});
export type StaffContact = z.infer<typeof StaffContact>;

export const Limits = z
  .strictObject({
    simple: z.number().int().min(1).max(30).optional(),
    general: z.number().int().min(1).max(30).optional(),
    complex: z.number().int().min(1).max(60).optional(),
    complexProgressInterval: z.number().int().min(1).max(60).optional(),
    followUpDays: z.number().int().min(1).max(30).optional(),
  })
  .meta({ description: '办理时限（工作日），未填按标准默认' });

export const PutTenantBody = z
  .strictObject({
    name: text(100).meta({ description: '中心名称', example: '锦江区春熙路街道便民服务中心' }),
    officeHours: z.strictObject({ start: HHMM.optional(), end: HHMM }).default({ end: '17:30' }),
    reminderTime: HHMM.optional().meta({ description: '到期提醒在到期当日的发送时间，默认 09:00' }),
    calendarRegion: z
      .string()
      .regex(/^\d{2,6}$/, { error: '日历区域应为区划代码前缀，例如 5134' })
      .optional(),
    limits: Limits.optional(),
    contact: z
      .strictObject({ phone: text(30).optional(), address: text(200).optional() })
      .optional()
      .meta({ description: '中心联系方式（印在一次性告知书上）' }),
    director: StaffContact.optional().meta({
      description: '中心主任（接收超期、升级、差评等通知；手机号用于短信，邮箱用于邮件）',
    }),
  })
  .meta({ id: 'PutTenant' });
export type PutTenantBody = z.infer<typeof PutTenantBody>;

export const Tenant = PutTenantBody.safeExtend({
  tenantId: z.string(),
  version: z.number().int(),
  updatedAt: IsoDateTime,
}).meta({ id: 'Tenant' });
export type Tenant = z.infer<typeof Tenant>;

export const Delivery = z.union([
  z.strictObject({ webhook: z.strictObject({ url: z.url({ error: '请填写有效的网址' }) }) }),
  z.strictObject({ email: z.strictObject({ address: z.email({ error: '请填写有效的电子邮箱' }) }) }),
]);
export type Delivery = z.infer<typeof Delivery>;

export const PutDepartmentBody = z
  .strictObject({
    name: text(100).meta({ description: '承办单位名称', example: '区社保局' }),
    level: z.enum(['township', 'county']).meta({ description: '乡镇级 / 县级' }),
    delivery: Delivery.meta({ description: '工单派发方式：webhook 或电子邮件' }),
    contact: z.strictObject({ name: text(50).optional(), phone: text(30).optional() }).optional(),
  })
  .meta({ id: 'PutDepartment' });
export type PutDepartmentBody = z.infer<typeof PutDepartmentBody>;

export const Department = PutDepartmentBody.safeExtend({
  tenantId: z.string(),
  departmentId: z.string(),
  version: z.number().int(),
  updatedAt: IsoDateTime,
  /** Returned once, when a webhook department is created (or its secret rotated). */
  webhookSecret: z.string().optional(),
}).meta({ id: 'Department' });
export type Department = z.infer<typeof Department>;

export const PutDutyDayBody = z
  .strictObject({
    staffId: text(64),
    staffName: text(50),
    headInHall: z.boolean().default(false).meta({ description: '乡镇长（街道办主任）进大厅' }),
    mobile: Mobile.optional().meta({ description: '值班长手机号（接收短信通知）' }),
    email: z.email({ error: '请填写有效的电子邮箱' }).optional().meta({ description: '值班长邮箱' }),
  })
  .meta({ id: 'PutDutyDay', description: '值班长' });
export type PutDutyDayBody = z.infer<typeof PutDutyDayBody>;

export const DutyDay = PutDutyDayBody.safeExtend({
  tenantId: z.string(),
  date: z.string(),
  updatedAt: IsoDateTime,
}).meta({ id: 'DutyDay' });
export type DutyDay = z.infer<typeof DutyDay>;

/** GET /tenants/{tenantId}/duty-roster: a month of the roster; without `month`, this month (Asia/Shanghai). */
export const DutyRosterQuery = z.strictObject({ month: Month.optional() });
export type DutyRosterQuery = z.infer<typeof DutyRosterQuery>;

export const RosterDay = DutyDay.omit({ tenantId: true }).meta({ id: 'RosterDay' });
export type RosterDay = z.infer<typeof RosterDay>;

export const DutyRoster = z
  .object({
    tenantId: z.string(),
    month: Month,
    today: z.string().meta({ description: '今天（北京时间，服务器时钟）', example: '2026-10-12' }),
    items: z.array(RosterDay).meta({ description: '本月已排班的日子，按日期排序；未排班的日子不列出' }),
  })
  .meta({ id: 'DutyRoster', description: '值班表（一个月）' });
export type DutyRoster = z.infer<typeof DutyRoster>;

/** The people told of a region's escalations (县级督办): level 2 reaches every one of them. */
export const PutRegionContactsBody = z
  .strictObject({
    contacts: z
      .array(StaffContact)
      .max(10, { error: '联系人最多 10 位' })
      .meta({ description: '督办联系人（姓名、手机号、邮箱），升级至本级督办时按此发送短信和邮件' }),
  })
  .meta({ id: 'PutRegionContacts' });
export type PutRegionContactsBody = z.infer<typeof PutRegionContactsBody>;

export const RegionContacts = PutRegionContactsBody.safeExtend({
  regionCode: z.string(),
  updatedAt: IsoDateTime.optional(),
}).meta({ id: 'RegionContacts' });
export type RegionContacts = z.infer<typeof RegionContacts>;

/** GET /tenants: the centre registry under a region prefix, paged; `q` narrows by name. */
export const ListTenantsQuery = z.object({
  region: z
    .string()
    .regex(/^\d{2,9}$/, { error: '区域应为区划代码前缀（2至9位数字），例如 51 或 510104' })
    .meta({ description: '区划代码前缀：省 2 位、市 4 位、县 6 位' }),
  q: text(50).optional().meta({ description: '按中心名称查找（包含）' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export type ListTenantsQuery = z.infer<typeof ListTenantsQuery>;

export const TenantList = z
  .object({ items: z.array(Tenant), nextCursor: z.string().nullable() })
  .meta({ id: 'TenantList' });

/**
 * A test message to a handling unit (发送测试), sent like a work order's message (outbox, queue,
 * signed webhook or e-mail, retries); this is how it went.
 */
export const TestDelivery = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    departmentId: z.string(),
    channel: z.enum(['webhook', 'email']),
    status: z.enum(['pending', 'delivered', 'failed']).meta({
      description: 'pending：发送中或等待重试；delivered：已送达；failed：对方拒收（410）或重试用尽',
    }),
    attempts: z.number().int(),
    requestedAt: IsoDateTime,
    requestedBy: z.object({ id: z.string(), name: z.string() }),
    lastAttempt: z
      .object({
        at: IsoDateTime,
        outcome: z.enum(['delivered', 'gone', 'retry', 'failed']),
        status: z.number().int().optional().meta({ description: '对方的 HTTP 状态码' }),
        latencyMs: z.number(),
        error: z.string().optional(),
      })
      .optional(),
    nextAttemptAt: IsoDateTime.optional().meta({ description: '等待重试时：下一次尝试的时间' }),
    deliveredAt: IsoDateTime.optional(),
  })
  .meta({ id: 'TestDelivery' });
export type TestDelivery = z.infer<typeof TestDelivery>;
