/** GET /cases/{caseId} — the case with its work orders and timeline. */
import { getCaseCollection, publicCase } from '../../shared/adapters/case-store.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler({ route: 'getCase', params: CaseParams }, async (req) => {
  const { stored, events, others } = await getCaseCollection(scopeOf(req.principal!), req.params.caseId);
  const view = publicCase(stored);
  return {
    status: 200,
    body: { ...view, workOrders: others.filter((o) => o.type === 'workOrder'), timeline: events },
    headers: { etag: `"${view.version}"` },
  };
});
