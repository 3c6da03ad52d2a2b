/** POST /work-orders/{workOrderId}/ack — 签收 (a repeat is an idempotent 200). */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { acknowledgeWorkOrder } from '../../shared/use-cases/work-orders.ts';

export const handler = httpHandler(
  { route: 'acknowledgeWorkOrder', params: WorkOrderParams },
  async (req) => ({
    status: 200,
    body: await acknowledgeWorkOrder(req.principal!, req.params.workOrderId),
  }),
);
