/**
 * Report (监督与评价) schemas: the ledger export's query, the monthly bulletin (每月总结通报) and
 * its statistics, the 好差评 ratings export and the annual quantitative score (年度服务量化评分).
 * The statistics are computed in shared/domain/statistics.ts; these schemas are their types and
 * the OpenAPI document at once.
 */
import * as z from 'zod';
import { Channel, ListCasesFilters, ScopeKind } from './case.ts';
import { IsoDateTime, refinePeriod, text } from './common.ts';
import { Category } from './work-order.ts';

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM，例如 2026-03' })
  .meta({ description: '月份（Asia/Shanghai）', example: '2026-03' });

export const MonthParams = z.object({ month: Month });
export const YearParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, { error: '年份格式应为 YYYY，例如 2026' })
    .meta({ description: '年度', example: '2026' }),
});

/** A report's region: a centre (9 digits), a county (6), a city (4) or the province (2). */
export const ReportRegion = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, {
    error: '区划代码应为2位（省）、4位（市州）、6位（县区）或9位（中心编码）',
  })
  .meta({ description: '区划代码：省 2 位、市州 4 位、县区 6 位，或中心编码 9 位', example: '510104' });

export const REPORT_LEVELS = ['centre', 'county', 'city', 'province'] as const;
export const ReportLevel = z
  .enum(REPORT_LEVELS)
  .meta({ description: '中心 / 县区汇总 / 市州汇总 / 全省汇总' });
export type ReportLevel = z.infer<typeof ReportLevel>;

/** The ledger export takes GET /cases's filters, without paging: one file holds every row. */
export const LedgerExportQuery = ListCasesFilters.omit({ limit: true, cursor: true }).superRefine(
  refinePeriod,
);
export type LedgerExportQuery = z.infer<typeof LedgerExportQuery>;

export const MonthlyReportQuery = z.strictObject({
  region: ReportRegion.optional(),
  format: z
    .enum(['json', 'html', 'xlsx'])
    .optional()
    .meta({ description: '不填按 Accept 请求头：application/json、text/html 或 xlsx' }),
});
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuery>;

export const RatingsQuery = z.strictObject({
  region: ReportRegion.optional(),
  format: z
    .enum(['json', 'csv'])
    .optional()
    .meta({ description: '不填按 Accept 请求头（text/csv 或 JSON）' }),
});
export type RatingsQuery = z.infer<typeof RatingsQuery>;

export const ScoresQuery = z.strictObject({ region: ReportRegion.optional() });
export type ScoresQuery = z.infer<typeof ScoresQuery>;

const Count = z.number().int().min(0);
/** A share between 0 and 1 (4 decimals), or null when there was nothing to count. */
const Rate = z.number().min(0).max(1).nullable();

export const SATISFACTION_LEVELS = ['1', '2', '3', '4', '5'] as const;
const SatisfactionCounts = z.record(z.enum(SATISFACTION_LEVELS), Count);
export type SatisfactionCounts = z.infer<typeof SatisfactionCounts>;

export const DepartmentRow = z.object({
  key: z.string().meta({ description: '中心报告为承办单位编码；汇总报告为承办单位名称' }),
  departmentName: z.string(),
  transferred: Count.meta({ description: '当月转办工单数' }),
  onTime: Count.meta({ description: '当月按时反馈的工单数' }),
  breaches: Count.meta({ description: '当月超期的工单数（逾期反馈 + 未反馈）' }),
  late: Count,
  unanswered: Count,
  onTimeRate: Rate.meta({ description: '按时反馈率 = 按时 / (按时 + 超期)' }),
  dissatisfied: Count.meta({ description: '经其办理、回访不满意的案件数' }),
});
export type DepartmentRow = z.infer<typeof DepartmentRow>;

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
  dueAt: IsoDateTime.meta({ description: '统计时工单的办理时限' }),
  breachAt: IsoDateTime.meta({ description: '判定超期的时间' }),
  breachedDueAt: IsoDateTime.optional().meta({ description: '所超的办理时限（新增字段）' }),
  laterDueAt: IsoDateTime.nullable()
    .optional()
    .meta({ description: '超期后另定的办理时限（延期等）；没有为 null（新增字段）' }),
  answeredAt: IsoDateTime.nullable().meta({ description: '逾期后反馈的时间；截至统计时点仍未反馈为 null' }),
  escalationLevel: z.number().int(),
});
export type OverdueItem = z.infer<typeof OverdueItem>;

export const MatterRow = z.object({
  matter: z.string(),
  cases: Count,
  breaches: Count,
  dissatisfied: Count,
});
export type MatterRow = z.infer<typeof MatterRow>;

export const BlockingRow = z.object({
  key: z.string(),
  name: z.string(),
  cases: Count.meta({ description: '事项：受理案件数；承办单位：转办工单数' }),
  breaches: Count,
  dissatisfied: Count,
  change: z
    .object({ cases: z.number().int(), breaches: z.number().int(), dissatisfied: z.number().int() })
    .nullable()
    .meta({ description: '较上月变化；没有上月报告时为 null' }),
});
export type BlockingRow = z.infer<typeof BlockingRow>;

export const Statistics = z
  .object({
    received: Count.meta({ description: '登记（受理 + 不予受理）' }),
    accepted: Count,
    refused: Count,
    byScopeKind: z.record(ScopeKind, Count).meta({ description: '按服务范围' }),
    byChannel: z.record(Channel, Count).meta({ description: '按受理渠道' }),
    assisted: Count.meta({ description: '帮办代办' }),
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
      truncated: z.boolean().meta({ description: '清单只列前若干条；count 为全部' }),
    }),
    closure: z.object({
      accepted: Count.meta({ description: '当月新受理' }),
      closed: Count.meta({ description: '当月办结（不论受理月份）' }),
      rate: Rate.meta({ description: '办结率 = 当月办结 / (月初未办结 + 当月新受理 + 当月重新办理)' }),
    }),
    carryOver: z
      .object({
        openAtStart: Count.meta({ description: '月初未办结' }),
        new: Count.meta({ description: '当月新受理' }),
        closed: Count.meta({ description: '当月办结' }),
        reopened: Count.meta({ description: '当月回访不满意重新办理' }),
        openAtEnd: Count.meta({ description: '月末未办结' }),
      })
      .optional()
      .meta({ description: '结转（新增字段；此前生成的报告没有）' }),
    followUp: z.object({
      owed: Count.meta({ description: '应回访时间落在当月的回访' }),
      done: Count.meta({ description: '其中月末前已回访' }),
      onTime: Count.meta({ description: '其中按时回访' }),
      made: Count.optional().meta({ description: '当月作出的回访（不论何时应回访；新增字段）' }),
      rate: Rate,
      onTimeRate: Rate,
    }),
    satisfaction: z.object({
      counts: SatisfactionCounts.meta({ description: '好差评五级：当月作出的每一次评价' }),
      total: Count,
      average: z.number().nullable(),
      goodRate: Rate.meta({ description: '好评率：基本满意及以上' }),
    }),
    matters: z.array(MatterRow).meta({ description: '按反映事项（受理数最多的前若干项）' }),
    blockingPoints: z.object({ matters: z.array(BlockingRow), departments: z.array(BlockingRow) }),
  })
  .meta({ id: 'Statistics', description: '台账统计分析' });
export type Statistics = z.infer<typeof Statistics>;

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
  openAtStart: Count.optional().meta({ description: '期初未办结（新增字段）；年度取首月' }),
  reopened: Count.optional().meta({ description: '期内重新办理（新增字段）' }),
});
export type ScoreInputs = z.infer<typeof ScoreInputs>;

export const ScoreWeights = z
  .strictObject({
    onTimeFeedback: z.number().min(0).max(100),
    closure: z.number().min(0).max(100),
    followUp: z.number().min(0).max(100),
    satisfaction: z.number().min(0).max(100),
    overduePenaltyPerOrder: z.number().min(0).max(100),
    overduePenaltyCap: z.number().min(0).max(100),
  })
  .meta({ id: 'ScoreWeights', description: '量化评分权重与超期扣分' });
export type ScoreWeights = z.infer<typeof ScoreWeights>;

const Component = z.number().nullable();
export const Score = z.object({
  score: z.number().nullable().meta({ description: '0–100；没有任何可评项时为 null' }),
  components: z.object({
    onTimeFeedback: Component,
    closure: Component,
    followUp: Component,
    satisfaction: Component,
  }),
  penalty: z.number(),
});
export type Score = z.infer<typeof Score>;

export const RankedRow = z.object({
  region: z.string().meta({ description: '中心编码或区划代码' }),
  name: z.string(),
  centreCount: Count,
  inputs: ScoreInputs,
  score: Score,
  rank: z.number().int().meta({ description: '在本报告区域内的名次（并列同名次）' }),
});
export type RankedRow = z.infer<typeof RankedRow>;

export const MonthlyReport = z
  .object({
    region: z.string(),
    level: ReportLevel,
    name: z.string(),
    month: Month,
    period: z
      .object({ from: IsoDateTime, to: IsoDateTime })
      .meta({ description: '[from, to)，上海时间零点' }),
    asOf: IsoDateTime.meta({ description: '统计时点（月末）' }),
    centreCount: Count,
    statistics: Statistics,
    summary: ScoreInputs,
    score: Score,
    centres: z.array(RankedRow).meta({ description: '区域内各中心及排名（中心报告只有本中心）' }),
    children: z.array(RankedRow).meta({ description: '下一级区域及排名（中心报告为空）' }),
    contentHash: z.string().meta({ description: '内容的 SHA-256：重复生成同一月份内容相同' }),
    generatedAt: IsoDateTime,
  })
  .meta({ id: 'MonthlyReport', description: '每月总结通报' });
export type MonthlyReport = z.infer<typeof MonthlyReport>;

export const TrendQuery = z.strictObject({ region: ReportRegion.optional() });
export type TrendQuery = z.infer<typeof TrendQuery>;

/** One month of the trend: the bulletin's headline figures, as its stored report has them. */
export const TrendMonth = z.object({
  month: Month,
  received: Count.meta({ description: '登记' }),
  accepted: Count.meta({ description: '受理' }),
  closed: Count.meta({ description: '当月办结' }),
  closureRate: Rate.meta({ description: '办结率' }),
  transfers: Count.meta({ description: '当月转办工单' }),
  overdue: Count.meta({ description: '当月超期工单' }),
  onTimeRate: Rate.meta({ description: '按时反馈率' }),
  ratings: Count.meta({ description: '当月好差评次数' }),
  goodRate: Rate.meta({ description: '好评率' }),
  score: z.number().nullable().meta({ description: '当月得分' }),
});
export type TrendMonth = z.infer<typeof TrendMonth>;

export const ReportTrend = z
  .object({
    region: z.string(),
    name: z.string().meta({ description: '区域或中心名称（如 锦江区）' }),
    from: Month,
    to: Month,
    months: z.array(TrendMonth).meta({ description: '已生成通报的月份，按月先后；未生成的月份不列' }),
  })
  .meta({ id: 'ReportTrend', description: '近 12 个月通报主要数据走势' });
export type ReportTrend = z.infer<typeof ReportTrend>;

export const RatingRow = z
  .object({
    tenantId: z.string().meta({ description: '中心编码' }),
    caseId: z.string(),
    caseNumber: z.string(),
    matter: z.string(),
    departments: z
      .string()
      .meta({ description: '承办单位（案件转办的单位，按转办先后，“、”分隔；新增字段）' }),
    channel: Channel,
    round: z.number().int(),
    satisfaction: z.number().int().min(1).max(5),
    satisfactionLabel: z.string(),
    solved: z.boolean().nullable(),
    method: z.enum(['phone', 'visit', 'sms', 'status_page']),
    source: z
      .enum(['follow_up', 'reporter'])
      .meta({ description: '中心回访（follow_up）或反映人本人在查询页的评价（reporter）' }),
    ratedAt: IsoDateTime,
    bad: z.boolean().meta({ description: '差评（不满意、非常不满意或未解决）' }),
    calledBack: z.boolean().meta({ description: '差评后已再次回访' }),
    rectified: z.boolean().meta({ description: '差评后重新办理，再次回访满意（整改）' }),
    rectifiedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'RatingRow', description: '好差评一条评价' });
export type RatingRow = z.infer<typeof RatingRow>;

export const RatingsExport = z.object({
  month: Month,
  region: z.string(),
  name: z.string().meta({ description: '区域或中心名称（如 锦江区、春熙路街道）' }),
  items: z.array(RatingRow),
});

export const AnnualScoreRow = z.object({
  tenantId: z.string(),
  name: z.string(),
  months: z.number().int().meta({ description: '计入的月份数' }),
  inputs: ScoreInputs,
  score: Score,
  rank: z
    .object({
      county: z.object({ rank: z.number().int(), of: z.number().int() }).optional(),
      city: z.object({ rank: z.number().int(), of: z.number().int() }).optional(),
      province: z.object({ rank: z.number().int(), of: z.number().int() }).optional(),
    })
    .meta({ description: '在所在县区、市州、全省的名次（仅列本次查询范围能比较的层级）' }),
});
export type AnnualScoreRow = z.infer<typeof AnnualScoreRow>;

export const AnnualScores = z
  .object({
    year: z.string(),
    region: z.string(),
    name: z.string().meta({ description: '区域或中心名称（如 锦江区）' }),
    months: z.array(Month),
    weights: ScoreWeights,
    formula: z.string(),
    items: z.array(AnnualScoreRow),
  })
  .meta({ id: 'AnnualScores', description: '年度服务量化评分与排名' });
export type AnnualScores = z.infer<typeof AnnualScores>;

/** A message on the reports queue: build one centre's month, or one region's roll-up. */
export const ReportJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('centre'), tenantId: z.string().regex(/^\d{9}$/), month: Month }),
  z.object({ kind: z.literal('rollup'), region: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/), month: Month }),
]);
export type ReportJob = z.infer<typeof ReportJob>;

/** POST /reports/monthly/{month}/regenerate: an admin replaces a published month, saying why. */
export const RegenerateReportBody = z
  .strictObject({
    region: ReportRegion,
    reason: text(500).meta({ description: '重新生成的原因（记入审计）' }),
  })
  .meta({ id: 'RegenerateReport' });
export type RegenerateReportBody = z.infer<typeof RegenerateReportBody>;

export const RegeneratedReports = z
  .object({
    month: Month,
    items: z.array(
      z.object({
        region: z.string(),
        previousHash: z.string(),
        contentHash: z.string(),
        changed: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'RegeneratedReports', description: '重新生成的通报：本区域及其上级汇总' });
export type RegeneratedReports = z.infer<typeof RegeneratedReports>;
