/** GET /cases/{caseId} — the case with its work orders, timeline and the actions legal now. */
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { caseView } from '../../shared/use-cases/case-view.ts';

export const handler = httpHandler({ route: 'getCase', params: CaseParams }, async (req) => {
  const view = await caseView(req.principal!, req.params.caseId);
  return { status: 200, body: view, headers: { etag: `"${view.version}"` } };
});
