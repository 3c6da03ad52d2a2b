/** GET /calendar/years/{year} — the holiday notices entered for a year. */
import { httpHandler } from '../../shared/http/handler.ts';
import { YearParams } from '../../shared/schemas/calendar.ts';
import { yearNotices } from '../../shared/use-cases/calendar-changes.ts';

export const handler = httpHandler({ route: 'getCalendarYear', params: YearParams }, async (req) => {
  return { status: 200, body: await yearNotices(req.params.year) };
});
