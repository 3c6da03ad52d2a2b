/** Work order (工单, one per transfer — Form A.2) schemas. */
import * as z from 'zod/mini';
import { STANDARD_REQUIREMENTS } from '../documents/labels.ts';
import { IsoDateTime, int, meta, text } from './common.ts';
import type * as responses from './responses/work-order.ts';
import { CATEGORIES, WORK_ORDER_STATUSES } from './work-order-values.ts';

export const Category = meta(z.enum(CATEGORIES), { description: '问题类别：简单 / 一般 / 复杂' });
export type Category = z.infer<typeof Category>;

export { CATEGORIES, STANDARD_REQUIREMENTS, WORK_ORDER_STATUSES };

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

// What the API returns (./responses/work-order.ts), as types: importing them builds no schema.
export type DeliveryAttempt = z.infer<typeof responses.DeliveryAttempt>;
export type Feedback = z.infer<typeof responses.Feedback>;
export type WorkOrder = z.infer<typeof responses.WorkOrder>;
export type WorkOrderSummary = z.infer<typeof responses.WorkOrderSummary>;
/** An open order on the supervision board (the open-work index holds no status). */
export type OpenWorkOrder = z.infer<typeof responses.OpenWorkOrder>;
/** An item of GET /work-orders: a summary, or a whole order on a handling unit's own list. */
export type ListedWorkOrder = WorkOrderSummary & Partial<WorkOrder>;
