/** POST /reports/monthly/{month}/regenerate — an admin replaces a published month (audited). */
import { httpHandler } from '../../shared/http/handler.ts';
import { MonthParams, RegenerateReportBody } from '../../shared/schemas/report.ts';
import { regenerateMonthlyReport } from '../../shared/use-cases/reports/monthly.ts';

export const handler = httpHandler(
  { route: 'regenerateMonthlyReport', params: MonthParams, body: RegenerateReportBody },
  async (req) => ({
    status: 200,
    body: await regenerateMonthlyReport(req.principal!, req.params.month, req.body),
  }),
);
