/**
 * 督办 rules: what a scheduled check of a work order does, given the order as it is now.
 * A check may fire twice, late, or after the order changed; it acts only when its moment is
 * still the order's moment, so a repeat or a stale check does nothing. Plain functions.
 *
 *   reminder  — on the morning of the due day, once per due time (`work_order.reminder`)
 *   due       — at the due time: the required feedback is missing → overdue, escalation 1:
 *               the department (`work_order.overdue`) and the duty chief of the day are told
 *   escalate  — one working day later, still missing → escalation 2: the county supervisor
 */
import type { WorkOrder } from '../schemas/work-order.ts';
import type { Calendar } from './calendar.ts';
import { shanghaiDate, shanghaiInstant } from './time.ts';
import { isOpen } from './work-order.ts';

export const CHECK_KINDS = ['reminder', 'due', 'escalate'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** What a Scheduler target receives: the order, and the due time the check was made for. */
export interface DueCheckInput {
  workOrderId: string;
  tenantId: string;
  kind: CheckKind;
  /** The order's `dueAt` when the check was scheduled; a different `dueAt` now makes it stale. */
  dueAt: string;
}

export type CheckDecision =
  | { act: 'none'; why: string }
  | { act: 'remind' }
  | { act: 'overdue' }
  | { act: 'escalate' };

export function decideCheck(wo: WorkOrder, input: DueCheckInput, now: Date): CheckDecision {
  if (!isOpen(wo.status)) return { act: 'none', why: 'closed' };
  if (wo.suspension) return { act: 'none', why: 'suspended' };
  if (new Date(wo.dueAt).getTime() !== new Date(input.dueAt).getTime()) return { act: 'none', why: 'stale' };
  switch (input.kind) {
    case 'reminder':
      return wo.escalationLevel === 0 && !wo.remindedFor ? { act: 'remind' } : { act: 'none', why: 'done' };
    case 'due':
      if (now.getTime() < new Date(wo.dueAt).getTime()) return { act: 'none', why: 'early' };
      return wo.escalationLevel === 0 ? { act: 'overdue' } : { act: 'none', why: 'done' };
    case 'escalate':
      if (wo.escalationLevel !== 1)
        return { act: 'none', why: wo.escalationLevel > 1 ? 'done' : 'not overdue' };
      if (!wo.nextCheckAt || now.getTime() < new Date(wo.nextCheckAt).getTime())
        return { act: 'none', why: 'early' };
      return { act: 'escalate' };
  }
}

/** One working day after the due time, at the close of office hours: escalation to the county. */
export function escalationAt(dueAt: Date, calendar: Calendar, officeHoursEnd: string): Date {
  const next = calendar.addWorkdays(shanghaiDate(dueAt), 1);
  return shanghaiInstant(next.date, officeHoursEnd);
}

/** The reminder: the due day's morning (tenant setting, default 09:00), unless that has passed. */
export function reminderAt(dueAt: Date, reminderTime: string, now: Date): Date | undefined {
  const at = shanghaiInstant(shanghaiDate(dueAt), reminderTime);
  return at.getTime() > now.getTime() && at.getTime() < dueAt.getTime() ? at : undefined;
}

/** A schedule's name: unique per order, kind and due time; [0-9A-Za-z_.-], at most 64 characters. */
export function scheduleName(workOrderId: string, kind: CheckKind, dueAt: string): string {
  const compact = new Date(dueAt).toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `${workOrderId}.${kind}.${compact}`;
}

/**
 * 暂停计时: the working days of the period not yet used when the clock stopped (the
 * suspension day counts as unused when it stopped before the close of office hours; the
 * period's own start day never counts) are given back after the resume day, which, like a
 * transfer day, is not counted. At least one working day is always given back.
 */
export function resumedDueAt(input: {
  /** The period's start (the transfer, or the last progress report): its day is never counted. */
  periodStart: Date;
  suspendedAt: Date;
  dueAt: Date;
  resumedAt: Date;
  calendar: Calendar;
  officeHoursEnd: string;
}): { dueAt: Date; provisional: boolean; remainingWorkdays: number } {
  const { calendar, officeHoursEnd } = input;
  const suspendDay = shanghaiDate(input.suspendedAt);
  const dueDay = shanghaiDate(input.dueAt);
  const stoppedBeforeClose =
    input.suspendedAt.getTime() < shanghaiInstant(suspendDay, officeHoursEnd).getTime();
  let remaining = 0;
  if (suspendDay <= dueDay) {
    for (const day of calendar.days(suspendDay, dueDay)) {
      if (!day.workday || day.date <= shanghaiDate(input.periodStart)) continue;
      if (day.date === suspendDay && !stoppedBeforeClose) continue;
      remaining++;
    }
  }
  remaining = Math.max(remaining, 1);
  const next = calendar.addWorkdays(shanghaiDate(input.resumedAt), remaining);
  return {
    dueAt: shanghaiInstant(next.date, officeHoursEnd),
    provisional: next.provisional,
    remainingWorkdays: remaining,
  };
}
