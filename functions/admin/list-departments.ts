/** GET /tenants/{tenantId}/departments — the centre's handling units, for the transfer form. */
import { listDepartments } from '../../shared/adapters/tenant-store.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { TenantParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler({ route: 'listDepartments', params: TenantParams }, async (req) => {
  const items = await listDepartments(scopeOf(req.principal!), req.params.tenantId);
  return { status: 200, body: { items } };
});
