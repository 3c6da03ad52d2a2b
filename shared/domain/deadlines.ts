/**
 * Time limits of a work order (工单办理时限): the provincial standard's 办理要求 (表A.2) and SPEC §3 —
 * simple 简单 — result by the 1st working day; general 一般 — by the 2nd (2个工作日内整改反馈);
 * complex 复杂 — progress and reasons by the 5th (5个工作日内反馈办理进度、说明理由), then a new
 * progress report every 5 working days until the result (持续跟踪督办直至办结).
 *
 * Counting follows the Civil Code on periods (民法典 第二百零一条: 开始的当日不计入，自下一日开始
 * 计算; 第二百零三条: 最后一日是法定休假日的，以休假日结束的次日为最后一日；有业务时间的，停止业务
 * 活动的时间为截止时间):
 * - The start day is the calendar day of the transfer (or progress report) in Asia/Shanghai. It
 *   is never counted — whatever the time of day, and whether or not it is a working day.
 * - Counting begins with the first working day after the start day. A transfer after office
 *   hours, at night, on a weekend, on a public holiday or on a make-up Saturday (调休上班) all
 *   count from the next working day after that calendar day; a transfer at 08:00 on a working
 *   day and one at 23:00 the same day get the same due time.
 * - Only working days of the centre's calendar count (State Council schedule with 调休, the
 *   region's ethnic holidays, admin overrides — see `calendar.ts`).
 * - The period ends at the close of office hours (tenant setting, default 17:30 Asia/Shanghai)
 *   of its last working day.
 * A due time is `provisional` when any day it was counted across is: an unpublished year's
 * schedule may still move it.
 */
import { type Calendar, shanghaiDate, shanghaiInstant } from './calendar.ts';
import { addDays } from './time.ts';

export { formatShanghai } from './calendar.ts';

/** 问题类别, as in Form A.2. */
export type WorkOrderCategory = 'simple' | 'general' | 'complex';

/** Working days allowed per category; a tenant may change each (办理时限可配置). */
export interface TimeLimits {
  simple: number;
  general: number;
  /** Until the first progress report (反馈办理进度、说明理由). */
  complex: number;
  /** Until each further progress report of a complex order. */
  complexProgressInterval: number;
}

export const DEFAULT_TIME_LIMITS: Readonly<TimeLimits> = {
  simple: 1,
  general: 2,
  complex: 5,
  complexProgressInterval: 5,
};

export const DEFAULT_OFFICE_HOURS_END = '17:30';

export interface PeriodRules {
  /** The centre's calendar (`createCalendar({ region, overrides })`). */
  calendar: Calendar;
  /** Close of office hours, `HH:mm` Asia/Shanghai; default `17:30`. */
  officeHoursEnd?: string;
  /** Tenant limits; a missing entry takes the standard's default. */
  limits?: Partial<TimeLimits>;
}

export interface Deadline {
  dueAt: Date;
  /** The period's last working day, `YYYY-MM-DD` Asia/Shanghai. */
  lastDay: string;
  provisional: boolean;
}

/** The tenant's limits over the defaults; throws if one is not a whole number ≥ 1. */
export function resolveLimits(limits: Partial<TimeLimits> = {}): TimeLimits {
  const resolved = { ...DEFAULT_TIME_LIMITS };
  for (const key of Object.keys(DEFAULT_TIME_LIMITS) as (keyof TimeLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`time limit ${key} must be a whole number of working days ≥ 1: ${value}`);
    }
    resolved[key] = value;
  }
  return resolved;
}

function periodEnd(start: Date, workdays: number, rules: PeriodRules): Deadline {
  const { date: lastDay, provisional } = rules.calendar.addWorkdays(shanghaiDate(start), workdays);
  return {
    dueAt: shanghaiInstant(lastDay, rules.officeHoursEnd ?? DEFAULT_OFFICE_HOURS_END),
    lastDay,
    provisional,
  };
}

/**
 * When a work order transferred at `start` must be answered: the result for simple and
 * general orders, the first progress report for complex ones.
 */
export function dueAt(input: PeriodRules & { start: Date; category: WorkOrderCategory }): Deadline {
  const limits = resolveLimits(input.limits);
  return periodEnd(input.start, limits[input.category], input);
}

/**
 * When the next progress report of a complex order is due, counted from `from` — the
 * instant the last progress report was received — under the same rules as a transfer.
 * To keep a fixed cadence when a report is missing, pass the previous due time as `from`.
 */
export function nextProgressDue(input: PeriodRules & { from: Date }): Deadline {
  const limits = resolveLimits(input.limits);
  return periodEnd(input.from, limits.complexProgressInterval, input);
}

/**
 * Working days left before a due time, as a clerk counts them: 0 on the due day itself, 1 when it
 * is the next working day, and so on. Once the due time has passed, minus the working days since
 * the due day (0 later on the due day itself: overdue, but not yet by a whole working day).
 */
export function workdaysLeft(calendar: Calendar, now: Date, due: Date): number {
  const today = shanghaiDate(now);
  const dueDay = shanghaiDate(due);
  const between = (from: string, to: string) =>
    to <= from ? 0 : calendar.days(addDays(from, 1), to).filter((d) => d.workday).length;
  return now.getTime() <= due.getTime() ? between(today, dueDay) : 0 - between(dueDay, today);
}
