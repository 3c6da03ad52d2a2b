/**
 * Asia/Shanghai wall time and calendar-day arithmetic — the one owner of these helpers
 * (`calendar.ts` re-exports them). China has had no daylight saving since 1991, so a fixed
 * +08:00 offset is exact; nothing here depends on the machine's own time zone.
 *
 * Dates are `YYYY-MM-DD` calendar days. Every helper that takes a date or a time of day
 * checks it and throws a RangeError on anything that is not one, rather than computing with
 * an Invalid Date.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** As `toISOString` writes a day: 4-digit years, or ±6 digits outside 0000–9999. */
const DATE_PATTERN = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const HHMM_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

function instantMs(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return ms;
}

function shifted(instant: Date): Date {
  return new Date(instantMs(instant) + OFFSET_MS);
}

/** Midnight UTC of year/month/day; `setUTCFullYear`, unlike `Date.UTC`, keeps years 0–99 as given. */
function utcMidnight(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws on anything that is not a real date. */
export function epochDay(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match) {
    const n = utcMidnight(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
    if (dateOfEpochDay(n) === date) return n;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

/** The `YYYY-MM-DD` date `n` days after 1970-01-01. */
export function dateOfEpochDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, -14);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday.
  return (((epochDay(date) + 4) % 7) + 7) % 7;
}

/** The calendar date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}

/** The calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiDate(instant: Date): string {
  return shifted(instant).toISOString().slice(0, 10);
}

/** The year in Asia/Shanghai, `YYYY`. */
export function shanghaiYear(instant: Date): string {
  return shanghaiDate(instant).slice(0, 4);
}

/** The month in Asia/Shanghai, `YYYY-MM`. */
export function shanghaiMonth(instant: Date): string {
  return shanghaiDate(instant).slice(0, 7);
}

/**
 * ISO-8601 with the +08:00 offset, to the second: `2026-10-09T17:30:00+08:00`. Milliseconds
 * are dropped (truncated): the API writes every time to the second.
 */
export function formatShanghai(instant: Date): string {
  return `${shifted(instant).toISOString().slice(0, 19)}+08:00`;
}

/** The instant of `date` at wall time `hhmm` (`HH:mm`, 24-hour; default midnight) in Asia/Shanghai. */
export function shanghaiInstant(date: string, hhmm = '00:00'): Date {
  const time = HHMM_PATTERN.exec(hhmm);
  if (!time) throw new RangeError(`not a time of day (HH:mm): ${JSON.stringify(hhmm)}`);
  const minutes = Number(time[1]) * 60 + Number(time[2]);
  return new Date(epochDay(date) * DAY_MS + minutes * 60_000 - OFFSET_MS);
}

/**
 * The half-open interval [start, end) of a month (`YYYY-MM`) in Asia/Shanghai: `start` is
 * 00:00 on the 1st, `end` is 00:00 on the 1st of the next month — both Shanghai midnights,
 * i.e. 16:00 UTC the day before.
 */
export function shanghaiMonthRange(month: string): { start: Date; end: Date } {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return {
    start: new Date(utcMidnight(year, monthIndex, 1) - OFFSET_MS),
    end: new Date(utcMidnight(year, monthIndex + 1, 1) - OFFSET_MS),
  };
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  return shanghaiMonth(new Date(shanghaiMonthRange(month).start.getTime() - 1));
}
