/**
 * GET /supervision as the board reads it: the items of `listSupervision`, each running work order
 * with the working days left before its due time on its own centre's calendar (negative once
 * overdue), so the browser never counts working days itself.
 *
 * Primary course:
 *  1. `listSupervision` gives what is owed in scope, oldest breach first.
 *  2. The work orders are grouped by centre; `withWorkdaysLeft` counts each group on that
 *     centre's calendar (one read of the centre per centre with a running order).
 *  3. The items keep their order.
 */
import type { Principal } from '../domain/identity.ts';
import { withWorkdaysLeft } from './calendar.ts';
import { listSupervision, type SupervisionItem } from './supervision.ts';

export type SupervisionView = SupervisionItem & { remainingWorkdays?: number };

export async function supervisionBoard(principal: Principal): Promise<SupervisionView[]> {
  const items = await listSupervision(principal);
  const byTenant = new Map<string, Array<Extract<SupervisionItem, { kind: 'work_order' }>>>();
  for (const item of items) {
    if (item.kind !== 'work_order') continue;
    byTenant.set(item.tenantId, [...(byTenant.get(item.tenantId) ?? []), item]);
  }
  const counted = new Map<string, number | undefined>();
  for (const [tenantId, orders] of byTenant) {
    for (const o of await withWorkdaysLeft(tenantId, orders)) counted.set(o.id, o.remainingWorkdays);
  }
  return items.map((item) => {
    const days = item.kind === 'work_order' ? counted.get(item.id) : undefined;
    return days === undefined ? item : { ...item, remainingWorkdays: days };
  });
}
