/** GET /work-orders — a department's own orders, or the centre's / region's. */
import { listWorkOrders } from '../../shared/adapters/work-order-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { ListWorkOrdersQuery } from '../../shared/schemas/work-order.ts';

export const handler = httpHandler({ route: 'listWorkOrders', query: ListWorkOrdersQuery }, async (req) => {
  const { overdue, ...rest } = req.query;
  const page = await listWorkOrders(req.principal!, {
    ...rest,
    ...(overdue !== undefined ? { overdue: overdue === 'true' } : {}),
  });
  return { status: 200, body: page };
});
