/** Centre (tenant), handling unit (department) and duty roster schemas. */
import * as z from 'zod/mini';
import { int, meta, text } from './common.ts';
import { Month } from './report.ts';
import type * as responses from './responses/tenant.ts';

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

/** GET /tenants/{tenantId}/duty-roster: a month of the roster; without `month`, this month (Asia/Shanghai). */
export const DutyRosterQuery = z.strictObject({ month: z.optional(Month) });
export type DutyRosterQuery = z.infer<typeof DutyRosterQuery>;

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

// What the API returns (./responses/tenant.ts), as types: importing them builds no schema.
export type Tenant = z.infer<typeof responses.Tenant>;
export type Department = z.infer<typeof responses.Department>;
export type DutyDay = z.infer<typeof responses.DutyDay>;
export type RosterDay = z.infer<typeof responses.RosterDay>;
export type DutyRoster = z.infer<typeof responses.DutyRoster>;
export type RegionContacts = z.infer<typeof responses.RegionContacts>;
export type TenantList = z.infer<typeof responses.TenantList>;
export type TestDelivery = z.infer<typeof responses.TestDelivery>;
