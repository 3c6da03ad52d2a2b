/** GET /tenants/{tenantId}/duty-roster[?month=yyyy-mm] — a month of the duty roster (值班表). */
import { httpHandler } from '../../shared/http/handler.ts';
import { TenantParams } from '../../shared/schemas/params.ts';
import { DutyRosterQuery } from '../../shared/schemas/tenant.ts';
import { dutyRoster } from '../../shared/use-cases/admin.ts';

export const handler = httpHandler(
  { route: 'getDutyRoster', params: TenantParams, query: DutyRosterQuery },
  async (req) => ({
    status: 200,
    body: await dutyRoster(req.principal!, req.params.tenantId, req.query.month),
  }),
);
