/**
 * Case (案件) schemas: the request validators, their TypeScript types and OpenAPI components
 * (what the API returns is in ./responses/case.ts). Field names follow API.md; Form A.1 labels
 * are in the descriptions.
 */
import * as z from 'zod/mini';
import { SATISFACTION_LABELS } from '../documents/labels.ts';
import { ACCEPTED_SCOPE_KINDS, CASE_STATUSES, CHANNELS, REFUSED_SCOPE_KINDS } from './case-values.ts';
import { IsoDate, IsoDateOrDateTime, int, meta, Phone, refinePeriod, text } from './common.ts';
import type * as responses from './responses/case.ts';

export { ACCEPTED_SCOPE_KINDS, CASE_STATUSES, CHANNELS, REFUSED_SCOPE_KINDS };

export const Channel = meta(z.enum(CHANNELS), { description: '受理渠道：现场反映 / 投诉电话 / 网上' });
export const ScopeKind = z.enum([...ACCEPTED_SCOPE_KINDS, ...REFUSED_SCOPE_KINDS]);
export const CaseStatus = z.enum(CASE_STATUSES);

export const Reporter = z.object({
  name: meta(text(50), { description: '反映人姓名' }),
  phone: Phone,
});

export const Notice = meta(
  z.object({
    materialsComplete: meta(z.boolean(), { description: '申请材料是否齐全' }),
    howToSupplement: meta(z.optional(text(1000)), { description: '如何补正' }),
    nextSteps: meta(text(1000), { description: '下一步需要进行的程序' }),
  }),
  { description: '一次性告知' },
);

export const CreateCaseBody = meta(
  z
    .strictObject({
      channel: Channel,
      reporter: Reporter,
      scope: z.strictObject({
        kind: ScopeKind,
        reason: meta(z.optional(text(500)), { description: '不予受理的理由（不予受理时必填）' }),
      }),
      matter: meta(text(200), { description: '反映事项', example: '城乡居民养老保险参保登记' }),
      description: meta(text(4000), { description: '“办不成事”情况记录' }),
      assisted: meta(z._default(z.boolean(), false), { description: '是否提供帮办代办服务' }),
      station: meta(z.optional(text(100)), { description: '代为登记的村（社区）便民服务站' }),
      notice: Notice,
      smsOptOut: meta(z.optional(z.boolean()), { description: '反映人不接收办理进度短信' }),
    })
    .check(
      z.superRefine((body, ctx) => {
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
      }),
    ),
  { id: 'CreateCase' },
);
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const ConfirmationBody = meta(
  z.strictObject({
    signedBy: meta(text(50), { description: '签字人' }),
    signedAt: meta(IsoDateOrDateTime, { description: '签字日期（日期，或带时区的 ISO-8601 时间）' }),
  }),
  { id: 'Confirmation', description: '办理对象确认' },
);
export type ConfirmationBody = z.infer<typeof ConfirmationBody>;

export const OpinionBody = meta(
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('on_the_spot'),
      answer: meta(text(4000), { description: '当场答复情况' }),
    }),
    z.strictObject({ kind: z.literal('task_force'), note: z.optional(text(1000)) }),
  ]),
  { id: 'Opinion', description: '“办不成事”反映窗口处理意见' },
);
export type OpinionBody = z.infer<typeof OpinionBody>;

export { SATISFACTION_LABELS };

// The API's responses (./responses/case.ts), as types: importing them builds no schema.
export type FollowUpRecord = z.infer<typeof responses.FollowUpRecord>;
export type Meeting = z.infer<typeof responses.Meeting>;
export type Case = z.infer<typeof responses.Case>;
export type CaseSummary = z.infer<typeof responses.CaseSummary>;
export type CaseEvent = z.infer<typeof responses.CaseEvent>;
export type SmsMessage = z.infer<typeof responses.SmsMessage>;

export const FollowUpBody = meta(
  z.strictObject({
    method: meta(z.enum(['phone', 'visit', 'sms']), { description: '回访方式：电话 / 上门 / 短信' }),
    satisfaction: meta(int().check(z.minimum(1), z.maximum(5)), {
      description: '好差评五级：5 非常满意 … 1 非常不满意',
    }),
    solved: meta(z.optional(z.boolean()), { description: '问题是否实际解决' }),
    comment: z.optional(text(1000)),
  }),
  { id: 'FollowUp' },
);
export type FollowUpBody = z.infer<typeof FollowUpBody>;

/** The reporter's own 好差评 from the status page, once the case is closed. */
export const CitizenRatingBody = z.strictObject({
  satisfaction: meta(
    z.coerce
      .number({ error: '请选择评价等级' })
      .check(
        z.int({ error: '请选择评价等级' }),
        z.minimum(1, { error: '请选择评价等级' }),
        z.maximum(5, { error: '请选择评价等级' }),
      ),
    { description: '好差评五级：5 非常满意 … 1 非常不满意' },
  ),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(500, { error: '评价内容不能超过 500 字' }))),
});
export type CitizenRatingBody = z.infer<typeof CitizenRatingBody>;

export const CloseBody = meta(
  z.strictObject({
    outcome: meta(z.enum(['resolved', 'answered_with_reasons', 'withdrawn']), {
      description: '已解决 / 依法依规说明理由（否定答复）/ 反映人撤回',
    }),
    resolution: meta(text(4000), { description: '办结情况说明' }),
  }),
  { id: 'Close' },
);
export type CloseBody = z.infer<typeof CloseBody>;

export const MeetingBody = meta(
  z.strictObject({
    date: meta(IsoDate, { description: '会议日期' }),
    participants: meta(z.array(text(50)).check(z.minLength(1), z.maxLength(50)), { description: '参会人员' }),
    minutes: meta(text(8000), { description: '会议纪要' }),
    decisions: meta(z.optional(text(4000)), { description: '会议决定' }),
  }),
  { id: 'MeetingInput' },
);
export type MeetingBody = z.infer<typeof MeetingBody>;

/** The satisfaction filter's one message, for every way the value can be wrong. */
const SATISFACTION_FILTER = '回访满意度应为 1–5 的整数';

/** GET /cases's filters; the ledger exports take the same but paging. */
export const ListCasesFilters = z.strictObject({
  status: z.optional(CaseStatus),
  scopeKind: z.optional(ScopeKind),
  channel: z.optional(Channel),
  from: meta(z.optional(IsoDate), { description: '受理日期起（含），Asia/Shanghai' }),
  to: meta(z.optional(IsoDate), { description: '受理日期止（含），Asia/Shanghai' }),
  q: meta(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))), {
    description: '按编号、反映人姓名或反映事项检索',
  }),
  tenantId: meta(z.optional(z.string().check(z.regex(/^\d{9}$/))), { description: '督导人员按中心筛选' }),
  department: meta(
    z.optional(
      z
        .string()
        .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码只能包含字母、数字、下划线和短横线' })),
    ),
    { description: '转办给该承办单位（编码）的案件' },
  ),
  overdue: meta(z.optional(z.stringbool({ error: '是否超期应为 true 或 false' })), {
    description: 'true：有工单超期（正超期或曾超期）；false：没有',
  }),
  satisfaction: meta(
    z.optional(
      z.coerce
        .number({ error: SATISFACTION_FILTER })
        .check(
          z.int({ error: SATISFACTION_FILTER }),
          z.minimum(1, { error: SATISFACTION_FILTER }),
          z.maximum(5, { error: SATISFACTION_FILTER }),
        ),
    ),
    { description: '最近一次回访的好差评等级（5 非常满意 … 1 非常不满意）' },
  ),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const ListCasesQuery = ListCasesFilters.check(z.superRefine(refinePeriod));
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

/** A page of one of a case's growing lists (events, meetings, follow-ups, a work order's reports). */
export const RecordPageQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  order: meta(z._default(z.enum(['asc', 'desc']), 'asc'), {
    description: 'asc：由早到晚（默认）；desc：由晚到早',
  }),
});
export type RecordPageQuery = z.infer<typeof RecordPageQuery>;
