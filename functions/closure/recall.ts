/** POST /work-orders/{workOrderId}/recall — 撤回. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { RecallBody } from '../../shared/schemas/work-order.ts';
import { recallWorkOrder } from '../../shared/use-cases/closure.ts';

export const handler = httpHandler(
  { route: 'recallWorkOrder', params: WorkOrderParams, body: RecallBody },
  async (req) => ({
    status: 200,
    body: await recallWorkOrder(req.principal!, req.params.workOrderId, req.body),
  }),
);
