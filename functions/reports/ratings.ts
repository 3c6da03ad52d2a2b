/** GET /reports/ratings/{month} — the month's 好差评 ratings, JSON or CSV. */
import { httpHandler } from '../../shared/http/handler.ts';
import { MonthParams, RatingsQuery } from '../../shared/schemas/report.ts';
import { ratingsCsv, ratingsExport } from '../../shared/use-cases/reports/ratings.ts';
import { attachment, CSV_TYPE } from '../../shared/use-cases/reports/workbook.ts';
import { wanted } from './format.ts';

export const handler = httpHandler(
  { route: 'exportRatings', params: MonthParams, query: RatingsQuery },
  async (req) => {
    const ratings = await ratingsExport(req.principal!, req.params.month, req.query.region);
    const headers = { 'cache-control': 'no-store', vary: 'accept' };
    if (
      wanted(req.query.format, req.headers.accept, [{ format: 'csv', type: 'text/csv' }], 'json') === 'csv'
    ) {
      return {
        status: 200,
        body: ratingsCsv(ratings.items),
        contentType: CSV_TYPE,
        headers: {
          ...headers,
          'content-disposition': attachment(
            `ratings-${ratings.region}-${ratings.month}.csv`,
            `${ratings.name}好差评${ratings.month}.csv`,
          ),
        },
      };
    }
    return { status: 200, body: ratings, headers };
  },
);
