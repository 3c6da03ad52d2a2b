/**
 * Asia/Shanghai wall time. China has had no daylight saving since 1991, so a fixed +08:00
 * offset is exact; nothing here depends on the machine's own time zone.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

function shifted(instant: Date): Date {
  return new Date(instant.getTime() + OFFSET_MS);
}

/** The calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiDate(instant: Date): string {
  return shifted(instant).toISOString().slice(0, 10);
}

/** The year in Asia/Shanghai, `YYYY`. */
export function shanghaiYear(instant: Date): string {
  return shanghaiDate(instant).slice(0, 4);
}

/** ISO-8601 with the +08:00 offset: `2026-10-09T17:30:00+08:00`. */
export function formatShanghai(instant: Date): string {
  return `${shifted(instant).toISOString().slice(0, 19)}+08:00`;
}

/** The instant of `date` at `hhmm` (default midnight) in Asia/Shanghai. */
export function shanghaiInstant(date: string, hhmm = '00:00'): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** The calendar date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
