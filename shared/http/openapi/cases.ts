/** OpenAPI operations of the `cases` routes. */
import * as z from 'zod/mini';
import { CASE_ACTIONS } from '../../domain/case.ts';
import { WORK_ORDER_ACTIONS } from '../../domain/work-order.ts';
import {
  ConfirmationBody,
  CreateCaseBody,
  ListCasesQuery,
  OpinionBody,
  RecordPageQuery,
} from '../../schemas/case.ts';
import { int, meta, Page } from '../../schemas/common.ts';
import { CaseParams } from '../../schemas/params.ts';
import { Case, CaseEvent, CaseSummary, SmsMessage } from '../../schemas/responses/case.ts';
import { WorkOrder } from '../../schemas/responses/work-order.ts';
import type { caseRoutes } from '../routes/cases.ts';
import { IdempotencyHeader, IfMatchHeader, jsonBody, type Operation } from './common.ts';

const CaseWorkOrder = z.extend(WorkOrder, {
  remainingWorkdays: meta(z.optional(int()), {
    description: '距办理时限的剩余工作日（按本中心日历；超期为负数；已办结或暂停计时的工单无此项）',
  }),
  actions: meta(z.array(z.enum(WORK_ORDER_ACTIONS)), { description: '调用者现在可对该工单进行的操作' }),
});
const CaseDetail = meta(
  z.extend(Case, {
    actions: meta(z.array(z.enum(CASE_ACTIONS)), {
      description: '调用者现在可对该案件进行的操作（按状态与角色）',
    }),
    workOrders: meta(z.array(CaseWorkOrder), {
      description: '工单；每张只带最近 3 次反馈（feedback，共 feedbackCount 次）与最近 3 次派发尝试',
    }),
    timeline: meta(z.array(CaseEvent), {
      description: '最近 20 条审计事件（由早到晚）；更早的见 GET /cases/{caseId}/events?order=desc',
    }),
    eventCount: meta(int(), { description: '审计事件总数' }),
    timelineCursor: meta(z.nullable(z.string()), {
      description: '更早事件的翻页游标：GET /cases/{caseId}/events?order=desc&cursor=…；没有更早的为 null',
    }),
    smsMessages: meta(z.array(SmsMessage), {
      description:
        '最近 10 条发给反映人的短信及其结果（由早到晚；不在审计轨迹中）；更早的见 GET /cases/{caseId}/sms?order=desc',
    }),
    smsCursor: meta(z.nullable(z.string()), {
      description: '更早短信的翻页游标：GET /cases/{caseId}/sms?order=desc&cursor=…；没有更早的为 null',
    }),
  }),
  { id: 'CaseDetail' },
);

export const caseOperations: Record<(typeof caseRoutes)[number]['id'], Operation> = {
  createCase: {
    requestParams: { header: IdempotencyHeader },
    requestBody: jsonBody(CreateCaseBody),
    ok: { status: '201', schema: Case, description: '已受理登记' },
  },
  listCases: {
    requestParams: { query: ListCasesQuery },
    ok: {
      status: '200',
      schema: Page(CaseSummary),
      description: '台账（每条为摘要；案件全部字段见案件详情）',
    },
  },
  getCase: {
    requestParams: { path: CaseParams },
    ok: { status: '200', schema: CaseDetail, description: '案件详情' },
  },
  confirmCase: {
    requestParams: { path: CaseParams, header: IfMatchHeader },
    requestBody: jsonBody(ConfirmationBody),
    ok: { status: '200', schema: Case, description: '已确认' },
  },
  giveOpinion: {
    requestParams: { path: CaseParams, header: IfMatchHeader },
    requestBody: jsonBody(OpinionBody),
    ok: { status: '200', schema: Case, description: '已记录处理意见' },
  },
  listCaseEvents: {
    requestParams: {
      path: CaseParams,
      query: z.extend(RecordPageQuery, { verify: z.optional(z.enum(['true', 'false'])) }),
    },
    ok: {
      status: '200',
      schema: z.object({
        items: z.array(CaseEvent),
        nextCursor: z.nullable(z.string()),
        verification: z.optional(z.object({ intact: z.boolean(), brokenAt: z.optional(z.number()) })),
      }),
      description: '审计轨迹，一页（verify=true 时校验整条哈希链）',
    },
  },
  listSmsMessages: {
    requestParams: { path: CaseParams, query: RecordPageQuery },
    ok: {
      status: '200',
      schema: Page(SmsMessage),
      description: '发给反映人的短信及其结果，一页（nextCursor 为 null 即最后一页）',
    },
  },
};
