/** Work order (工单, one per transfer — Form A.2) schemas. */
import * as z from 'zod';
import { STANDARD_REQUIREMENTS } from '../documents/labels.ts';
import { Actor, IsoDateTime, text } from './common.ts';

export const CATEGORIES = ['simple', 'general', 'complex'] as const;
export const Category = z.enum(CATEGORIES).meta({ description: '问题类别：简单 / 一般 / 复杂' });
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
  status: z.number().int().optional(),
  latencyMs: z.number(),
  error: z.string().optional(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Feedback = z.object({
  kind: z.enum(['progress', 'result']),
  content: z.string(),
  citizenReply: z.string().optional().meta({ description: '对申请人的答复（短信发送，查询页显示）' }),
  at: IsoDateTime,
  by: Actor,
});
export type Feedback = z.infer<typeof Feedback>;

export const WorkOrder = z
  .object({
    id: z.string(),
    number: z.string().meta({ description: '工单编号 {caseNumber}-{n}', example: '510104001-2026-00001-1' }),
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    deliveryChannel: z.enum(['webhook', 'email']),
    category: Category,
    requirements: z.string().meta({ description: '办理要求' }),
    otherRequirements: z.string().optional().meta({ description: '其他办理要求' }),
    note: z.string().optional().meta({ description: '备注' }),
    status: WorkOrderStatus,
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    dueAt: IsoDateTime.meta({ description: '办理时限（需反馈的时间）' }),
    provisional: z.boolean().meta({ description: '时限依据的节假日安排尚未公布（暂定）' }),
    transferredAt: IsoDateTime,
    transferredBy: Actor,
    acknowledgedAt: IsoDateTime.optional(),
    acknowledgedBy: Actor.optional(),
    feedback: z.array(Feedback).meta({
      description:
        '历次反馈（办理进度、办理结果）；列表（GET /work-orders）中为空，只带 feedbackCount 与 latestFeedback',
    }),
    feedbackCount: z.number().int().optional().meta({ description: '反馈次数' }),
    latestFeedback: Feedback.optional().meta({ description: '最近一次反馈' }),
    firstAnsweredAt: IsoDateTime.optional().meta({
      description: '首次答复时间（复杂类：首次反馈；其他类：办理结果），用于时效统计',
    }),
    answeredSinceOverdueAt: IsoDateTime.optional().meta({
      description: '判定超期后首次答复的时间，用于时效统计',
    }),
    returnReason: z.string().optional(),
    attempts: z
      .array(DeliveryAttempt)
      .meta({ description: '每次派发尝试：时间、状态码、耗时、错误；列表（GET /work-orders）中为空' }),
    nextCheckAt: IsoDateTime.optional().meta({ description: '下一次督办检查的时间（无则不再检查）' }),
    overdueAt: IsoDateTime.optional().meta({ description: '判定超期的时间' }),
    breachedDueAt: IsoDateTime.optional().meta({
      description: '判定超期时所超的办理时限（此后时限即使调整，超期仍以此计）',
    }),
    remindedFor: IsoDateTime.optional().meta({ description: '已就该办理时限发出到期提醒' }),
    calendarChanges: z
      .array(z.string())
      .optional()
      .meta({ description: '已按这些工作日历变更重新计算过期限（最近10次；重复处理不再移动）' }),
    suspension: z
      .object({ since: IsoDateTime, reason: z.string(), by: Actor })
      .optional()
      .meta({ description: '因等待反映人（如补正材料）暂停计时' }),
    extension: z
      .object({
        requestedAt: IsoDateTime,
        requestedBy: Actor,
        reason: z.string(),
        workdays: z.number().int(),
        status: z.enum(['pending', 'approved', 'refused']),
        decidedAt: IsoDateTime.optional(),
        decidedBy: Actor.optional(),
        comment: z.string().optional(),
        previousDueAt: IsoDateTime.optional(),
      })
      .optional()
      .meta({ description: '最近一次延期申请（延期）' }),
    version: z.number().int(),
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'WorkOrder' });
export type WorkOrder = z.infer<typeof WorkOrder>;

export const TransferBody = z
  .strictObject({
    departmentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码格式不正确' }),
    category: Category,
    requirements: text(500).optional().meta({ description: '办理要求（不填按标准用语）' }),
    otherRequirements: text(1000).optional().meta({ description: '其他办理要求' }),
    note: text(1000).optional().meta({ description: '备注' }),
  })
  .meta({ id: 'Transfer' });
export type TransferBody = z.infer<typeof TransferBody>;

export const FeedbackBody = z
  .strictObject({
    kind: z.enum(['progress', 'result']).meta({ description: '办理进度 / 办理结果' }),
    content: text(4000).meta({ description: '反馈内容' }),
    citizenReply: text(500)
      .optional()
      .meta({ description: '对申请人的答复：短信发给反映人，并显示在其查询页（中心两者都看得到）' }),
  })
  .meta({ id: 'Feedback' });
export type FeedbackBody = z.infer<typeof FeedbackBody>;

export const ReturnBody = z
  .strictObject({ reason: text(1000).meta({ description: '退回理由' }) })
  .meta({ id: 'Return' });
export type ReturnBody = z.infer<typeof ReturnBody>;

export const ListWorkOrdersQuery = z.strictObject({
  status: WorkOrderStatus.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  extension: z.enum(['pending']).optional().meta({
    description: 'pending：只列出有待审批延期申请的未办结工单（按办理时限由近到远）',
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export type ListWorkOrdersQuery = z.infer<typeof ListWorkOrdersQuery>;

export const ExtensionRequestBody = z
  .strictObject({
    reason: text(1000).meta({ description: '延期理由' }),
    workdays: z.number().int().min(1).max(30).meta({ description: '申请延长的工作日数' }),
  })
  .meta({ id: 'ExtensionRequest' });
export type ExtensionRequestBody = z.infer<typeof ExtensionRequestBody>;

export const ExtensionDecisionBody = z
  .strictObject({
    approve: z.boolean().meta({ description: '同意或不同意延期' }),
    comment: text(1000).optional().meta({ description: '审批意见（不同意时必填）' }),
  })
  // A refusal goes back to the department, which must be told why (standard §督办).
  .refine((b) => b.approve || b.comment !== undefined, {
    path: ['comment'],
    error: '不同意延期时必须填写理由',
  })
  .meta({ id: 'ExtensionDecision' });
export type ExtensionDecisionBody = z.infer<typeof ExtensionDecisionBody>;

export const SuspendBody = z
  .strictObject({ reason: text(1000).meta({ description: '暂停理由（如等待反映人补正材料）' }) })
  .meta({ id: 'Suspend' });
export type SuspendBody = z.infer<typeof SuspendBody>;

export const RecallBody = z
  .strictObject({ reason: text(1000).meta({ description: '撤回理由' }) })
  .meta({ id: 'Recall' });
export type RecallBody = z.infer<typeof RecallBody>;

export const MarkReadBody = z
  .strictObject({
    upTo: IsoDateTime.meta({ description: '已读到的通知时间（一般为看到的最新一条的 at）' }),
  })
  .meta({ id: 'MarkNotificationsRead' });
export type MarkReadBody = z.infer<typeof MarkReadBody>;
