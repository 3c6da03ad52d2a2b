/** GET /work-orders — a department's own orders, or the centre's / region's. */
import { listWorkOrders } from '../../shared/adapters/work-order-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { ListWorkOrdersQuery } from '../../shared/schemas/work-order.ts';
import { withWorkdaysLeft } from '../../shared/use-cases/calendar.ts';

export const handler = httpHandler({ route: 'listWorkOrders', query: ListWorkOrdersQuery }, async (req) => {
  const { overdue, ...rest } = req.query;
  const principal = req.principal!;
  const page = await listWorkOrders(principal, {
    ...rest,
    ...(overdue !== undefined ? { overdue: overdue === 'true' } : {}),
  });
  // A centre's or a department's orders share one calendar: the working days left come with them.
  const items = principal.tenantId ? await withWorkdaysLeft(principal.tenantId, page.items) : page.items;
  return { status: 200, body: { ...page, items } };
});
