/** OpenAPI operations of the `closure` routes. */
import { CloseBody, FollowUpBody, MeetingBody, RecordPageQuery } from '../../schemas/case.ts';
import { Page } from '../../schemas/common.ts';
import { CaseParams, WorkOrderParams } from '../../schemas/params.ts';
import { Case, FollowUpRecord, Meeting } from '../../schemas/responses/case.ts';
import { WorkOrder } from '../../schemas/responses/work-order.ts';
import { RecallBody } from '../../schemas/work-order.ts';
import type { closureRoutes } from '../routes/closure.ts';
import { IfMatchHeader, jsonBody, type Operation } from './common.ts';

export const closureOperations: Record<(typeof closureRoutes)[number]['id'], Operation> = {
  closeCase: {
    requestParams: { path: CaseParams, header: IfMatchHeader },
    requestBody: jsonBody(CloseBody),
    ok: { status: '200', schema: Case, description: '已办结；回访时限随之确定（409：还有未办结的工单）' },
  },
  followUpCase: {
    requestParams: { path: CaseParams },
    requestBody: jsonBody(FollowUpBody),
    ok: { status: '200', schema: Case, description: '已回访；1–2 分或未解决则状态为 reopened' },
  },
  recordMeeting: {
    requestParams: { path: CaseParams },
    requestBody: jsonBody(MeetingBody),
    ok: {
      status: '200',
      schema: Case,
      description: '已记录会议纪要；带最近几次会议（meetings）与 meetingCount',
    },
  },
  listMeetings: {
    requestParams: { path: CaseParams, query: RecordPageQuery },
    ok: {
      status: '200',
      schema: Page(Meeting),
      description: '专班会议纪要，一页（nextCursor 为 null 即最后一页）',
    },
  },
  listFollowUps: {
    requestParams: { path: CaseParams, query: RecordPageQuery },
    ok: {
      status: '200',
      schema: Page(FollowUpRecord),
      description: '回访记录，一页（nextCursor 为 null 即最后一页）',
    },
  },
  recallWorkOrder: {
    requestParams: { path: WorkOrderParams },
    requestBody: jsonBody(RecallBody),
    ok: { status: '200', schema: WorkOrder, description: '已撤回，承办单位将收到 work_order.recalled' },
  },
};
