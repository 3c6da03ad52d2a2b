/** PUT /calendar/years/{year} — a published holiday notice for a year (节假日安排通知). */
import { httpHandler } from '../../shared/http/handler.ts';
import { PutYearBody, YearParams } from '../../shared/schemas/calendar.ts';
import { publishYear } from '../../shared/use-cases/calendar-changes.ts';

export const handler = httpHandler(
  { route: 'putCalendarYear', params: YearParams, body: PutYearBody },
  async (req) => {
    return { status: 200, body: await publishYear(req.principal!, req.params.year, req.body) };
  },
);
