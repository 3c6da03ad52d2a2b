/** GET /tenants?region= — the centre registry under a region prefix, paged (provincial admin). */
import { listTenants } from '../../shared/adapters/tenant-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { ListTenantsQuery } from '../../shared/schemas/tenant.ts';

export const handler = httpHandler({ route: 'listTenants', query: ListTenantsQuery }, async (req) => ({
  status: 200,
  body: await listTenants(req.query),
}));
