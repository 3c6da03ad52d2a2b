/**
 * The working-day calendar (工作日历) of a centre, and the due times computed on it. The one
 * place a deadline is worked out: the transfer (转办) calls `deadlineFor`, and
 * `GET /calendar/deadline` answers with the very same function.
 *
 * Primary course of a deadline:
 *  1. The centre's calendar: its region (`calendarRegion`, else its own division code) picks
 *     the regional days; the admin overrides are read (through a short per-process cache).
 *  2. The tenant's limits and close of office hours (default 17:30) over the standard's.
 *  3. `dueAt` in `domain/deadlines.ts` counts the working days; the result is written with
 *     the +08:00 offset, `provisional` when an unpublished schedule was crossed.
 */

import { loadCalendarData } from '../adapters/calendar-store.ts';
import { clock } from '../adapters/clock.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { type Calendar, createCalendar, type DayInfo } from '../domain/calendar.ts';
import {
  DEFAULT_OFFICE_HOURS_END,
  type Deadline,
  dueAt,
  nextProgressDue,
  type PeriodRules,
  type WorkOrderCategory,
  workdaysLeft,
} from '../domain/deadlines.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import { isOpen } from '../domain/work-order.ts';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../errors.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { WorkOrder } from '../schemas/work-order.ts';

/** What of a centre its calendar and deadlines depend on; a whole `Tenant` will do. */
export type CalendarTenant = Pick<Tenant, 'tenantId' | 'calendarRegion' | 'officeHours' | 'limits'>;

/** A due time as the API writes it. */
export interface DeadlineView {
  /** ISO-8601 with +08:00, to the second: `2026-10-09T17:30:00+08:00`. */
  dueAt: string;
  /** A day counted across has no published schedule yet; the due time may still move. */
  provisional: boolean;
}

/** The region whose regional days and overrides apply to a centre. */
export function calendarRegionOf(tenant: Pick<Tenant, 'tenantId' | 'calendarRegion'>): string {
  return tenant.calendarRegion ?? tenant.tenantId;
}

/** The centre's working-day calendar, with the admin overrides and entered notices as stored now. */
export async function calendarFor(tenant: Pick<Tenant, 'tenantId' | 'calendarRegion'>): Promise<Calendar> {
  const { overrides, notices } = await loadCalendarData();
  return createCalendar({ region: calendarRegionOf(tenant), overrides, notices });
}

async function rulesFor(tenant: CalendarTenant): Promise<PeriodRules> {
  return {
    calendar: await calendarFor(tenant),
    officeHoursEnd: tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END,
    ...(tenant.limits ? { limits: tenant.limits } : {}),
  };
}

function view(deadline: Deadline): DeadlineView {
  return { dueAt: formatShanghai(deadline.dueAt), provisional: deadline.provisional };
}

/**
 * When a work order of `category` transferred at `start` by this centre must be answered
 * (the result; for complex orders the first progress report).
 */
export async function deadlineFor(
  tenant: CalendarTenant,
  start: Date,
  category: WorkOrderCategory,
): Promise<DeadlineView> {
  return view(dueAt({ ...(await rulesFor(tenant)), start, category }));
}

/** When the next progress report of a complex order is due, counted from `from`. */
export async function nextProgressDeadlineFor(tenant: CalendarTenant, from: Date): Promise<DeadlineView> {
  return view(nextProgressDue({ ...(await rulesFor(tenant)), from }));
}

/** Every day from `from` to `to` (both included) in `region`; no region: the national schedule. */
export async function workdays(input: { from: string; to: string; region?: string }): Promise<DayInfo[]> {
  const { overrides, notices } = await loadCalendarData();
  const calendar = createCalendar({ region: input.region, overrides, notices });
  return calendar.days(input.from, input.to);
}

/** The caller's own centre; its settings decide the caller's deadlines. */
async function callerTenant(principal: Principal): Promise<Tenant> {
  if (!principal.tenantId) throw new ForbiddenError('当前账号未关联便民服务中心');
  try {
    return await getTenant(scopeOf(principal), principal.tenantId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new UnprocessableError('该便民服务中心尚未开通，请联系管理员', 'tenant_not_configured');
    }
    throw error;
  }
}

/** `GET /calendar/deadline`: the due time a transfer by the caller's centre would get. */
export async function previewDeadline(
  principal: Principal,
  start: Date,
  category: WorkOrderCategory,
): Promise<DeadlineView> {
  return deadlineFor(await callerTenant(principal), start, category);
}

/**
 * `GET /calendar/workdays`: the days of `region`, by default the calendar of the caller's
 * centre. Callers without a centre (supervisors, admins) get the national schedule.
 */
export async function listWorkdays(
  principal: Principal,
  query: { from: string; to: string; region?: string | undefined },
): Promise<DayInfo[]> {
  const region = query.region ?? (await callerRegion(principal));
  return workdays({ from: query.from, to: query.to, ...(region ? { region } : {}) });
}

async function callerRegion(principal: Principal): Promise<string | undefined> {
  const { tenantId } = principal;
  if (!tenantId) return undefined;
  try {
    return calendarRegionOf(await getTenant(scopeOf(principal), tenantId));
  } catch (error) {
    // A centre not set up yet has no calendarRegion: its own code is the region it would get.
    if (error instanceof NotFoundError) return tenantId;
    throw error;
  }
}

/**
 * Each open, running work order of a case with the working days left before its due time on the
 * centre's calendar (negative once overdue) — the figure the console shows, so the browser never
 * counts working days itself. Reads the centre only when there is an open order.
 */
export async function withWorkdaysLeft<
  W extends Pick<WorkOrder, 'dueAt' | 'suspension'> & { status?: WorkOrder['status'] },
>(tenantId: string, orders: readonly W[]): Promise<Array<W & { remainingWorkdays?: number }>> {
  // An order from the open-work index carries no status: it is open.
  const running = (o: W) => (o.status === undefined || isOpen(o.status)) && !o.suspension;
  if (!orders.some(running)) return [...orders];
  const calendar = await calendarFor(await getTenant({ kind: 'all' }, tenantId));
  const now = clock.now();
  return orders.map((o) =>
    running(o) ? { ...o, remainingWorkdays: workdaysLeft(calendar, now, new Date(o.dueAt)) } : o,
  );
}
