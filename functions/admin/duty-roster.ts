/**
 * The duty roster (值班表): GET /tenants/{tenantId}/duty-roster[?month=yyyy-mm] reads a month,
 * PUT /tenants/{tenantId}/duty-roster/{date} sets the duty chief (值班长) of a day. One function
 * serves both routes (as `docs` does): each function costs the deployed stack seven resources
 * against CloudFormation's 500, and these two are the same small concern.
 */
import type { Context } from 'aws-lambda';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { DutyDayParams, TenantParams } from '../../shared/schemas/params.ts';
import { DutyRosterQuery, PutDutyDayBody } from '../../shared/schemas/tenant.ts';
import { dutyRoster, saveDutyDay } from '../../shared/use-cases/admin.ts';

const readMonth = httpHandler(
  { route: 'getDutyRoster', params: TenantParams, query: DutyRosterQuery },
  async (req) => ({
    status: 200,
    body: await dutyRoster(req.principal!, req.params.tenantId, req.query.month),
  }),
);

const putDay = httpHandler(
  { route: 'putDutyDay', params: DutyDayParams, body: PutDutyDayBody },
  async (req) => {
    const { tenantId, date } = req.params;
    return { status: 200, body: await saveDutyDay(req.principal!, tenantId, date, req.body) };
  },
);

export const handler = (event: HttpEvent, context: Context) =>
  event.pathParameters?.date === undefined ? readMonth(event, context) : putDay(event, context);
