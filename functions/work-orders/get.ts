/** GET /work-orders/{workOrderId} */
import { getWorkOrder } from '../../shared/adapters/work-order-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler({ route: 'getWorkOrder', params: WorkOrderParams }, async (req) => {
  const workOrder = await getWorkOrder(req.principal!, req.params.workOrderId);
  return { status: 200, body: workOrder, headers: { etag: `"${workOrder.version}"` } };
});
