/** PUT /calendar/overrides/{date} — an admin's correction of one day (工作日历调整). */
import { httpHandler } from '../../shared/http/handler.ts';
import { OverrideParams, PutOverrideBody } from '../../shared/schemas/calendar.ts';
import { overrideDay } from '../../shared/use-cases/calendar-changes.ts';

export const handler = httpHandler(
  { route: 'putCalendarOverride', params: OverrideParams, body: PutOverrideBody },
  async (req) => {
    return { status: 200, body: await overrideDay(req.principal!, req.params.date, req.body) };
  },
);
