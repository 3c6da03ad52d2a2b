/**
 * Dates and times as printed on the forms: Asia/Shanghai, e.g. `2026年10月09日 17:30`.
 *
 * China has had one fixed offset (+08:00, no daylight saving) since 1991, so the conversion is
 * plain arithmetic on the ISO string; no `Date`, no time-zone database, no dependence on the
 * machine's zone. Anything that does not parse is returned as it came (the caller escapes it).
 */

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MINUTES_PER_DAY = 24 * 60;

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function offsetMinutes(designator: string): number {
  if (designator.toUpperCase() === 'Z') return 0;
  const sign = designator.startsWith('-') ? -1 : 1;
  const digits = designator.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** `2026-10-09T09:30:00Z` → `2026年10月09日 17:30` (Asia/Shanghai). */
export function formatDateTime(iso: string): string {
  const m = ISO_DATE_TIME.exec(iso.trim());
  if (!m) return iso;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const utcMinutes =
    daysFromCivil(year, month, day) * MINUTES_PER_DAY + hour * 60 + minute - offsetMinutes(m[7] ?? 'Z');
  const local = utcMinutes + SHANGHAI_OFFSET_MINUTES;
  const days = Math.floor(local / MINUTES_PER_DAY);
  const ofDay = local - days * MINUTES_PER_DAY;
  const date = civilFromDays(days);
  return `${formatYmd(date.year, date.month, date.day)} ${pad2(Math.floor(ofDay / 60))}:${pad2(ofDay % 60)}`;
}

/** `2026-10-09` → `2026年10月09日`; a full ISO time is first converted to Asia/Shanghai. */
export function formatDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate.trim());
  if (m) return formatYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  const dateTime = formatDateTime(isoDate);
  return dateTime === isoDate ? isoDate : dateTime.slice(0, dateTime.indexOf(' '));
}

function formatYmd(year: number, month: number, day: number): string {
  return `${year}年${pad2(month)}月${pad2(day)}日`;
}
