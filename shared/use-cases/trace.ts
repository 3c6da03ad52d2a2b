/**
 * 责任倒查: responsibility traced back per person (the `actor` of audit events) or per
 * handling unit (its work orders' events, and the due times it missed), within the caller's
 * scope.
 *
 * Primary course (no index of its own, no Scan):
 *  1. Take one page of the caller's ledger for the period — the same `byRegion` query as
 *     GET /cases, so a centre sees its own cases and a supervisor its region's.
 *  2. Read each of those cases' item collections (events, work orders): one Query each, a few
 *     at a time.
 *  3. Keep the events the person made, or that concern the unit's work orders; for a unit, list
 *     its work orders that went overdue or were escalated.
 *  4. Answer the page's matches and the ledger cursor: a page may hold no matches and still
 *     have a next one.
 *
 * The period selects cases by acceptance date, as the ledger does; each selected case's whole
 * trail is searched. One request reads at most `limit` (≤ 200) case collections, so its cost is
 * bounded whatever the period; a long period is walked page by page with the cursor.
 */
import { getCaseCollection, listCases } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { verifyChain } from '../domain/case.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { addDays, shanghaiDate, shanghaiInstant } from '../domain/time.ts';
import { ValidationError } from '../errors.ts';
import type { TraceQuery } from '../schemas/attachment.ts';
import type { CaseEvent } from '../schemas/case.ts';
import { PERIOD_MESSAGE, periodIsValid } from '../schemas/common.ts';
import type { WorkOrder } from '../schemas/work-order.ts';

/** Default period when none is given: the 30 days up to today (Asia/Shanghai). */
export const DEFAULT_TRACE_DAYS = 30;
/** Case collections read at once: enough to hide latency, few enough not to throttle. */
const CONCURRENCY = 8;

export interface TracedEvent extends Omit<CaseEvent, 'prevHash'> {
  caseNumber: string;
  tenantId: string;
  trailIntact: boolean;
}

export interface MissedDeadline {
  workOrderId: string;
  number: string;
  caseId: string;
  caseNumber: string;
  departmentId: string;
  departmentName: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  overdueAt?: string;
  escalationLevel: number;
}

export interface TraceResult {
  items: TracedEvent[];
  missedDeadlines?: MissedDeadline[];
  scannedCases: number;
  period: { from: string; to: string };
  nextCursor: string | null;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The work order an event concerns, if any (work-order events name it; a transfer carries it). */
function workOrderOf(event: CaseEvent): string | undefined {
  const c = event.changes as { workOrderId?: unknown; workOrder?: { id?: unknown } };
  if (typeof c.workOrderId === 'string') return c.workOrderId;
  if (typeof c.workOrder?.id === 'string') return c.workOrder.id;
  return undefined;
}

export async function traceEvents(principal: Principal, query: TraceQuery): Promise<TraceResult> {
  const scope = scopeOf(principal);
  const to = query.to ?? shanghaiDate(clock.now());
  const from = query.from ?? addDays(to, -DEFAULT_TRACE_DAYS);
  // `to` defaults to today, so a `from` in the future is a reversed period too.
  if (!periodIsValid(from, to)) {
    throw new ValidationError('查询参数有误，请检查标出的字段', [
      { field: 'from', message: query.to ? PERIOD_MESSAGE : `${PERIOD_MESSAGE}（不填结束日期时为今天）` },
    ]);
  }
  const page = await listCases(scope, {
    fromInstant: shanghaiInstant(from).toISOString(),
    toInstant: shanghaiInstant(addDays(to, 1)).toISOString(),
    limit: query.limit,
    ...(query.tenantId ? { tenantId: query.tenantId } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });

  const collections = await mapLimit(page.items, CONCURRENCY, (c) => getCaseCollection(scope, c.id));
  const items: TracedEvent[] = [];
  const missed: MissedDeadline[] = [];
  for (const { stored, events, others } of collections) {
    const trailIntact = verifyChain(events).intact;
    let matches: (e: CaseEvent) => boolean;
    if (query.departmentId) {
      const orders = others
        .filter((o) => o.type === 'workOrder' && o.departmentId === query.departmentId)
        .map((o) => o as unknown as WorkOrder);
      const ids = new Set(orders.map((w) => w.id));
      matches = (e) => {
        const wo = workOrderOf(e);
        return wo !== undefined && ids.has(wo);
      };
      for (const w of orders) {
        if (!w.overdue && w.escalationLevel <= 0 && !w.overdueAt) continue;
        missed.push({
          workOrderId: w.id,
          number: w.number,
          caseId: w.caseId,
          caseNumber: w.caseNumber,
          departmentId: w.departmentId,
          departmentName: w.departmentName,
          status: w.status,
          dueAt: w.dueAt,
          overdue: w.overdue,
          ...(w.overdueAt ? { overdueAt: w.overdueAt } : {}),
          escalationLevel: w.escalationLevel,
        });
      }
    } else {
      matches = (e) => e.actor.id === query.actor;
    }
    for (const e of events) {
      if (!matches(e)) continue;
      const { prevHash: _p, ...event } = e;
      items.push({ ...event, caseNumber: stored.number, tenantId: stored.tenantId, trailIntact });
    }
  }
  return {
    items,
    ...(query.departmentId ? { missedDeadlines: missed } : {}),
    scannedCases: page.items.length,
    period: { from, to },
    nextCursor: page.nextCursor,
  };
}
