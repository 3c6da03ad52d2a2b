/**
 * Working-day calendar (工作日历) of a service centre. Pure: no I/O, no wall clock — every
 * instant is passed in. The Asia/Shanghai date helpers it rests on live in `time.ts` and are
 * re-exported here.
 *
 * A day's verdict comes from four layers; the first that speaks wins:
 *   1. admin overrides (`createCalendar({ overrides })`), most specific region first;
 *   2. regional days, most specific region first: a prefecture notice entered by an admin
 *      (`createCalendar({ notices })` with a region) replaces, for its year and region, the
 *      seeded `REGIONAL_DAYS` and the lunar rules of `statutory.ts` (凉山 火把节);
 *   3. the State Council schedule (国务院办公厅关于部分节假日安排的通知: holidays and
 *      weekend make-up working days 调休): a notice entered by an admin for its year, else
 *      the one packaged by `chinese-days`, else — a year nobody has published yet — the
 *      statute's days off and substitute days (`statutoryDays` in `statutory.ts`);
 *   4. Monday–Friday.
 * A day is `provisional` when its verdict may still change: its year has no published State
 * Council schedule (neither packaged, see `NATIONAL_SCHEDULE_YEARS`, nor entered), or a
 * regional row that is itself unconfirmed changes the verdict.
 *
 * Dates are `YYYY-MM-DD` calendar days in Asia/Shanghai.
 */
// The State Council schedule as generated from `chinese-days` (scripts/gen-calendar-data.ts) —
// its table, not the library's functions: those parse 'YYYY-MM-DD' as UTC midnight and format
// back with local-time getters, so `isWorkday('2026-10-08')` answers for 10-07 west of UTC.
import calendarData from '../data/cn-calendar.json' with { type: 'json' };

import { LUNAR_REGIONAL_RULES, lunarRuleDays, STATUTE_FROM_YEAR, statutoryDays } from './statutory.ts';
import { dateOfEpochDay, dayOfWeek, epochDay } from './time.ts';

export {
  formatShanghai,
  shanghaiDate,
  shanghaiInstant,
  shanghaiMonth,
  shanghaiMonthRange,
} from './time.ts';

/** Guards `addWorkdays` against a table that declares every day off. */
const MAX_SCAN_DAYS = 3660;

const REGION_PATTERN = /^\d{2,12}$/;

// ---------------------------------------------------------------------------------------
// State Council schedule (from chinese-days)
// ---------------------------------------------------------------------------------------

interface ScheduledDay {
  workday: boolean;
  name: string;
}

const NATIONAL = new Map<string, ScheduledDay>();
function load(table: Record<string, Record<string, string>>, workday: boolean) {
  for (const [year, names] of Object.entries(table))
    for (const [name, days] of Object.entries(names))
      for (const mmdd of days.split(' '))
        NATIONAL.set(`${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`, { workday, name });
}
load(calendarData.holidays, false);
// Second, so a date listed in both tables is a working day — as the library decides.
load(calendarData.workdays, true);

/**
 * Years whose State Council schedule is in the packaged data (chinese-days 1.5.7: 2004–2026).
 * Derived from the data itself, so upgrading the package extends it. Every published year has
 * at least New Year's Day, so a year with no holiday entry has no published schedule.
 */
export const NATIONAL_SCHEDULE_YEARS: readonly number[] = [
  ...Object.keys(calendarData.holidays).map(Number),
].sort((a, b) => a - b);

const PUBLISHED_YEARS = new Set(NATIONAL_SCHEDULE_YEARS);

// ---------------------------------------------------------------------------------------
// Regional days (民族地区节假日)
// ---------------------------------------------------------------------------------------

/** One row of the regional table: a day off, or a make-up working day, in one region. */
export interface RegionalDay {
  date: string;
  workday: boolean;
  name: string;
  /** Division-code prefix the row applies to: `5134` 凉山州, `5133` 甘孜州, `5132` 阿坝州. */
  region: string;
  /** Not (yet) confirmed by a published notice: days it changes are `provisional`. */
  provisional?: boolean;
}

/**
 * Regional holidays of Sichuan's ethnic autonomous prefectures, per the yearly notice of each
 * prefecture government (《全国年节及纪念日放假办法》: 少数民族习惯的节日，由少数民族聚居地区
 * 的地方人民政府按照各该民族习惯规定放假日期). Edit this table when a notice is published;
 * for one-off corrections use admin overrides instead.
 *
 * Sources (reports of the official notices, retrieved for this table):
 * - 凉山州 2024 彝历新年: 凉山州人民政府办公室关于2024年部分节假日安排的通知 (凉府办函〔2023〕112号):
 *   11月20日至26日放假调休，共7天；11月17日（星期日）、11月30日（星期六）上班。
 * - 凉山州 2025 彝历新年: as reported from the 2025 notice (163.com, dy/article/KBJP7D7G0534ILU4):
 *   11月20日至26日放假调休，共7天；11月16日（周日）、11月29日（周六）上班。
 * - 凉山州 2026 彝历新年: no 2026 notice found. The holiday has been 11-20..11-26 in every notice
 *   seen (2009, 2011, 2017, 2018, 2021, 2023, 2024, 2025), so those days are seeded as
 *   provisional; the make-up working days vary by year and are not guessed.
 * - 甘孜州 / 阿坝州 2026 藏历新年: 藏历火马年初一 is 2026-02-18 (中新社, 2026-01-28, quoting the
 *   Tibetan Hospital's calendar institute). No Ganzi or Aba notice was found. The three main days
 *   are seeded as provisional; they fall inside the national Spring Festival break (02-15..02-23)
 *   and change no working day unless the prefectures extend the break (Lhasa extended it to 02-26).
 * Not seeded for lack of a source for 2025/2026: 凉山 火把节 (农历六月二十四, 7 days),
 * 民族团结进步节 (the day before 火把节) and 州庆 (10-01, usually one extra day after National Day).
 */
export const REGIONAL_DAYS: readonly RegionalDay[] = [
  { date: '2024-11-17', workday: true, name: '彝历新年', region: '5134' },
  { date: '2024-11-20', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-21', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-22', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-23', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-24', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-25', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-26', workday: false, name: '彝历新年', region: '5134' },
  { date: '2024-11-30', workday: true, name: '彝历新年', region: '5134' },

  { date: '2025-11-16', workday: true, name: '彝历新年', region: '5134' },
  { date: '2025-11-20', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-21', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-22', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-23', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-24', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-25', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-26', workday: false, name: '彝历新年', region: '5134' },
  { date: '2025-11-29', workday: true, name: '彝历新年', region: '5134' },

  { date: '2026-11-20', workday: false, name: '彝历新年', region: '5134', provisional: true },
  { date: '2026-11-21', workday: false, name: '彝历新年', region: '5134', provisional: true },
  { date: '2026-11-22', workday: false, name: '彝历新年', region: '5134', provisional: true },
  { date: '2026-11-23', workday: false, name: '彝历新年', region: '5134', provisional: true },
  { date: '2026-11-24', workday: false, name: '彝历新年', region: '5134', provisional: true },
  { date: '2026-11-25', workday: false, name: '彝历新年', region: '5134', provisional: true },
  { date: '2026-11-26', workday: false, name: '彝历新年', region: '5134', provisional: true },

  { date: '2026-02-18', workday: false, name: '藏历新年', region: '5133', provisional: true },
  { date: '2026-02-19', workday: false, name: '藏历新年', region: '5133', provisional: true },
  { date: '2026-02-20', workday: false, name: '藏历新年', region: '5133', provisional: true },
  { date: '2026-02-18', workday: false, name: '藏历新年', region: '5132', provisional: true },
  { date: '2026-02-19', workday: false, name: '藏历新年', region: '5132', provisional: true },
  { date: '2026-02-20', workday: false, name: '藏历新年', region: '5132', provisional: true },
];

// ---------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------

/** An admin's correction of one day; wins over every published schedule. */
export interface CalendarOverride {
  date: string;
  workday: boolean;
  name: string;
  /** Division-code prefix it applies to; undefined = every centre. */
  region?: string;
}

/**
 * A published holiday notice entered by an admin: the State Council's for a year (no
 * region), or a prefecture's (region set). It is the whole year's word: in that year and
 * region, what it does not list is an ordinary weekday or weekend.
 */
export interface PublishedNotice {
  year: number;
  /** Division-code prefix of a prefecture notice; undefined = the State Council's. */
  region?: string;
  daysOff: readonly { date: string; name: string }[];
  workdays: readonly { date: string; name: string }[];
}

export type DayReason =
  | 'weekday'
  | 'weekend'
  | 'holiday'
  | 'makeup_workday'
  | 'regional_holiday'
  | 'override';

export interface DayInfo {
  date: string;
  workday: boolean;
  /**
   * Why: `holiday` / `makeup_workday` (调休上班) from the State Council schedule or, for
   * make-up days, a regional notice; `regional_holiday` from `REGIONAL_DAYS`; `override` from
   * an admin; `weekday` / `weekend` when nothing else speaks.
   */
  reason: DayReason;
  /** Holiday name in Chinese, e.g. 国庆节, 彝历新年. */
  name?: string;
  provisional: boolean;
}

export interface CalendarOptions {
  /**
   * The centre's calendar region: a division-code prefix (`5134`) or the tenant id itself
   * (`513401001`). Regional rows and overrides apply when their region is a prefix of it, so
   * `5134` rows reach every Liangshan centre and no centre in another prefecture.
   * Undefined: national schedule and region-less overrides only.
   */
  region?: string;
  overrides?: readonly CalendarOverride[];
  /** Replaces the seeded `REGIONAL_DAYS` (tests, or a table loaded from storage). */
  regionalDays?: readonly RegionalDay[];
  /** Published notices entered by an admin; each replaces the provisional rows of its year. */
  notices?: readonly PublishedNotice[];
}

export interface Calendar {
  readonly region: string | undefined;
  day(date: string): DayInfo;
  isWorkday(date: string): boolean;
  /** Every day from `from` to `to`, both included. */
  days(from: string, to: string): DayInfo[];
  /**
   * The `n`-th working day after `date` — `date` itself is never counted, working day or
   * not (`n = 0` returns `date`). `provisional` if any day walked past or landed on is.
   */
  addWorkdays(date: string, n: number): { date: string; provisional: boolean };
}

interface Applicable<T> {
  row: T;
  specificity: number;
}

/** Per date, the row of the longest region prefix that covers `region`; later rows win ties. */
function applicableByDate<T extends { date: string; region?: string | undefined }>(
  rows: readonly T[],
  region: string | undefined,
): Map<string, T> {
  const chosen = new Map<string, Applicable<T>>();
  for (const row of rows) {
    epochDay(row.date);
    if (row.region !== undefined) {
      if (!REGION_PATTERN.test(row.region)) {
        throw new RangeError(`not a division-code prefix: ${JSON.stringify(row.region)}`);
      }
      if (region === undefined || !region.startsWith(row.region)) continue;
    }
    const specificity = row.region?.length ?? 0;
    const current = chosen.get(row.date);
    if (!current || specificity >= current.specificity) chosen.set(row.date, { row, specificity });
  }
  return new Map([...chosen].map(([date, { row }]) => [date, row]));
}

function plainDay(date: string, provisional: boolean): DayInfo {
  const weekday = dayOfWeek(date);
  const weekend = weekday === 0 || weekday === 6;
  return { date, workday: !weekend, reason: weekend ? 'weekend' : 'weekday', provisional };
}

/** The statute's days off of each unpublished year, worked out once per process. */
const STATUTORY = new Map<number, Map<string, DayInfo>>();

function statutoryYear(year: number): Map<string, DayInfo> {
  let days = STATUTORY.get(year);
  if (!days) {
    days = new Map(
      statutoryDays(year).map((d) => [
        d.date,
        {
          date: d.date,
          workday: false,
          reason: 'holiday',
          name: d.substitute ? `${d.name}（补假）` : d.name,
          provisional: true,
        } satisfies DayInfo,
      ]),
    );
    STATUTORY.set(year, days);
  }
  return days;
}

/** A notice's verdicts by date; a date listed as both is a working day, as in the package. */
function noticeDays(notice: PublishedNotice): Map<string, { workday: boolean; name: string }> {
  const days = new Map<string, { workday: boolean; name: string }>();
  for (const d of notice.daysOff) days.set(d.date, { workday: false, name: d.name });
  for (const d of notice.workdays) days.set(d.date, { workday: true, name: d.name });
  return days;
}

function nationalDay(
  date: string,
  entered: Map<number, Map<string, { workday: boolean; name: string }>>,
): DayInfo {
  const year = Number(date.slice(0, 4));
  const notice = entered.get(year);
  const scheduled = notice ? notice.get(date) : NATIONAL.get(date);
  if (scheduled) {
    return {
      date,
      workday: scheduled.workday,
      reason: scheduled.workday ? 'makeup_workday' : 'holiday',
      name: scheduled.name,
      provisional: false,
    };
  }
  if (notice || PUBLISHED_YEARS.has(year)) return plainDay(date, false);
  return statutoryYear(year).get(date) ?? plainDay(date, true);
}

/**
 * The regional rows of one year: the seeded table and the lunar rules, except under a region
 * whose notice for the year was entered — there the notice's rows instead.
 */
function regionalRowsOf(
  year: number,
  seeded: readonly RegionalDay[],
  notices: readonly PublishedNotice[],
): RegionalDay[] {
  const published = notices.filter((n) => n.year === year && n.region !== undefined);
  const replaced = (region: string) => published.some((n) => region.startsWith(n.region!));
  const prefix = `${year}-`;
  const rows = seeded.filter((r) => r.date.startsWith(prefix) && !replaced(r.region));
  if (year >= STATUTE_FROM_YEAR) {
    for (const rule of LUNAR_REGIONAL_RULES) {
      if (replaced(rule.region)) continue;
      for (const date of lunarRuleDays(rule, year)) {
        rows.push({ date, workday: false, name: rule.name, region: rule.region, provisional: true });
      }
    }
  }
  // Less specific notices first, so a county's own notice wins over its prefecture's.
  for (const n of [...published].sort((a, b) => a.region!.length - b.region!.length)) {
    for (const [date, d] of noticeDays(n)) rows.push({ date, ...d, region: n.region! });
  }
  return rows;
}

/** The working-day calendar of one centre (or of no region: the national schedule). */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  const { region } = options;
  if (region !== undefined && !REGION_PATTERN.test(region)) {
    throw new RangeError(`calendar region must be a division code or prefix: ${JSON.stringify(region)}`);
  }
  const overrides = applicableByDate(options.overrides ?? [], region);
  const seeded = options.regionalDays ?? REGIONAL_DAYS;
  const notices = options.notices ?? [];
  // Validates every row and region now, not when a day of its year is first asked for.
  applicableByDate(seeded, region);
  applicableByDate(
    notices.flatMap((n) => [...n.daysOff, ...n.workdays].map((d) => ({ date: d.date, region: n.region }))),
    region,
  );
  const entered = new Map(notices.filter((n) => n.region === undefined).map((n) => [n.year, noticeDays(n)]));
  const regionalByYear = new Map<number, Map<string, RegionalDay>>();
  const regionalOf = (year: number) => {
    let rows = regionalByYear.get(year);
    if (!rows) {
      rows = applicableByDate(regionalRowsOf(year, seeded, notices), region);
      regionalByYear.set(year, rows);
    }
    return rows;
  };

  function day(date: string): DayInfo {
    epochDay(date);
    const override = overrides.get(date);
    if (override) {
      return { date, workday: override.workday, reason: 'override', name: override.name, provisional: false };
    }
    const base = nationalDay(date, entered);
    const row = regionalOf(Number(date.slice(0, 4))).get(date);
    if (!row) return base;
    // An unconfirmed row that agrees with the national verdict leaves it as certain as it was.
    if (row.provisional && row.workday === base.workday) return base;
    return {
      date,
      workday: row.workday,
      reason: row.workday ? 'makeup_workday' : 'regional_holiday',
      name: row.name,
      provisional: row.provisional ?? false,
    };
  }

  return {
    region,
    day,
    isWorkday: (date) => day(date).workday,
    days(from, to) {
      const first = epochDay(from);
      const last = epochDay(to);
      if (last < first) throw new RangeError(`range ends before it starts: ${from}..${to}`);
      const result: DayInfo[] = [];
      for (let n = first; n <= last; n++) result.push(day(dateOfEpochDay(n)));
      return result;
    },
    addWorkdays(date, n) {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(`working-day count must be a whole number ≥ 0: ${n}`);
      }
      const start = epochDay(date);
      let current = start;
      let counted = 0;
      let provisional = false;
      while (counted < n) {
        current += 1;
        if (current - start > MAX_SCAN_DAYS) {
          throw new RangeError(`no ${n} working days within ${MAX_SCAN_DAYS} days after ${date}`);
        }
        const info = day(dateOfEpochDay(current));
        provisional ||= info.provisional;
        if (info.workday) counted += 1;
      }
      return { date: dateOfEpochDay(current), provisional };
    },
  };
}
