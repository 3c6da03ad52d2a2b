/**
 * 责任倒查: responsibility traced back per person (the `actor` of audit events) or per
 * handling unit (its work orders' events, and the due times it missed), within the caller's
 * scope, by the EVENT's own time — on 1 November, October's work is there whatever month its
 * cases were accepted in.
 *
 * Primary course (no Scan):
 *  1. The centres searched: the caller's own; for a supervisor the region's (one Query of the
 *     registry) or the one named by `tenantId`.
 *  2. Centre by centre, a key range of its activity index over [from, to] (Asia/Shanghai dates,
 *     default the last 90 days): the person's events (FilterExpression), or the events that
 *     concern the unit's work orders (its queue on the byDepartment index names them).
 *  3. For each case of the page, its item collection (one Query) gives the case number and
 *     verifies the trail; a unit's missed due times come from its queue.
 *  4. Answer the page and a cursor (centre + position): `limit` bounds the events per page.
 */
import { activityPage, departmentOrders } from '../adapters/activity-store.ts';
import { getCaseCollection } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { listCentres } from '../adapters/report-store.ts';
import { verifyChain } from '../domain/case.ts';
import { type Principal, type Scope, scopeCovers, scopeOf } from '../domain/identity.ts';
import { WORK_ORDER_LOOKBACK_DAYS } from '../domain/statistics.ts';
import { addDays, shanghaiDate, shanghaiInstant } from '../domain/time.ts';
import { ValidationError } from '../errors.ts';
import type { TraceQuery } from '../schemas/attachment.ts';
import type { CaseEvent } from '../schemas/case.ts';
import { PERIOD_MESSAGE, periodIsValid } from '../schemas/common.ts';
import type { WorkOrder } from '../schemas/work-order.ts';

/** Default period when none is given: the 90 days up to today (Asia/Shanghai). */
export const DEFAULT_TRACE_DAYS = 90;
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

/** The centres a trace searches, in code order. */
async function centresOf(scope: Scope, tenantId: string | undefined): Promise<string[]> {
  if (scope.kind === 'tenant') return tenantId && tenantId !== scope.tenantId ? [] : [scope.tenantId];
  if (tenantId) return scopeCovers(scope, tenantId) ? [tenantId] : [];
  const region = scope.kind === 'region' ? scope.regionCode : '51';
  return (await listCentres(region)).map((c) => c.tenantId);
}

interface TraceCursor {
  /** The centre the next page starts in, and the position inside it (absent: its start). */
  t: string;
  c?: string;
}

function readCursor(cursor: string | undefined, centres: readonly string[]): TraceCursor | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as TraceCursor;
    if (centres.includes(parsed.t) && (parsed.c === undefined || typeof parsed.c === 'string')) return parsed;
  } catch {
    // the 400 below
  }
  throw new ValidationError('翻页游标无效', [
    { field: 'cursor', message: '翻页游标无效或已过期，请从第一页重新查询' },
  ]);
}

const writeCursor = (c: TraceCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

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
  const fromInstant = shanghaiInstant(from).toISOString();
  const toInstant = shanghaiInstant(addDays(to, 1)).toISOString();
  const centres = await centresOf(scope, query.tenantId);
  const position = readCursor(query.cursor, centres);

  const events: CaseEvent[] = [];
  const missed: MissedDeadline[] = [];
  let nextCursor: string | null = null;
  for (let i = position ? centres.indexOf(position.t) : 0; i < centres.length; i++) {
    const tenantId = centres[i]!;
    let keep: ((e: CaseEvent) => boolean) | undefined;
    if (query.departmentId) {
      // Orders transferred before the window can still be answered or missed inside it.
      const lookback = new Date(new Date(fromInstant).getTime() - WORK_ORDER_LOOKBACK_DAYS * 86_400_000);
      const orders = await departmentOrders(tenantId, query.departmentId, lookback.toISOString(), toInstant);
      const ids = new Set(orders.map((w) => w.id));
      keep = (e) => {
        const wo = workOrderOf(e);
        return wo !== undefined && ids.has(wo);
      };
      if (!position || position.t !== tenantId || position.c === undefined) {
        missed.push(...orders.filter((w) => missedIn(w, fromInstant, toInstant)).map(missedDeadline));
      }
    }
    const page = await activityPage(tenantId, fromInstant, toInstant, {
      limit: query.limit - events.length,
      ...(position?.t === tenantId && position.c ? { cursor: position.c } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(keep ? { keep } : {}),
    });
    events.push(...page.items);
    if (page.nextCursor) {
      nextCursor = writeCursor({ t: tenantId, c: page.nextCursor });
      break;
    }
    if (events.length >= query.limit) {
      const next = centres[i + 1];
      nextCursor = next ? writeCursor({ t: next }) : null;
      break;
    }
  }

  const caseIds = [...new Set(events.map((e) => e.caseId))];
  const collections = await mapLimit(caseIds, CONCURRENCY, (id) => getCaseCollection(scope, id));
  const byCase = new Map(
    collections.map(({ stored, events: trail }) => [
      stored.id,
      { number: stored.number, tenantId: stored.tenantId, intact: verifyChain(trail, stored).intact },
    ]),
  );
  const items: TracedEvent[] = events.map(({ prevHash: _p, ...event }) => {
    const c = byCase.get(event.caseId)!;
    return { ...event, caseNumber: c.number, tenantId: c.tenantId, trailIntact: c.intact };
  });
  return {
    items,
    ...(query.departmentId ? { missedDeadlines: missed } : {}),
    scannedCases: caseIds.length,
    period: { from, to },
    nextCursor,
  };
}

/** A unit's order that went overdue (or was escalated) inside the window. */
function missedIn(w: WorkOrder, fromInstant: string, toInstant: string): boolean {
  if (!w.overdue && w.escalationLevel <= 0 && !w.overdueAt) return false;
  const at = new Date(w.overdueAt ?? w.dueAt).toISOString();
  return at >= fromInstant && at < toInstant;
}

function missedDeadline(w: WorkOrder): MissedDeadline {
  return {
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
  };
}
