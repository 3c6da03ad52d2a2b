/** POST /work-orders/{workOrderId}/extension — 延期申请 by the handling unit. */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { ExtensionRequestBody } from '../../shared/schemas/work-order.ts';
import { requestExtension } from '../../shared/use-cases/deadline-changes.ts';

export const handler = httpHandler(
  { route: 'requestExtension', params: WorkOrderParams, body: ExtensionRequestBody },
  async (req) => ({
    status: 200,
    body: await requestExtension(req.principal!, req.params.workOrderId, req.body),
  }),
);
