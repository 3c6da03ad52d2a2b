/** GET /reports/monthly/{month} — the monthly bulletin as JSON, a printable page or a workbook. */
import { renderBulletin } from '../../shared/documents/bulletin.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { MonthlyReportQuery, MonthParams } from '../../shared/schemas/report.ts';
import { readMonthlyReport } from '../../shared/use-cases/reports/monthly.ts';
import { monthlyWorkbook } from '../../shared/use-cases/reports/monthly-workbook.ts';
import { attachment, XLSX_TYPE } from '../../shared/use-cases/reports/workbook.ts';
import { binaryAware } from './binary.ts';
import { MONTHLY_FORMATS, wanted } from './format.ts';

export const handler = binaryAware(
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
          body: (await monthlyWorkbook(report)).toString('base64'),
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
