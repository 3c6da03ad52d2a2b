/** OpenAPI operations of the `reports` routes. */
import {
  LedgerExportQuery,
  MonthlyReportQuery,
  MonthParams,
  RatingsQuery,
  RegenerateReportBody,
  ScoresQuery,
  TrendQuery,
  YearParams,
} from '../../schemas/report.ts';
import {
  AnnualScores,
  MonthlyReport,
  RatingsExport,
  RegeneratedReports,
  ReportTrend,
} from '../../schemas/responses/report.ts';
import type { reportRoutes } from '../routes/reports.ts';
import { jsonBody, type Operation } from './common.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const reportOperations: Record<(typeof reportRoutes)[number]['id'], Operation> = {
  exportLedgerXlsx: {
    requestParams: { query: LedgerExportQuery },
    ok: {
      status: '200',
      contentType: XLSX,
      description:
        '工作簿：“台账”每案一行（表A.1/A.2 各栏，工单逐行列在单元格内），“工单”每工单一行。督导人员看到的联系电话已脱敏；超过 10000 行返回 422',
    },
  },
  exportLedgerCsv: {
    requestParams: { query: LedgerExportQuery },
    ok: {
      status: '200',
      contentType: 'text/csv',
      description: '与工作簿“台账”同列的 CSV（UTF-8 带 BOM，Excel 可直接打开）；超过 10000 行返回 422',
    },
  },
  getMonthlyReport: {
    requestParams: { path: MonthParams, query: MonthlyReportQuery },
    ok: {
      status: '200',
      schema: MonthlyReport,
      description: '通报（Accept: text/html 为可打印页面，xlsx 为工作簿；尚未生成或无权查看返回 404）',
    },
  },
  getReportTrend: {
    requestParams: { path: MonthParams, query: TrendQuery },
    ok: {
      status: '200',
      schema: ReportTrend,
      description: '截至该月的 12 个月中已生成通报的月份及其主要数据（一次读取，不含各月全文）',
    },
  },
  exportRatings: {
    requestParams: { path: MonthParams, query: RatingsQuery },
    ok: { status: '200', schema: RatingsExport, description: '当月每条回访评价（Accept: text/csv 为 CSV）' },
  },
  getAnnualScores: {
    requestParams: { path: YearParams, query: ScoresQuery },
    ok: { status: '200', schema: AnnualScores, description: '年度得分（按月汇总报告累计）与排名' },
  },
  regenerateMonthlyReport: {
    requestParams: { path: MonthParams },
    requestBody: jsonBody(RegenerateReportBody),
    ok: {
      status: '200',
      schema: RegeneratedReports,
      description: '已替换的通报（本区域及已生成的上级汇总），每份连同审计记录；该月尚未生成返回 404',
    },
  },
};
