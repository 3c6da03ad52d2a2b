/** GET /tenants/{tenantId}/departments/{departmentId}/test-delivery/{testId} — how a test went. */
import { httpHandler } from '../../shared/http/handler.ts';
import { TestDeliveryParams } from '../../shared/schemas/params.ts';
import { readTestDelivery } from '../../shared/use-cases/test-delivery.ts';

export const handler = httpHandler({ route: 'getTestDelivery', params: TestDeliveryParams }, async (req) => {
  const { tenantId, departmentId, testId } = req.params;
  return {
    status: 200,
    body: await readTestDelivery(req.principal!, tenantId, departmentId, testId),
    headers: { 'cache-control': 'no-store' },
  };
});
