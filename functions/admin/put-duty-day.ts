/** PUT /tenants/{tenantId}/duty-roster/{date} — the duty chief (值班长) of a day. */
import { httpHandler } from '../../shared/http/handler.ts';
import { DutyDayParams } from '../../shared/schemas/params.ts';
import { PutDutyDayBody } from '../../shared/schemas/tenant.ts';
import { saveDutyDay } from '../../shared/use-cases/admin.ts';

export const handler = httpHandler(
  { route: 'putDutyDay', params: DutyDayParams, body: PutDutyDayBody },
  async (req) => {
    const { tenantId, date } = req.params;
    return { status: 200, body: await saveDutyDay(req.principal!, tenantId, date, req.body) };
  },
);
