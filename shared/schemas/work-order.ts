/** Work order (工单, one per transfer — Form A.2) schemas. */
import * as z from 'zod/mini';
import { STANDARD_REQUIREMENTS } from '../documents/labels.ts';
import { Actor, IsoDateTime, int, meta, text } from './common.ts';

export const CATEGORIES = ['simple', 'general', 'complex'] as const;
export const Category = meta(z.enum(CATEGORIES), { description: '问题类别：简单 / 一般 / 复杂' });
export type Category = z.infer<typeof Category>;

export { STANDARD_REQUIREMENTS };

export const WORK_ORDER_STATUSES = [
  'pending_delivery',
  'delivered',
  'acknowledged',
  'in_progress',
  'completed',
  'returned',
  'recalled',
  'delivery_failed',
] as const;
export const WorkOrderStatus = z.enum(WORK_ORDER_STATUSES);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;

export const WEBHOOK_EVENT_TYPES = [
  'work_order.assigned',
  'work_order.reminder',
  'work_order.overdue',
  'work_order.escalated',
  'work_order.recalled',
  'work_order.reopened',
  'work_order.deadline_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

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
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Feedback = z.object({
  kind: z.enum(['progress', 'result']),
  content: z.string(),
  citizenReply: meta(z.optional(z.string()), { description: '对申请人的答复（短信发送，查询页显示）' }),
  at: IsoDateTime,
  by: Actor,
});
export type Feedback = z.infer<typeof Feedback>;

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
export type WorkOrder = z.infer<typeof WorkOrder>;

export const TransferBody = meta(
  z.strictObject({
    departmentId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码格式不正确' })),
    category: Category,
    requirements: meta(z.optional(text(500)), { description: '办理要求（不填按标准用语）' }),
    otherRequirements: meta(z.optional(text(1000)), { description: '其他办理要求' }),
    note: meta(z.optional(text(1000)), { description: '备注' }),
  }),
  { id: 'Transfer' },
);
export type TransferBody = z.infer<typeof TransferBody>;

export const FeedbackBody = meta(
  z.strictObject({
    kind: meta(z.enum(['progress', 'result']), { description: '办理进度 / 办理结果' }),
    content: meta(text(4000), { description: '反馈内容' }),
    citizenReply: meta(z.optional(text(500)), {
      description: '对申请人的答复：短信发给反映人，并显示在其查询页（中心两者都看得到）',
    }),
  }),
  { id: 'Feedback' },
);
export type FeedbackBody = z.infer<typeof FeedbackBody>;

export const ReturnBody = meta(z.strictObject({ reason: meta(text(1000), { description: '退回理由' }) }), {
  id: 'Return',
});
export type ReturnBody = z.infer<typeof ReturnBody>;

export const ListWorkOrdersQuery = z.strictObject({
  status: z.optional(WorkOrderStatus),
  overdue: z.optional(z.enum(['true', 'false'])),
  extension: meta(z.optional(z.enum(['pending'])), {
    description: 'pending：只列出有待审批延期申请的未办结工单（按办理时限由近到远）',
  }),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export type ListWorkOrdersQuery = z.infer<typeof ListWorkOrdersQuery>;

export const ExtensionRequestBody = meta(
  z.strictObject({
    reason: meta(text(1000), { description: '延期理由' }),
    workdays: meta(int().check(z.minimum(1), z.maximum(30)), { description: '申请延长的工作日数' }),
  }),
  { id: 'ExtensionRequest' },
);
export type ExtensionRequestBody = z.infer<typeof ExtensionRequestBody>;

export const ExtensionDecisionBody = meta(
  z
    .strictObject({
      approve: meta(z.boolean(), { description: '同意或不同意延期' }),
      comment: meta(z.optional(text(1000)), { description: '审批意见（不同意时必填）' }),
    })
    // A refusal goes back to the department, which must be told why (standard §督办).
    .check(
      z.refine((b) => b.approve || b.comment !== undefined, {
        path: ['comment'],
        error: '不同意延期时必须填写理由',
      }),
    ),
  { id: 'ExtensionDecision' },
);
export type ExtensionDecisionBody = z.infer<typeof ExtensionDecisionBody>;

export const SuspendBody = meta(
  z.strictObject({ reason: meta(text(1000), { description: '暂停理由（如等待反映人补正材料）' }) }),
  { id: 'Suspend' },
);
export type SuspendBody = z.infer<typeof SuspendBody>;

export const RecallBody = meta(z.strictObject({ reason: meta(text(1000), { description: '撤回理由' }) }), {
  id: 'Recall',
});
export type RecallBody = z.infer<typeof RecallBody>;

export const MarkReadBody = meta(
  z.strictObject({
    upTo: meta(IsoDateTime, { description: '已读到的通知时间（一般为看到的最新一条的 at）' }),
  }),
  { id: 'MarkNotificationsRead' },
);
export type MarkReadBody = z.infer<typeof MarkReadBody>;
