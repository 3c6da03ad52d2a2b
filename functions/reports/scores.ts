/** GET /reports/scores/{year} — annual quantitative scores and rankings. */
import { httpHandler } from '../../shared/http/handler.ts';
import { ScoresQuery, YearParams } from '../../shared/schemas/report.ts';
import { annualScores } from '../../shared/use-cases/reports/scores.ts';

export const handler = httpHandler(
  { route: 'getAnnualScores', params: YearParams, query: ScoresQuery },
  async (req) => ({
    status: 200,
    body: await annualScores(req.principal!, req.params.year, req.query.region),
    headers: { 'cache-control': 'no-store' },
  }),
);
