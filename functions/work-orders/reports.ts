/** GET /work-orders/{workOrderId}/reports — the order's progress and result reports (反馈), one page at a time. */
import { workOrderReports } from '../../shared/adapters/work-order-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { RecordPageQuery } from '../../shared/schemas/case.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler(
  { route: 'listWorkOrderReports', params: WorkOrderParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await workOrderReports(req.principal!, req.params.workOrderId, req.query),
  }),
);
