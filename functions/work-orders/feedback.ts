/** POST /work-orders/{workOrderId}/feedback — progress or result. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { FeedbackBody } from '../../shared/schemas/work-order.ts';
import { giveFeedback } from '../../shared/use-cases/work-orders.ts';

export const handler = httpHandler(
  { route: 'workOrderFeedback', params: WorkOrderParams, body: FeedbackBody },
  async (req) => ({
    status: 200,
    body: await giveFeedback(req.principal!, req.params.workOrderId, req.body),
  }),
);
