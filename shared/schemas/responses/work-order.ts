/**
 * What the API returns about a work order (工单): the order, its feedback and delivery attempts. No
 * handler builds or checks these at run time: they are the OpenAPI document's components and,
 * through `z.infer`, the types the code uses (re-exported by ../work-order.ts). They live apart
 * from the request schemas so that no Lambda bundle constructs them at import (issue 16, cold
 * start).
 */
import * as z from 'zod/mini';
import { Actor, IsoDateTime, int, meta } from '../common.ts';
import { Category, WorkOrderStatus } from '../work-order.ts';

export const DeliveryAttempt = z.object({
  eventId: z.string(),
  type: z.string(),
  channel: z.enum(['webhook', 'email']),
  at: IsoDateTime,
  outcome: z.enum(['delivered', 'gone', 'retry', 'failed']),
  status: z.optional(int()),
  latencyMs: z.number(),
  error: z.optional(z.string()),
});

export const Feedback = z.object({
  kind: z.enum(['progress', 'result']),
  content: z.string(),
  citizenReply: meta(z.optional(z.string()), { description: '对申请人的答复（短信发送，查询页显示）' }),
  at: IsoDateTime,
  by: Actor,
});

export const WorkOrder = meta(
  z.object({
    id: z.string(),
    number: meta(z.string(), { description: '工单编号 {caseNumber}-{n}', example: '510104001-2026-00001-1' }),
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    deliveryChannel: z.enum(['webhook', 'email']),
    category: Category,
    requirements: meta(z.string(), { description: '办理要求' }),
    otherRequirements: meta(z.optional(z.string()), { description: '其他办理要求' }),
    note: meta(z.optional(z.string()), { description: '备注' }),
    status: WorkOrderStatus,
    overdue: z.boolean(),
    escalationLevel: int(),
    dueAt: meta(IsoDateTime, { description: '办理时限（需反馈的时间）' }),
    provisional: meta(z.boolean(), { description: '时限依据的节假日安排尚未公布（暂定）' }),
    transferredAt: IsoDateTime,
    transferredBy: Actor,
    acknowledgedAt: z.optional(IsoDateTime),
    acknowledgedBy: z.optional(Actor),
    feedback: meta(z.array(Feedback), {
      description:
        '历次反馈（办理进度、办理结果）；列表（GET /work-orders）中为空，只带 feedbackCount 与 latestFeedback',
    }),
    feedbackCount: meta(z.optional(int()), { description: '反馈次数' }),
    latestFeedback: meta(z.optional(Feedback), { description: '最近一次反馈' }),
    firstAnsweredAt: meta(z.optional(IsoDateTime), {
      description: '首次答复时间（复杂类：首次反馈；其他类：办理结果），用于时效统计',
    }),
    answeredSinceOverdueAt: meta(z.optional(IsoDateTime), {
      description: '判定超期后首次答复的时间，用于时效统计',
    }),
    returnReason: z.optional(z.string()),
    attempts: meta(z.array(DeliveryAttempt), {
      description: '每次派发尝试：时间、状态码、耗时、错误；列表（GET /work-orders）中为空',
    }),
    nextCheckAt: meta(z.optional(IsoDateTime), { description: '下一次督办检查的时间（无则不再检查）' }),
    overdueAt: meta(z.optional(IsoDateTime), { description: '判定超期的时间' }),
    breachedDueAt: meta(z.optional(IsoDateTime), {
      description: '判定超期时所超的办理时限（此后时限即使调整，超期仍以此计）',
    }),
    remindedFor: meta(z.optional(IsoDateTime), { description: '已就该办理时限发出到期提醒' }),
    calendarChanges: meta(z.optional(z.array(z.string())), {
      description: '已按这些工作日历变更重新计算过期限（最近10次；重复处理不再移动）',
    }),
    suspension: meta(z.optional(z.object({ since: IsoDateTime, reason: z.string(), by: Actor })), {
      description: '因等待反映人（如补正材料）暂停计时',
    }),
    extension: meta(
      z.optional(
        z.object({
          requestedAt: IsoDateTime,
          requestedBy: Actor,
          reason: z.string(),
          workdays: int(),
          status: z.enum(['pending', 'approved', 'refused']),
          decidedAt: z.optional(IsoDateTime),
          decidedBy: z.optional(Actor),
          comment: z.optional(z.string()),
          previousDueAt: z.optional(IsoDateTime),
        }),
      ),
      { description: '最近一次延期申请（延期）' },
    ),
    version: int(),
    updatedAt: IsoDateTime,
  }),
  { id: 'WorkOrder' },
);

/**
 * A work order as the lists on the region and open-work indexes hold it (GET /work-orders for a
 * centre or a region, the supervision board): the order's state, time limit and unit, without its
 * texts, reports and delivery attempts. A handling unit's own list (承办单位) carries whole orders.
 * The whole order is GET /work-orders/{workOrderId}.
 */
export const WorkOrderSummary = meta(
  z.pick(WorkOrder, {
    id: true,
    number: true,
    caseId: true,
    caseNumber: true,
    tenantId: true,
    departmentId: true,
    departmentName: true,
    category: true,
    status: true,
    overdue: true,
    overdueAt: true,
    escalationLevel: true,
    dueAt: true,
    provisional: true,
    transferredAt: true,
    acknowledgedAt: true,
    suspension: true,
    extension: true,
  }),
  { id: 'WorkOrderSummary' },
);

/**
 * An item of GET /work-orders: the summary, and on a handling unit's own list (承办单位) the rest of
 * the order as well.
 */
export const ListedWorkOrder = meta(z.extend(z.partial(WorkOrder), WorkOrderSummary.shape), {
  id: 'ListedWorkOrder',
});

/** An open work order as the open-work index holds it (the supervision board): no status — it is open. */
export const OpenWorkOrder = z.omit(WorkOrderSummary, { status: true, acknowledgedAt: true });
