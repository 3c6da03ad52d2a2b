/**
 * GET /work-orders/{workOrderId} — one order with its newest reports; and, in the same function,
 * GET /work-orders/{workOrderId}/reports — every progress and result report (反馈), a page at a time.
 */
import { getWorkOrder, workOrderReports } from '../../shared/adapters/work-order-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routeSwitch } from '../../shared/http/route-switch.ts';
import { RecordPageQuery } from '../../shared/schemas/case.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';

const one = httpHandler({ route: 'getWorkOrder', params: WorkOrderParams }, async (req) => {
  const workOrder = await getWorkOrder(req.principal!, req.params.workOrderId);
  return { status: 200, body: workOrder, headers: { etag: `"${workOrder.version}"` } };
});

const reports = httpHandler(
  { route: 'listWorkOrderReports', params: WorkOrderParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await workOrderReports(req.principal!, req.params.workOrderId, req.query),
  }),
);

export const handler = routeSwitch({ getWorkOrder: one, listWorkOrderReports: reports });
