/** GET /work-orders/{workOrderId}/forms/transfer — Form A.2, printable HTML (A4, one page). */
import { httpHandler } from '../../shared/http/handler.ts';
import { WorkOrderParams } from '../../shared/schemas/params.ts';
import { transferFormHtml } from '../../shared/use-cases/documents.ts';

export const handler = httpHandler({ route: 'transferForm', params: WorkOrderParams }, async (req) => ({
  status: 200,
  body: await transferFormHtml(req.principal!, req.params.workOrderId),
  contentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'no-store' },
}));
