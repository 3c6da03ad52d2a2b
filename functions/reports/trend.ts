/** GET /reports/monthly/{month}/trend — the bulletin's headline figures over the last 12 months. */
import { httpHandler } from '../../shared/http/handler.ts';
import { MonthParams, TrendQuery } from '../../shared/schemas/report.ts';
import { readReportTrend } from '../../shared/use-cases/reports/trend.ts';

export const handler = httpHandler(
  { route: 'getReportTrend', params: MonthParams, query: TrendQuery },
  async (req) => ({
    status: 200,
    body: await readReportTrend(req.principal!, req.params.month, req.query.region),
    headers: { 'cache-control': 'no-store' },
  }),
);
