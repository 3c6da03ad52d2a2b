/**
 * Report (监督与评价) schemas: the ledger export's query, the monthly bulletin (每月总结通报) and
 * its statistics, the 好差评 ratings export and the annual quantitative score (年度服务量化评分).
 * The statistics are computed in shared/domain/statistics.ts; the schemas of what the reports
 * return are in ./responses/report.ts (their types re-exported here).
 */
import * as z from 'zod/mini';
import { ListCasesFilters } from './case.ts';
import { meta, refinePeriod, text } from './common.ts';
import type * as responses from './responses/report.ts';

export const Month = meta(
  z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM，例如 2026-03' })),
  { description: '月份（Asia/Shanghai）', example: '2026-03' },
);

export const MonthParams = z.object({ month: Month });
export const YearParams = z.object({
  year: meta(z.string().check(z.regex(/^\d{4}$/, { error: '年份格式应为 YYYY，例如 2026' })), {
    description: '年度',
    example: '2026',
  }),
});

/** A report's region: a centre (9 digits), a county (6), a city (4) or the province (2). */
export const ReportRegion = meta(
  z.string().check(
    z.regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, {
      error: '区划代码应为2位（省）、4位（市州）、6位（县区）或9位（中心编码）',
    }),
  ),
  { description: '区划代码：省 2 位、市州 4 位、县区 6 位，或中心编码 9 位', example: '510104' },
);

export const REPORT_LEVELS = ['centre', 'county', 'city', 'province'] as const;
export const ReportLevel = meta(z.enum(REPORT_LEVELS), {
  description: '中心 / 县区汇总 / 市州汇总 / 全省汇总',
});
export type ReportLevel = z.infer<typeof ReportLevel>;

/** The ledger export takes GET /cases's filters, without paging: one file holds every row. */
export const LedgerExportQuery = z
  .omit(ListCasesFilters, { limit: true, cursor: true })
  .check(z.superRefine(refinePeriod));
export type LedgerExportQuery = z.infer<typeof LedgerExportQuery>;

export const MonthlyReportQuery = z.strictObject({
  region: z.optional(ReportRegion),
  format: meta(z.optional(z.enum(['json', 'html', 'xlsx'])), {
    description: '不填按 Accept 请求头：application/json、text/html 或 xlsx',
  }),
});
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuery>;

export const RatingsQuery = z.strictObject({
  region: z.optional(ReportRegion),
  format: meta(z.optional(z.enum(['json', 'csv'])), {
    description: '不填按 Accept 请求头（text/csv 或 JSON）',
  }),
});
export type RatingsQuery = z.infer<typeof RatingsQuery>;

export const ScoresQuery = z.strictObject({ region: z.optional(ReportRegion) });
export type ScoresQuery = z.infer<typeof ScoresQuery>;

export const SATISFACTION_LEVELS = ['1', '2', '3', '4', '5'] as const;

export const TrendQuery = z.strictObject({ region: z.optional(ReportRegion) });
export type TrendQuery = z.infer<typeof TrendQuery>;

/** A message on the reports queue: build one centre's month, or one region's roll-up. */
export const ReportJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('centre'), tenantId: z.string().check(z.regex(/^\d{9}$/)), month: Month }),
  z.object({
    kind: z.literal('rollup'),
    region: z.string().check(z.regex(/^(\d{2}|\d{4}|\d{6})$/)),
    month: Month,
  }),
]);
export type ReportJob = z.infer<typeof ReportJob>;

/** POST /reports/monthly/{month}/regenerate: an admin replaces a published month, saying why. */
export const RegenerateReportBody = meta(
  z.strictObject({
    region: ReportRegion,
    reason: meta(text(500), { description: '重新生成的原因（记入审计）' }),
  }),
  { id: 'RegenerateReport' },
);
export type RegenerateReportBody = z.infer<typeof RegenerateReportBody>;

// What the API returns (./responses/report.ts), as types: importing them builds no schema.
export type SatisfactionCounts = z.infer<typeof responses.SatisfactionCounts>;
export type DepartmentRow = z.infer<typeof responses.DepartmentRow>;
export type OverdueItem = z.infer<typeof responses.OverdueItem>;
export type MatterRow = z.infer<typeof responses.MatterRow>;
export type BlockingRow = z.infer<typeof responses.BlockingRow>;
export type Statistics = z.infer<typeof responses.Statistics>;
export type ScoreInputs = z.infer<typeof responses.ScoreInputs>;
export type ScoreWeights = z.infer<typeof responses.ScoreWeights>;
export type Score = z.infer<typeof responses.Score>;
export type RankedRow = z.infer<typeof responses.RankedRow>;
export type MonthlyReport = z.infer<typeof responses.MonthlyReport>;
export type TrendMonth = z.infer<typeof responses.TrendMonth>;
export type ReportTrend = z.infer<typeof responses.ReportTrend>;
export type RatingRow = z.infer<typeof responses.RatingRow>;
export type RatingsExport = z.infer<typeof responses.RatingsExport>;
export type AnnualScoreRow = z.infer<typeof responses.AnnualScoreRow>;
export type AnnualScores = z.infer<typeof responses.AnnualScores>;
export type RegeneratedReports = z.infer<typeof responses.RegeneratedReports>;
