/** GET /calendar/workdays — the working days of a period (工作日历). */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkdaysQuery } from '../../shared/schemas/calendar.ts';
import { listWorkdays } from '../../shared/use-cases/calendar.ts';

export const handler = httpHandler({ route: 'listWorkdays', query: WorkdaysQuery }, async (req) => {
  return { status: 200, body: { items: await listWorkdays(req.principal!, req.query) } };
});
