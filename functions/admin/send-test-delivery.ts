/** POST /tenants/{tenantId}/departments/{departmentId}/test-delivery — 发送测试 to a handling unit. */
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotencyKey } from '../../shared/http/headers.ts';
import { DepartmentParams } from '../../shared/schemas/params.ts';
import { requestTestDelivery } from '../../shared/use-cases/test-delivery.ts';

export const handler = httpHandler({ route: 'sendTestDelivery', params: DepartmentParams }, async (req) => {
  const key = idempotencyKey(req.headers);
  const { tenantId, departmentId } = req.params;
  const { test, replayed } = await requestTestDelivery(req.principal!, tenantId, departmentId, {
    ...(key ? { idempotencyKey: key } : {}),
  });
  return {
    status: 202,
    body: test,
    headers: {
      location: `/tenants/${tenantId}/departments/${departmentId}/test-delivery/${test.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  };
});
