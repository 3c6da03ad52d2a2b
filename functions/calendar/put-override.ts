/** PUT /calendar/overrides/{date} — an admin's correction of one day (工作日历调整). */
import { httpHandler } from '../../shared/http/handler.ts';
import { OverrideParams, PutOverrideBody } from '../../shared/schemas/calendar.ts';
import { saveOverride } from '../../shared/use-cases/calendar.ts';

export const handler = httpHandler(
  { route: 'putCalendarOverride', params: OverrideParams, body: PutOverrideBody },
  async (req) => {
    return { status: 200, body: await saveOverride(req.principal!, req.params.date, req.body) };
  },
);
