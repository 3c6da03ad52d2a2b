/** POST /work-orders/{workOrderId}/return — 退回. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { ReturnBody } from '../../shared/schemas/work-order.ts';
import { returnWorkOrder } from '../../shared/use-cases/work-orders.ts';

export const handler = httpHandler(
  { route: 'returnWorkOrder', params: WorkOrderParams, body: ReturnBody },
  async (req) => ({
    status: 200,
    body: await returnWorkOrder(req.principal!, req.params.workOrderId, req.body),
  }),
);
