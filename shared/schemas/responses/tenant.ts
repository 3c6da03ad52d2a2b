/**
 * What the API returns about centres, handling units, the duty roster and test deliveries. No
 * handler builds or checks these at run time: they are the OpenAPI document's components and,
 * through `z.infer`, the types the code uses (re-exported by ../tenant.ts). They live apart from
 * the request schemas so that no Lambda bundle constructs them at import (issue 16, cold start).
 */
import * as z from 'zod/mini';
import { IsoDateTime, int, meta } from '../common.ts';
import { Month } from '../report.ts';
import { PutDepartmentBody, PutDutyDayBody, PutRegionContactsBody, PutTenantBody } from '../tenant.ts';

export const Tenant = meta(
  z.safeExtend(PutTenantBody, {
    tenantId: z.string(),
    version: int(),
    updatedAt: IsoDateTime,
  }),
  { id: 'Tenant' },
);

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

export const DutyDay = meta(
  z.safeExtend(PutDutyDayBody, {
    tenantId: z.string(),
    date: z.string(),
    updatedAt: IsoDateTime,
  }),
  { id: 'DutyDay' },
);

export const RosterDay = meta(z.omit(DutyDay, { tenantId: true }), { id: 'RosterDay' });

export const DutyRoster = meta(
  z.object({
    tenantId: z.string(),
    month: Month,
    today: meta(z.string(), { description: '今天（北京时间，服务器时钟）', example: '2026-10-12' }),
    items: meta(z.array(RosterDay), { description: '本月已排班的日子，按日期排序；未排班的日子不列出' }),
  }),
  { id: 'DutyRoster', description: '值班表（一个月）' },
);

export const RegionContacts = meta(
  z.safeExtend(PutRegionContactsBody, {
    regionCode: z.string(),
    updatedAt: z.optional(IsoDateTime),
  }),
  { id: 'RegionContacts' },
);

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
