/** POST /work-orders/{workOrderId}/resumption — the clock runs again, due time recomputed. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';

import { resumeWorkOrder } from '../../shared/use-cases/deadline-changes.ts';

export const handler = httpHandler({ route: 'resumeWorkOrder', params: WorkOrderParams }, async (req) => ({
  status: 200,
  body: await resumeWorkOrder(req.principal!, req.params.workOrderId),
}));
