/** GET /cases/{caseId} — the case with its work orders and timeline. */
import { getCaseCollection, publicCase } from '../../shared/adapters/case-store.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import type { WorkOrder } from '../../shared/schemas/work-order.ts';
import { withWorkdaysLeft } from '../../shared/use-cases/calendar.ts';

export const handler = httpHandler({ route: 'getCase', params: CaseParams }, async (req) => {
  const { stored, events, others } = await getCaseCollection(scopeOf(req.principal!), req.params.caseId);
  const view = publicCase(stored);
  const workOrders = await withWorkdaysLeft(
    view.tenantId,
    others.filter((o) => o.type === 'workOrder') as WorkOrder[],
  );
  return {
    status: 200,
    body: { ...view, workOrders, timeline: events },
    headers: { etag: `"${view.version}"` },
  };
});
