/**
 * Case (案件) schemas: the validators, the TypeScript types and the OpenAPI components.
 * Field names follow API.md; Form A.1 labels are in the descriptions.
 */
import * as z from 'zod';
import { SATISFACTION_LABELS } from '../documents/labels.ts';
import { ACCEPTED_SCOPE_KINDS, REFUSED_SCOPE_KINDS } from '../domain/case.ts';
import { Actor, IsoDate, IsoDateOrDateTime, IsoDateTime, Phone, refinePeriod, text } from './common.ts';

export const CHANNELS = ['onsite', 'phone', 'online'] as const;
export const Channel = z.enum(CHANNELS).meta({ description: '受理渠道：现场反映 / 投诉电话 / 网上' });

// 服务范围's kinds live in domain/case.ts, so bundles that only need the rule carry no zod.
export { ACCEPTED_SCOPE_KINDS, REFUSED_SCOPE_KINDS };
export const ScopeKind = z.enum([...ACCEPTED_SCOPE_KINDS, ...REFUSED_SCOPE_KINDS]);

export const CASE_STATUSES = [
  'registered',
  'rejected',
  'answered_on_spot',
  'in_meeting',
  'transferred',
  'closed',
  'reopened',
  'followed_up',
  'archived',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);

export const Reporter = z.object({
  name: text(50).meta({ description: '反映人姓名' }),
  phone: Phone,
});

export const Notice = z
  .object({
    materialsComplete: z.boolean().meta({ description: '申请材料是否齐全' }),
    howToSupplement: text(1000).optional().meta({ description: '如何补正' }),
    nextSteps: text(1000).meta({ description: '下一步需要进行的程序' }),
  })
  .meta({ description: '一次性告知' });

export const CreateCaseBody = z
  .strictObject({
    channel: Channel,
    reporter: Reporter,
    scope: z.strictObject({
      kind: ScopeKind,
      reason: text(500).optional().meta({ description: '不予受理的理由（不予受理时必填）' }),
    }),
    matter: text(200).meta({ description: '反映事项', example: '城乡居民养老保险参保登记' }),
    description: text(4000).meta({ description: '“办不成事”情况记录' }),
    assisted: z.boolean().default(false).meta({ description: '是否提供帮办代办服务' }),
    station: text(100).optional().meta({ description: '代为登记的村（社区）便民服务站' }),
    notice: Notice,
    smsOptOut: z.boolean().optional().meta({ description: '反映人不接收办理进度短信' }),
  })
  .superRefine((body, ctx) => {
    const refused = (REFUSED_SCOPE_KINDS as readonly string[]).includes(body.scope.kind);
    if (refused && !body.scope.reason) {
      ctx.addIssue({ code: 'custom', path: ['scope', 'reason'], message: '不予受理时必须填写理由' });
    }
    if (!body.notice.materialsComplete && !body.notice.howToSupplement) {
      ctx.addIssue({
        code: 'custom',
        path: ['notice', 'howToSupplement'],
        message: '材料不齐全时必须一次性告知如何补正',
      });
    }
  })
  .meta({ id: 'CreateCase' });
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const ConfirmationBody = z
  .strictObject({
    signedBy: text(50).meta({ description: '签字人' }),
    signedAt: IsoDateOrDateTime.meta({ description: '签字日期（日期，或带时区的 ISO-8601 时间）' }),
  })
  .meta({ id: 'Confirmation', description: '办理对象确认' });
export type ConfirmationBody = z.infer<typeof ConfirmationBody>;

export const OpinionBody = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('on_the_spot'),
      answer: text(4000).meta({ description: '当场答复情况' }),
    }),
    z.strictObject({ kind: z.literal('task_force'), note: text(1000).optional() }),
  ])
  .meta({ id: 'Opinion', description: '“办不成事”反映窗口处理意见' });
export type OpinionBody = z.infer<typeof OpinionBody>;

export { SATISFACTION_LABELS };

export const FollowUpBody = z
  .strictObject({
    method: z.enum(['phone', 'visit', 'sms']).meta({ description: '回访方式：电话 / 上门 / 短信' }),
    satisfaction: z
      .number()
      .int()
      .min(1)
      .max(5)
      .meta({ description: '好差评五级：5 非常满意 … 1 非常不满意' }),
    solved: z.boolean().optional().meta({ description: '问题是否实际解决' }),
    comment: text(1000).optional(),
  })
  .meta({ id: 'FollowUp' });
export type FollowUpBody = z.infer<typeof FollowUpBody>;

/** The reporter's own 好差评 from the status page, once the case is closed. */
export const CitizenRatingBody = z.strictObject({
  satisfaction: z.coerce
    .number({ error: '请选择评价等级' })
    .int({ error: '请选择评价等级' })
    .min(1, { error: '请选择评价等级' })
    .max(5, { error: '请选择评价等级' })
    .meta({ description: '好差评五级：5 非常满意 … 1 非常不满意' }),
  comment: z.string().trim().max(500, { error: '评价内容不能超过 500 字' }).optional(),
});
export type CitizenRatingBody = z.infer<typeof CitizenRatingBody>;

export const CitizenRating = z.object({
  satisfaction: z.number().int(),
  comment: z.string().optional(),
  at: IsoDateTime,
});

export const FollowUpRecord = FollowUpBody.extend({
  round: z.number().int(),
  at: IsoDateTime,
  by: Actor,
  onTime: z.boolean(),
  reopened: z.boolean(),
});
export type FollowUpRecord = z.infer<typeof FollowUpRecord>;

export const CloseBody = z
  .strictObject({
    outcome: z
      .enum(['resolved', 'answered_with_reasons', 'withdrawn'])
      .meta({ description: '已解决 / 依法依规说明理由（否定答复）/ 反映人撤回' }),
    resolution: text(4000).meta({ description: '办结情况说明' }),
  })
  .meta({ id: 'Close' });
export type CloseBody = z.infer<typeof CloseBody>;

export const MeetingBody = z
  .strictObject({
    date: IsoDate.meta({ description: '会议日期' }),
    participants: z.array(text(50)).min(1).max(50).meta({ description: '参会人员' }),
    minutes: text(8000).meta({ description: '会议纪要' }),
    decisions: text(4000).optional().meta({ description: '会议决定' }),
  })
  .meta({ id: 'MeetingInput' });
export type MeetingBody = z.infer<typeof MeetingBody>;

export const Meeting = MeetingBody.extend({ id: z.string(), recordedAt: IsoDateTime, recordedBy: Actor });
export type Meeting = z.infer<typeof Meeting>;

export const Case = z
  .object({
    id: z.string(),
    number: z
      .string()
      .meta({ description: '编号 {tenantId}-{yyyy}-{nnnnn}', example: '510104001-2026-00001' }),
    tenantId: z.string(),
    status: CaseStatus,
    version: z.number().int(),
    channel: Channel,
    reporter: Reporter,
    scope: z.object({ kind: ScopeKind, accepted: z.boolean(), reason: z.string().optional() }),
    matter: z.string(),
    description: z.string(),
    assisted: z.boolean(),
    station: z.string().optional(),
    notice: Notice.extend({ accepted: z.boolean(), reason: z.string().optional() }),
    acceptedAt: IsoDateTime.meta({ description: '受理时间' }),
    acceptedBy: Actor.meta({ description: '受理人员' }),
    confirmation: ConfirmationBody.nullable(),
    opinion: z
      .object({
        kind: z.enum(['on_the_spot', 'task_force']),
        answer: z.string().optional(),
        note: z.string().optional(),
        handledBy: Actor.meta({ description: '经办人员' }),
        handledAt: IsoDateTime,
      })
      .nullable(),
    closure: z
      .object({
        outcome: z.enum(['resolved', 'answered_with_reasons', 'withdrawn']),
        resolution: z.string(),
        closedAt: IsoDateTime,
        closedBy: Actor,
      })
      .optional()
      .meta({ description: '办结：结果与说明' }),
    followUp: z
      .object({ round: z.number().int(), dueAt: IsoDateTime })
      .optional()
      .meta({ description: '待完成的回访（第几轮、应回访时间）' }),
    followUps: z.array(FollowUpRecord).optional().meta({
      description:
        '回访记录（只增不改）。案件详情中只带最近几次，完整列表见 GET /cases/{caseId}/follow-ups；台账中不带',
    }),
    followUpCount: z.number().int().optional().meta({ description: '回访次数' }),
    latestFollowUp: FollowUpRecord.optional().meta({ description: '最近一次回访' }),
    meetings: z.array(Meeting).optional().meta({
      description: '专班会议纪要。案件详情中只带最近几次，完整列表见 GET /cases/{caseId}/meetings',
    }),
    meetingCount: z.number().int().optional().meta({ description: '专班会议次数' }),
    archivedAt: IsoDateTime.optional(),
    statusLink: z
      .object({ token: z.string(), issuedAt: IsoDateTime })
      .optional()
      .meta({ description: '反映人查询办理进度的链接令牌（印在告知书和受理单的二维码上）' }),
    smsOptOut: z.boolean().optional().meta({ description: '反映人不接收办理进度短信' }),
    citizenRating: CitizenRating.optional().meta({
      description: '反映人本人在查询页作出的好差评（只记一次，区别于中心的回访）',
    }),
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof Case>;

export const CaseEvent = z
  .object({
    caseId: z.string(),
    seq: z.number().int(),
    at: IsoDateTime,
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: z.string(),
    changes: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'CaseEvent', description: '审计事件：谁、何时、做了什么、改了什么' });
export type CaseEvent = z.infer<typeof CaseEvent>;

/** GET /cases's filters; the ledger exports take the same but paging. */
export const ListCasesFilters = z.strictObject({
  status: CaseStatus.optional(),
  scopeKind: ScopeKind.optional(),
  channel: Channel.optional(),
  from: IsoDate.optional().meta({ description: '受理日期起（含），Asia/Shanghai' }),
  to: IsoDate.optional().meta({ description: '受理日期止（含），Asia/Shanghai' }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: '按编号、姓名、事项或情况记录检索' }),
  tenantId: z
    .string()
    .regex(/^\d{9}$/)
    .optional()
    .meta({ description: '督导人员按中心筛选' }),
  department: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码只能包含字母、数字、下划线和短横线' })
    .optional()
    .meta({ description: '转办给该承办单位（编码）的案件' }),
  overdue: z
    .stringbool({ error: '是否超期应为 true 或 false' })
    .optional()
    .meta({ description: 'true：有工单超期（正超期或曾超期）；false：没有' }),
  satisfaction: z.coerce
    .number({ error: '回访满意度应为 1–5 的整数' })
    .int({ error: '回访满意度应为 1–5 的整数' })
    .min(1, { error: '回访满意度应为 1–5 的整数' })
    .max(5, { error: '回访满意度应为 1–5 的整数' })
    .optional()
    .meta({ description: '最近一次回访的好差评等级（5 非常满意 … 1 非常不满意）' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});
export const ListCasesQuery = ListCasesFilters.superRefine(refinePeriod);
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

/** A page of one of a case's growing lists (events, meetings, follow-ups, a work order's reports). */
export const RecordPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(2000).optional(),
  order: z
    .enum(['asc', 'desc'])
    .default('asc')
    .meta({ description: 'asc：由早到晚（默认）；desc：由晚到早' }),
});
export type RecordPageQuery = z.infer<typeof RecordPageQuery>;
