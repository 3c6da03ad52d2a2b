/**
 * What the API returns in reports: the monthly bulletin and its statistics, trends, ratings and
 * annual scores. No handler builds or checks these at run time: they are the OpenAPI document's
 * components and, through `z.infer`, the types the code uses (re-exported by ../report.ts). They
 * live apart from the request schemas so that no Lambda bundle constructs them at import (issue
 * 16, cold start).
 */
import * as z from 'zod/mini';
import { Channel, ScopeKind } from '../case.ts';
import { IsoDateTime, int, meta } from '../common.ts';
import { Month, ReportLevel, SATISFACTION_LEVELS } from '../report.ts';
import { Category } from '../work-order.ts';

const Count = int().check(z.minimum(0));

/** A share between 0 and 1 (4 decimals), or null when there was nothing to count. */
const Rate = z.nullable(z.number().check(z.minimum(0), z.maximum(1)));

export const SatisfactionCounts = z.record(z.enum(SATISFACTION_LEVELS), Count);

export const DepartmentRow = z.object({
  key: meta(z.string(), { description: '中心报告为承办单位编码；汇总报告为承办单位名称' }),
  departmentName: z.string(),
  transferred: meta(Count, { description: '当月转办工单数' }),
  onTime: meta(Count, { description: '当月按时反馈的工单数' }),
  breaches: meta(Count, { description: '当月超期的工单数（逾期反馈 + 未反馈）' }),
  late: Count,
  unanswered: Count,
  onTimeRate: meta(Rate, { description: '按时反馈率 = 按时 / (按时 + 超期)' }),
  dissatisfied: meta(Count, { description: '经其办理、回访不满意的案件数' }),
});

export const OverdueItem = z.object({
  workOrderId: z.string(),
  number: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  tenantId: z.string(),
  matter: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  category: Category,
  transferredAt: IsoDateTime,
  dueAt: meta(IsoDateTime, { description: '统计时工单的办理时限' }),
  breachAt: meta(IsoDateTime, { description: '判定超期的时间' }),
  breachedDueAt: meta(z.optional(IsoDateTime), { description: '所超的办理时限（新增字段）' }),
  laterDueAt: meta(z.optional(z.nullable(IsoDateTime)), {
    description: '超期后另定的办理时限（延期等）；没有为 null（新增字段）',
  }),
  answeredAt: meta(z.nullable(IsoDateTime), { description: '逾期后反馈的时间；截至统计时点仍未反馈为 null' }),
  escalationLevel: int(),
});

export const MatterRow = z.object({
  matter: z.string(),
  cases: Count,
  breaches: Count,
  dissatisfied: Count,
});

export const BlockingRow = z.object({
  key: z.string(),
  name: z.string(),
  cases: meta(Count, { description: '事项：受理案件数；承办单位：转办工单数' }),
  breaches: Count,
  dissatisfied: Count,
  change: meta(z.nullable(z.object({ cases: int(), breaches: int(), dissatisfied: int() })), {
    description: '较上月变化；没有上月报告时为 null',
  }),
});

export const Statistics = meta(
  z.object({
    received: meta(Count, { description: '登记（受理 + 不予受理）' }),
    accepted: Count,
    refused: Count,
    byScopeKind: meta(z.record(ScopeKind, Count), { description: '按服务范围' }),
    byChannel: meta(z.record(Channel, Count), { description: '按受理渠道' }),
    assisted: meta(Count, { description: '帮办代办' }),
    transfers: z.object({ total: Count, byCategory: z.record(Category, Count) }),
    departments: z.array(DepartmentRow),
    onTimeFeedback: z.object({
      evaluated: Count,
      onTime: Count,
      breaches: Count,
      late: Count,
      unanswered: Count,
      rate: Rate,
    }),
    overdue: z.object({
      count: Count,
      items: z.array(OverdueItem),
      truncated: meta(z.boolean(), { description: '清单只列前若干条；count 为全部' }),
    }),
    closure: z.object({
      accepted: meta(Count, { description: '当月新受理' }),
      closed: meta(Count, { description: '当月办结（不论受理月份）' }),
      rate: meta(Rate, { description: '办结率 = 当月办结 / (月初未办结 + 当月新受理 + 当月重新办理)' }),
    }),
    carryOver: meta(
      z.optional(
        z.object({
          openAtStart: meta(Count, { description: '月初未办结' }),
          new: meta(Count, { description: '当月新受理' }),
          closed: meta(Count, { description: '当月办结' }),
          reopened: meta(Count, { description: '当月回访不满意重新办理' }),
          openAtEnd: meta(Count, { description: '月末未办结' }),
        }),
      ),
      { description: '结转（新增字段；此前生成的报告没有）' },
    ),
    followUp: z.object({
      owed: meta(Count, { description: '应回访时间落在当月的回访' }),
      done: meta(Count, { description: '其中月末前已回访' }),
      onTime: meta(Count, { description: '其中按时回访' }),
      made: meta(z.optional(Count), { description: '当月作出的回访（不论何时应回访；新增字段）' }),
      rate: Rate,
      onTimeRate: Rate,
    }),
    satisfaction: z.object({
      counts: meta(SatisfactionCounts, { description: '好差评五级：当月作出的每一次评价' }),
      total: Count,
      average: z.nullable(z.number()),
      goodRate: meta(Rate, { description: '好评率：基本满意及以上' }),
    }),
    matters: meta(z.array(MatterRow), { description: '按反映事项（受理数最多的前若干项）' }),
    blockingPoints: z.object({ matters: z.array(BlockingRow), departments: z.array(BlockingRow) }),
  }),
  { id: 'Statistics', description: '台账统计分析' },
);

/** What a score is computed from; sums over centres and months. */
export const ScoreInputs = z.object({
  accepted: Count,
  closed: Count,
  feedbackEvaluated: Count,
  feedbackOnTime: Count,
  breaches: Count,
  followUpOwed: Count,
  followUpOnTime: Count,
  ratings: SatisfactionCounts,
  openAtStart: meta(z.optional(Count), { description: '期初未办结（新增字段）；年度取首月' }),
  reopened: meta(z.optional(Count), { description: '期内重新办理（新增字段）' }),
});

const Weight = () => z.number().check(z.minimum(0), z.maximum(100));

export const ScoreWeights = meta(
  z.strictObject({
    onTimeFeedback: Weight(),
    closure: Weight(),
    followUp: Weight(),
    satisfaction: Weight(),
    overduePenaltyPerOrder: Weight(),
    overduePenaltyCap: Weight(),
  }),
  { id: 'ScoreWeights', description: '量化评分权重与超期扣分' },
);

const Component = z.nullable(z.number());

export const Score = z.object({
  score: meta(z.nullable(z.number()), { description: '0–100；没有任何可评项时为 null' }),
  components: z.object({
    onTimeFeedback: Component,
    closure: Component,
    followUp: Component,
    satisfaction: Component,
  }),
  penalty: z.number(),
});

export const RankedRow = z.object({
  region: meta(z.string(), { description: '中心编码或区划代码' }),
  name: z.string(),
  centreCount: Count,
  inputs: ScoreInputs,
  score: Score,
  rank: meta(int(), { description: '在本报告区域内的名次（并列同名次）' }),
});

export const MonthlyReport = meta(
  z.object({
    region: z.string(),
    level: ReportLevel,
    name: z.string(),
    month: Month,
    period: meta(z.object({ from: IsoDateTime, to: IsoDateTime }), {
      description: '[from, to)，上海时间零点',
    }),
    asOf: meta(IsoDateTime, { description: '统计时点（月末）' }),
    centreCount: Count,
    statistics: Statistics,
    summary: ScoreInputs,
    score: Score,
    centres: meta(z.array(RankedRow), { description: '区域内各中心及排名（中心报告只有本中心）' }),
    children: meta(z.array(RankedRow), { description: '下一级区域及排名（中心报告为空）' }),
    contentHash: meta(z.string(), { description: '内容的 SHA-256：重复生成同一月份内容相同' }),
    generatedAt: IsoDateTime,
  }),
  { id: 'MonthlyReport', description: '每月总结通报' },
);

/** One month of the trend: the bulletin's headline figures, as its stored report has them. */
export const TrendMonth = z.object({
  month: Month,
  received: meta(Count, { description: '登记' }),
  accepted: meta(Count, { description: '受理' }),
  closed: meta(Count, { description: '当月办结' }),
  closureRate: meta(Rate, { description: '办结率' }),
  transfers: meta(Count, { description: '当月转办工单' }),
  overdue: meta(Count, { description: '当月超期工单' }),
  onTimeRate: meta(Rate, { description: '按时反馈率' }),
  ratings: meta(Count, { description: '当月好差评次数' }),
  goodRate: meta(Rate, { description: '好评率' }),
  score: meta(z.nullable(z.number()), { description: '当月得分' }),
});

export const ReportTrend = meta(
  z.object({
    region: z.string(),
    name: meta(z.string(), { description: '区域或中心名称（如 锦江区）' }),
    from: Month,
    to: Month,
    months: meta(z.array(TrendMonth), { description: '已生成通报的月份，按月先后；未生成的月份不列' }),
  }),
  { id: 'ReportTrend', description: '近 12 个月通报主要数据走势' },
);

export const RatingRow = meta(
  z.object({
    tenantId: meta(z.string(), { description: '中心编码' }),
    caseId: z.string(),
    caseNumber: z.string(),
    matter: z.string(),
    departments: meta(z.string(), {
      description: '承办单位（案件转办的单位，按转办先后，“、”分隔；新增字段）',
    }),
    channel: Channel,
    round: int(),
    satisfaction: int().check(z.minimum(1), z.maximum(5)),
    satisfactionLabel: z.string(),
    solved: z.nullable(z.boolean()),
    method: z.enum(['phone', 'visit', 'sms', 'status_page']),
    source: meta(z.enum(['follow_up', 'reporter']), {
      description: '中心回访（follow_up）或反映人本人在查询页的评价（reporter）',
    }),
    ratedAt: IsoDateTime,
    bad: meta(z.boolean(), { description: '差评（不满意、非常不满意或未解决）' }),
    calledBack: meta(z.boolean(), { description: '差评后已再次回访' }),
    rectified: meta(z.boolean(), { description: '差评后重新办理，再次回访满意（整改）' }),
    rectifiedAt: z.nullable(IsoDateTime),
  }),
  { id: 'RatingRow', description: '好差评一条评价' },
);

export const RatingsExport = z.object({
  month: Month,
  region: z.string(),
  name: meta(z.string(), { description: '区域或中心名称（如 锦江区、春熙路街道）' }),
  items: z.array(RatingRow),
});

const Rank = z.optional(z.object({ rank: int(), of: int() }));

export const AnnualScoreRow = z.object({
  tenantId: z.string(),
  name: z.string(),
  months: meta(int(), { description: '计入的月份数' }),
  inputs: ScoreInputs,
  score: Score,
  rank: meta(z.object({ county: Rank, city: Rank, province: Rank }), {
    description: '在所在县区、市州、全省的名次（仅列本次查询范围能比较的层级）',
  }),
});

export const AnnualScores = meta(
  z.object({
    year: z.string(),
    region: z.string(),
    name: meta(z.string(), { description: '区域或中心名称（如 锦江区）' }),
    months: z.array(Month),
    weights: ScoreWeights,
    formula: z.string(),
    items: z.array(AnnualScoreRow),
  }),
  { id: 'AnnualScores', description: '年度服务量化评分与排名' },
);

export const RegeneratedReports = meta(
  z.object({
    month: Month,
    items: z.array(
      z.object({
        region: z.string(),
        previousHash: z.string(),
        contentHash: z.string(),
        changed: z.boolean(),
      }),
    ),
  }),
  { id: 'RegeneratedReports', description: '重新生成的通报：本区域及其上级汇总' },
);
