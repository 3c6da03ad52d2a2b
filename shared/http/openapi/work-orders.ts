/** OpenAPI operations of the `work-orders` routes. */
import * as z from 'zod/mini';
import { RecordPageQuery } from '../../schemas/case.ts';
import { int, meta, Page } from '../../schemas/common.ts';
import { CaseParams, TokenParams, WorkOrderParams } from '../../schemas/params.ts';
import {
  Feedback,
  ListedWorkOrder,
  WorkOrder,
  WorkOrderSummary,
} from '../../schemas/responses/work-order.ts';
import {
  ExtensionDecisionBody,
  ExtensionRequestBody,
  FeedbackBody,
  ListWorkOrdersQuery,
  MarkReadBody,
  ReturnBody,
  SuspendBody,
  TransferBody,
} from '../../schemas/work-order.ts';
import type { workOrderRoutes } from '../routes/work-orders.ts';
import { IdempotencyHeader, IfMatchHeader, jsonBody, type Operation } from './common.ts';

const Delivery = meta(
  z.object({
    id: z.string(),
    channel: z.enum(['email', 'sms']),
    role: z.enum(['duty_chief', 'director', 'supervisor']),
    name: z.optional(z.string()),
    to: meta(z.optional(z.string()), { description: '收件人（已遮挡：138****5678、w***@example.gov.cn）' }),
    status: meta(z.enum(['pending', 'retrying', 'sent', 'failed', 'undeliverable']), {
      description: '待发送 / 失败待重试 / 已发送 / 已放弃 / 无法送达（未登记手机号或邮箱、当日无值班长）',
    }),
    attempts: int(),
    error: z.optional(z.string()),
    at: z.optional(z.string()),
    nextAttemptAt: z.optional(z.string()),
  }),
  { id: 'NotificationDelivery' },
);

const Notification = meta(
  z.object({
    id: z.string(),
    tenantId: z.optional(z.string()),
    regionCode: meta(z.optional(z.string()), { description: '发给该区域督导人员的通知' }),
    at: z.string(),
    recipient: z.object({
      role: z.string(),
      staffId: z.optional(z.string()),
      name: z.optional(z.string()),
      regionCode: z.optional(z.string()),
    }),
    topic: z.string(),
    message: z.string(),
    caseId: z.optional(z.string()),
    workOrderId: z.optional(z.string()),
    month: z.optional(z.string()),
    deliveries: meta(z.optional(z.array(Delivery)), {
      description: '短信和邮件的送达情况（超期、升级、派发失败、延期申请、差评）',
    }),
  }),
  { id: 'Notification' },
);

const ActionBody = meta(z.union([FeedbackBody, ReturnBody, z.object({})]), {
  description: '按链接的用途：签收无需内容',
});

/** The action page's upload form (`multipart/form-data`, one file): evidence for the order. */
const EvidenceForm = meta(
  z.object({
    action: z.literal('evidence'),
    file: meta(z.string(), {
      format: 'binary',
      description: '一个文件，不超过 4 MB：照片、PDF、Word、Excel、OFD 或 TXT',
    }),
    note: meta(z.optional(z.string().check(z.maxLength(500))), { description: '说明（选填）' }),
    officerName: meta(z.string().check(z.minLength(1), z.maxLength(50)), { description: '经办人姓名' }),
  }),
  { description: '上传办理佐证材料；成功后 303 重定向回操作页' },
);

export const workOrderOperations: Record<(typeof workOrderRoutes)[number]['id'], Operation> = {
  transferCase: {
    requestParams: { path: CaseParams, header: z.extend(IdempotencyHeader, IfMatchHeader.shape) },
    requestBody: jsonBody(TransferBody),
    ok: { status: '201', schema: WorkOrder, description: '已转办，工单待派发' },
  },
  listWorkOrders: {
    requestParams: { query: ListWorkOrdersQuery },
    ok: {
      status: '200',
      schema: Page(
        z.extend(ListedWorkOrder, {
          remainingWorkdays: meta(z.optional(int()), {
            description: '距办理时限的剩余工作日（中心与承办单位调用时按本中心日历；超期为负数）',
          }),
        }),
      ),
      description: '工单列表',
    },
  },
  getWorkOrder: {
    requestParams: { path: WorkOrderParams },
    ok: {
      status: '200',
      schema: WorkOrder,
      description: '工单；feedback 只带最近 20 次（完整列表见 /reports）',
    },
  },
  listWorkOrderReports: {
    requestParams: { path: WorkOrderParams, query: RecordPageQuery },
    ok: {
      status: '200',
      schema: Page(Feedback),
      description: '办理进度与结果反馈，一页（nextCursor 为 null 即最后一页）',
    },
  },
  acknowledgeWorkOrder: {
    requestParams: { path: WorkOrderParams },
    ok: { status: '200', schema: WorkOrder, description: '已签收（重复签收同样返回 200，不再记录）' },
  },
  workOrderFeedback: {
    requestParams: { path: WorkOrderParams },
    requestBody: jsonBody(FeedbackBody),
    ok: { status: '200', schema: WorkOrder, description: '已反馈' },
  },
  returnWorkOrder: {
    requestParams: { path: WorkOrderParams },
    requestBody: jsonBody(ReturnBody),
    ok: { status: '200', schema: WorkOrder, description: '已退回' },
  },
  actionPage: {
    requestParams: { path: TokenParams },
    ok: { status: '200', contentType: 'text/html', description: '操作页（转办单与操作按钮）' },
  },
  actionSubmit: {
    requestParams: { path: TokenParams },
    requestBody: jsonBody(ActionBody),
    ok: { status: '200', schema: WorkOrder, description: '已完成链接对应的操作' },
  },
  actionEvidence: {
    requestParams: { path: TokenParams },
    requestBody: { content: { 'multipart/form-data': { schema: EvidenceForm } } },
    ok: {
      status: '303',
      description: '已上传，转回操作页；文件过大（413）、类型不支持（415）或有误（400）时为操作页并说明原因',
    },
  },
  requestExtension: {
    requestParams: { path: WorkOrderParams },
    requestBody: jsonBody(ExtensionRequestBody),
    ok: { status: '200', schema: WorkOrder, description: '已提交延期申请，待中心主任审批' },
  },
  decideExtension: {
    requestParams: { path: WorkOrderParams },
    requestBody: jsonBody(ExtensionDecisionBody),
    ok: { status: '200', schema: WorkOrder, description: '已审批（同意则办理时限顺延）' },
  },
  suspendWorkOrder: {
    requestParams: { path: WorkOrderParams },
    requestBody: jsonBody(SuspendBody),
    ok: { status: '200', schema: WorkOrder, description: '已暂停计时' },
  },
  resumeWorkOrder: {
    requestParams: { path: WorkOrderParams },
    ok: { status: '200', schema: WorkOrder, description: '已恢复计时，办理时限重新计算' },
  },
  listSupervision: {
    ok: {
      status: '200',
      schema: z.object({
        items: z.array(
          z.discriminatedUnion('kind', [
            meta(
              z.extend(WorkOrderSummary, {
                kind: z.literal('work_order'),
                state: z.enum(['overdue', 'due_soon', 'suspended']),
                remainingWorkdays: meta(z.optional(int()), {
                  description: '距办理时限的剩余工作日（按该中心日历；超期为负数；暂停计时的工单无此项）',
                }),
              }),
              { id: 'SupervisionWorkOrder' },
            ),
            meta(
              z.object({
                kind: z.literal('follow_up'),
                state: z.enum(['overdue', 'due_soon']),
                id: z.string(),
                caseId: z.string(),
                caseNumber: z.string(),
                tenantId: z.string(),
                dueAt: z.string(),
                round: int(),
              }),
              { id: 'SupervisionFollowUp', description: '已办结案件应进行的回访' },
            ),
          ]),
        ),
      }),
      description: '超期（overdue）、24小时内到期（due_soon）与暂停计时（suspended）的工单',
    },
  },
  listNotifications: {
    ok: {
      status: '200',
      schema: z.object({
        items: z.array(Notification),
        readUpTo: meta(z.optional(z.string()), { description: '调用者已读到的时间（此前的通知视为已读）' }),
        unread: meta(int(), { description: '所列通知中调用者未读的条数' }),
      }),
      description: '通知，最新在前',
    },
  },
  markNotificationsRead: {
    requestBody: jsonBody(MarkReadBody),
    ok: {
      status: '200',
      schema: z.object({ readUpTo: z.string() }),
      description: '已读到的时间（只前进，不后退）',
    },
  },
};
