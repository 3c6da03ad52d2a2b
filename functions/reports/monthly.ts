/**
 * GET /reports/monthly/{month} — the monthly bulletin as JSON, a printable page or a workbook;
 * GET /reports/monthly/{month}/trend — its headline figures over the 12 months up to the month.
 * One function for both (the stack stays within CloudFormation's 500 resources a stack).
 */
import type { Context } from 'aws-lambda';
import { renderBulletin } from '../../shared/documents/bulletin.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { MonthlyReportQuery, MonthParams, TrendQuery } from '../../shared/schemas/report.ts';
import { readMonthlyReport } from '../../shared/use-cases/reports/monthly.ts';
import { monthlyWorkbook } from '../../shared/use-cases/reports/monthly-workbook.ts';
import { readReportTrend } from '../../shared/use-cases/reports/trend.ts';
import { attachment, XLSX_TYPE } from '../../shared/use-cases/reports/workbook.ts';
import { binaryAware } from './binary.ts';
import { MONTHLY_FORMATS, wanted } from './format.ts';

const bulletin = binaryAware(
  httpHandler({ route: 'getMonthlyReport', params: MonthParams, query: MonthlyReportQuery }, async (req) => {
    const report = await readMonthlyReport(req.principal!, req.params.month, req.query.region);
    const headers = { 'cache-control': 'no-store', vary: 'accept' };
    switch (wanted(req.query.format, req.headers.accept, MONTHLY_FORMATS, 'json')) {
      case 'html':
        return {
          status: 200,
          body: renderBulletin(report),
          contentType: 'text/html; charset=utf-8',
          headers,
        };
      case 'xlsx':
        return {
          status: 200,
          body: monthlyWorkbook(report).toString('base64'),
          contentType: XLSX_TYPE,
          headers: {
            ...headers,
            'content-disposition': attachment(
              `bulletin-${report.region}-${report.month}.xlsx`,
              `${report.name}${report.month}通报.xlsx`,
            ),
          },
        };
      default:
        return { status: 200, body: report, headers };
    }
  }),
);

const trend = httpHandler(
  { route: 'getReportTrend', params: MonthParams, query: TrendQuery },
  async (req) => ({
    status: 200,
    body: await readReportTrend(req.principal!, req.params.month, req.query.region),
    headers: { 'cache-control': 'no-store' },
  }),
);

export const handler = (event: HttpEvent, context: Context) =>
  event.routeKey === 'GET /reports/monthly/{month}/trend' ? trend(event, context) : bulletin(event, context);
