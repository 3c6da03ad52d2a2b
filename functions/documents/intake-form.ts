/** GET /cases/{caseId}/forms/intake — Form A.1, printable HTML (A4, one page). */
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { intakeFormHtml } from '../../shared/use-cases/documents.ts';

export const handler = httpHandler({ route: 'intakeForm', params: CaseParams }, async (req) => ({
  status: 200,
  body: await intakeFormHtml(req.principal!, req.params.caseId),
  contentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'no-store' },
}));
