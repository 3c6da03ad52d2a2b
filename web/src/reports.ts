/** Months and rates as the report screens show them; months are Asia/Shanghai calendar months. */
import { shanghaiMonth, shanghaiMonthRange } from '../../shared/domain/time.ts';

/** The month before `month` (`2026-01` → `2025-12`). */
export function previousMonth(month: string): string {
  return shanghaiMonth(new Date(shanghaiMonthRange(month).start.getTime() - 1));
}

/** Last month in Asia/Shanghai, by the browser's clock: the latest bulletin there can be. */
export function lastMonth(now = new Date()): string {
  return previousMonth(shanghaiMonth(now));
}

/** The `n` months before `month`, oldest first. */
export function monthsBefore(month: string, n: number): string[] {
  const months: string[] = [];
  for (let m = month; months.length < n; ) {
    m = previousMonth(m);
    months.unshift(m);
  }
  return months;
}

/** `2026年10月` */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** A share (0–1) as `85.7%`; nothing to count is `—`. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
