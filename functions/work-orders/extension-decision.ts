/** POST /work-orders/{workOrderId}/extension/decision — the director approves or refuses. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { ExtensionDecisionBody } from '../../shared/schemas/work-order.ts';
import { decideExtension } from '../../shared/use-cases/deadline-changes.ts';

export const handler = httpHandler(
  { route: 'decideExtension', params: WorkOrderParams, body: ExtensionDecisionBody },
  async (req) => ({
    status: 200,
    body: await decideExtension(req.principal!, req.params.workOrderId, req.body),
  }),
);
