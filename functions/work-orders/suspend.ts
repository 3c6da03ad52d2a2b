/** POST /work-orders/{workOrderId}/suspension — 暂停计时. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { SuspendBody } from '../../shared/schemas/work-order.ts';
import { suspendWorkOrder } from '../../shared/use-cases/deadline-changes.ts';

export const handler = httpHandler(
  { route: 'suspendWorkOrder', params: WorkOrderParams, body: SuspendBody },
  async (req) => ({
    status: 200,
    body: await suspendWorkOrder(req.principal!, req.params.workOrderId, req.body),
  }),
);
