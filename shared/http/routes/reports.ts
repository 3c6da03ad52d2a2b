/** Routes of the `reports` area (监督与评价): ledger exports, the monthly bulletin, 好差评, annual scores. */
import type { Role } from '../../domain/identity.ts';
import { CASE_READERS, type Route } from '../route-types.ts';

/** The bulletin's readers (API.md): a centre's director, and supervisors of a region. */
const REPORT_READERS = ['director', 'supervisor'] as const satisfies readonly Role[];

export const reportRoutes = [
  {
    id: 'exportLedgerXlsx',
    method: 'GET',
    path: '/reports/ledger.xlsx',
    entry: 'functions/reports/ledger-xlsx.ts',
    roles: CASE_READERS,
    table: 'read',
    // Up to 10,000 rows / a year of reports: more than the 10 s default, within API Gateway's 30 s.
    timeoutSeconds: 29,
    summary: '台账导出（Excel，筛选条件同台账查询）',
    tag: 'reports',
  },
  {
    id: 'exportLedgerCsv',
    method: 'GET',
    path: '/reports/ledger.csv',
    entry: 'functions/reports/ledger-csv.ts',
    roles: CASE_READERS,
    table: 'read',
    // Up to 10,000 rows / a year of reports: more than the 10 s default, within API Gateway's 30 s.
    timeoutSeconds: 29,
    summary: '台账导出（CSV，UTF-8 带 BOM）',
    tag: 'reports',
  },
  {
    id: 'getMonthlyReport',
    method: 'GET',
    path: '/reports/monthly/{month}',
    entry: 'functions/reports/monthly.ts',
    roles: REPORT_READERS,
    table: 'read',
    // Up to 10,000 rows / a year of reports: more than the 10 s default, within API Gateway's 30 s.
    timeoutSeconds: 29,
    summary: '每月总结通报（中心，或 ?region= 县、市、省汇总）：JSON、可打印页面或 Excel',
    tag: 'reports',
  },
  {
    id: 'getReportTrend',
    method: 'GET',
    path: '/reports/monthly/{month}/trend',
    // The bulletin's function: a route of its own would cost the stack 7 resources, not 3.
    entry: 'functions/reports/monthly.ts',
    roles: REPORT_READERS,
    table: 'read',
    summary: '通报主要数据近 12 个月走势（截至该月；?region= 同通报）',
    tag: 'reports',
  },
  {
    id: 'exportRatings',
    method: 'GET',
    path: '/reports/ratings/{month}',
    entry: 'functions/reports/ratings.ts',
    roles: REPORT_READERS,
    table: 'read',
    summary: '好差评导出：当月回访评价（JSON 或 CSV）',
    tag: 'reports',
  },
  {
    id: 'getAnnualScores',
    method: 'GET',
    path: '/reports/scores/{year}',
    entry: 'functions/reports/scores.ts',
    roles: REPORT_READERS,
    table: 'read',
    // Up to 10,000 rows / a year of reports: more than the 10 s default, within API Gateway's 30 s.
    timeoutSeconds: 29,
    summary: '年度服务量化评分与县、市、省排名',
    tag: 'reports',
  },
  {
    id: 'regenerateMonthlyReport',
    method: 'POST',
    path: '/reports/monthly/{month}/regenerate',
    entry: 'functions/reports/regenerate.ts',
    roles: ['admin'],
    table: 'readWrite',
    timeoutSeconds: 29,
    summary: '重新生成已发布的月度通报（管理员，记入审计；连同上级汇总）',
    tag: 'reports',
  },
] as const satisfies readonly Route[];
