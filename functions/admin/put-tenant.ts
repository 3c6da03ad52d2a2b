/** PUT /tenants/{tenantId} — create or update a centre. */
import { httpHandler } from '../../shared/http/handler.ts';
import { TenantParams } from '../../shared/schemas/params.ts';
import { PutTenantBody } from '../../shared/schemas/tenant.ts';
import { saveTenant } from '../../shared/use-cases/admin.ts';

export const handler = httpHandler(
  { route: 'putTenant', params: TenantParams, body: PutTenantBody },
  async (req) => {
    const tenant = await saveTenant(req.params.tenantId, req.body);
    return { status: tenant.version === 1 ? 201 : 200, body: tenant };
  },
);
