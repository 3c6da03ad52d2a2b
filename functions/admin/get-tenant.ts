/** GET /tenants/{tenantId} — a centre's settings; another centre's is a 404. */
import { getTenant } from '../../shared/adapters/tenant-store.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { TenantParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler({ route: 'getTenant', params: TenantParams }, async (req) => {
  const tenant = await getTenant(scopeOf(req.principal!), req.params.tenantId);
  return { status: 200, body: tenant, headers: { etag: `"${tenant.version}"` } };
});
