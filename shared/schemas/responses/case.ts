/**
 * What the API returns about a case: its record, audit events, meetings and follow-ups. No handler
 * builds or checks these at run time: they are the OpenAPI document's components and, through
 * `z.infer`, the types the code uses (re-exported by ../case.ts). They live apart from the request
 * schemas so that no Lambda bundle constructs them at import (issue 16, cold start).
 */
import * as z from 'zod/mini';
import {
  CaseStatus,
  Channel,
  ConfirmationBody,
  FollowUpBody,
  MeetingBody,
  Notice,
  Reporter,
  ScopeKind,
} from '../case.ts';
import { SMS_OUTCOMES } from '../case-values.ts';
import { Actor, IsoDateTime, int, meta } from '../common.ts';

export const CitizenRating = z.object({
  satisfaction: int(),
  comment: z.optional(z.string()),
  at: IsoDateTime,
});

export const FollowUpRecord = z.extend(FollowUpBody, {
  round: int(),
  at: IsoDateTime,
  by: Actor,
  onTime: z.boolean(),
  reopened: z.boolean(),
});

export const Meeting = z.extend(MeetingBody, { id: z.string(), recordedAt: IsoDateTime, recordedBy: Actor });

export const Case = meta(
  z.object({
    id: z.string(),
    number: meta(z.string(), {
      description: '编号 {tenantId}-{yyyy}-{nnnnn}',
      example: '510104001-2026-00001',
    }),
    tenantId: z.string(),
    status: CaseStatus,
    version: int(),
    channel: Channel,
    reporter: Reporter,
    scope: z.object({ kind: ScopeKind, accepted: z.boolean(), reason: z.optional(z.string()) }),
    matter: z.string(),
    description: z.string(),
    assisted: z.boolean(),
    station: z.optional(z.string()),
    notice: z.extend(Notice, { accepted: z.boolean(), reason: z.optional(z.string()) }),
    acceptedAt: meta(IsoDateTime, { description: '受理时间' }),
    acceptedBy: meta(Actor, { description: '受理人员' }),
    confirmation: z.nullable(ConfirmationBody),
    opinion: z.nullable(
      z.object({
        kind: z.enum(['on_the_spot', 'task_force']),
        answer: z.optional(z.string()),
        note: z.optional(z.string()),
        handledBy: meta(Actor, { description: '经办人员' }),
        handledAt: IsoDateTime,
      }),
    ),
    closure: meta(
      z.optional(
        z.object({
          outcome: z.enum(['resolved', 'answered_with_reasons', 'withdrawn']),
          resolution: z.string(),
          closedAt: IsoDateTime,
          closedBy: Actor,
        }),
      ),
      { description: '办结：结果与说明' },
    ),
    followUp: meta(z.optional(z.object({ round: int(), dueAt: IsoDateTime })), {
      description: '待完成的回访（第几轮、应回访时间）',
    }),
    followUps: meta(z.optional(z.array(FollowUpRecord)), {
      description:
        '回访记录（只增不改）。案件详情中只带最近几次，完整列表见 GET /cases/{caseId}/follow-ups；台账中不带',
    }),
    followUpCount: meta(z.optional(int()), { description: '回访次数' }),
    latestFollowUp: meta(z.optional(FollowUpRecord), { description: '最近一次回访' }),
    meetings: meta(z.optional(z.array(Meeting)), {
      description: '专班会议纪要。案件详情中只带最近几次，完整列表见 GET /cases/{caseId}/meetings',
    }),
    meetingCount: meta(z.optional(int()), { description: '专班会议次数' }),
    archivedAt: z.optional(IsoDateTime),
    statusLink: meta(z.optional(z.object({ token: z.string(), issuedAt: IsoDateTime })), {
      description: '反映人查询办理进度的链接令牌（印在告知书和受理单的二维码上）',
    }),
    smsOptOut: meta(z.optional(z.boolean()), { description: '反映人不接收办理进度短信' }),
    citizenRating: meta(z.optional(CitizenRating), {
      description: '反映人本人在查询页作出的好差评（只记一次，区别于中心的回访）',
    }),
    updatedAt: IsoDateTime,
  }),
  { id: 'Case' },
);

/**
 * A row of the ledger (GET /cases): what the case index holds — the list's columns and what its
 * filters test. The whole record is GET /cases/{caseId}; an export reads the whole records.
 */
export const CaseSummary = meta(
  z.pick(Case, {
    id: true,
    number: true,
    tenantId: true,
    status: true,
    channel: true,
    reporter: true,
    scope: true,
    matter: true,
    acceptedAt: true,
    latestFollowUp: true,
  }),
  { id: 'CaseSummary' },
);

export const SmsMessage = meta(
  z.object({
    eventId: z.string(),
    template: meta(z.string(), {
      description: '短信模板：intake / transfer / result / closed / follow_up 等',
    }),
    to: meta(z.string(), { description: '手机号（已脱敏）' }),
    text: meta(z.string(), { description: '短信正文（查询链接的令牌已隐去）' }),
    outcome: meta(z.enum(SMS_OUTCOMES), {
      description:
        'pending 待发送 / sent 已发送 / failed 发送失败 / cancelled 反映人已退订 / unconfirmed 发送中断、结果未确认（不重发）',
    }),
    at: meta(IsoDateTime, { description: '结果记录时间（pending：应发时记下的时间）' }),
    attempts: meta(z.optional(int()), { description: '发送次数' }),
    reference: meta(z.optional(z.string()), { description: '短信服务商的流水号' }),
    recovered: meta(z.optional(z.boolean()), { description: '发送后进程中断，由下一次处理补记' }),
    since: meta(z.optional(z.string()), { description: '中断的那次发送开始的时间（unconfirmed）' }),
    error: meta(z.optional(z.string()), { description: '发送失败的原因（failed）' }),
    reason: meta(z.optional(z.string()), { description: '未发送或不再重发的原因' }),
  }),
  {
    id: 'SmsMessage',
    description: '短信告知记录：发给反映人的一条短信及其结果（记在案件旁，不写入审计链）',
  },
);

export const CaseEvent = meta(
  z.object({
    caseId: z.string(),
    seq: int(),
    at: IsoDateTime,
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: z.string(),
    changes: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  }),
  { id: 'CaseEvent', description: '审计事件：谁、何时、做了什么、改了什么' },
);
