/** POST /tenants/{tenantId}/departments/{departmentId}/webhook-secret — rotate the signing secret. */
import { httpHandler } from '../../shared/http/handler.ts';
import { DepartmentParams } from '../../shared/schemas/params.ts';
import { rotateDepartmentSecret } from '../../shared/use-cases/admin.ts';

export const handler = httpHandler(
  { route: 'rotateWebhookSecret', params: DepartmentParams },
  async (req) => ({
    status: 200,
    body: await rotateDepartmentSecret(req.principal!, req.params.tenantId, req.params.departmentId),
    headers: { 'cache-control': 'no-store' },
  }),
);
