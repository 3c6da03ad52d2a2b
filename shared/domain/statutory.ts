/**
 * The statutory holidays (法定节假日) of a year whose State Council schedule is not published
 * yet, and the regional days fixed by a lunar rule: the provisional layer of `calendar.ts`.
 * Pure: no I/O, no wall clock.
 *
 * 《全国年节及纪念日放假办法》 as amended by State Council Decree No. 795 (in force 2025-01-01),
 * article 2 — days off for every citizen: 元旦 1 day (1 January); 春节 4 days (农历除夕 to 正月
 * 初三); 清明节 1 day (the day of the solar term); 劳动节 2 days (1–2 May); 端午节 1 day (农历五月
 * 初五); 中秋节 1 day (农历八月十五); 国庆节 3 days (1–3 October). Article 6: a day off of article 2
 * that falls on a Saturday or Sunday is given back (补假) on a working day; like every notice
 * since, it is placed on the first working days after that holiday. Weekend make-up working days
 * (调休上班) are the yearly notice's choice and are never guessed here.
 *
 * Lunar dates come from the compact lunar table in shared/data/cn-calendar.json (each lunar
 * year's 正月初一 and month lengths, generated from `chinese-days` by scripts/gen-calendar-data.ts
 * and checked against it day by day in a test): pure day arithmetic, no time zone, no library in
 * the bundle.
 */
import calendarData from '../data/cn-calendar.json' with { type: 'json' };
import { addDays, dateOfEpochDay, dayOfWeek, epochDay } from './time.ts';

/** The first year the amended statute (4-day 春节 from 除夕, 2-day 劳动节) governs. */
export const STATUTE_FROM_YEAR = 2025;

const FIRST_LUNAR_YEAR = calendarData.lunarFrom;
/** The last lunar year the table covers. */
const LAST_LUNAR_YEAR = FIRST_LUNAR_YEAR + calendarData.lunar.length - 1;

interface LunarMonth {
  month: number;
  leap: boolean;
  /** Epoch day of its first day. */
  start: number;
  days: number;
}

/** The months of lunar year `year` with their first days, from the table. */
function lunarMonths(year: number): LunarMonth[] {
  const row = calendarData.lunar[year - FIRST_LUNAR_YEAR];
  if (!row)
    throw new RangeError(`lunar year ${year} is outside the table (${FIRST_LUNAR_YEAR}–${LAST_LUNAR_YEAR})`);
  const [newYear, lengths, leapAfter] = row as [string, string, number];
  let start = epochDay(`${year}-${newYear.slice(0, 2)}-${newYear.slice(2)}`);
  let month = 0;
  let leap = false;
  return [...lengths].map((bit) => {
    if (leapAfter !== 0 && month === leapAfter && !leap) leap = true;
    else {
      month++;
      leap = false;
    }
    const m = { month, leap, start, days: bit === '1' ? 30 : 29 };
    start += m.days;
    return m;
  });
}

export interface StatutoryDay {
  date: string;
  name: string;
  /** A substitute day off (补假) for a holiday that fell on a weekend. */
  substitute?: boolean;
}

interface LunarDay {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** The lunar date of a calendar day (Asia/Shanghai). */
export function lunarDateOf(date: string): LunarDay {
  const day = epochDay(date);
  const gregorian = Number(date.slice(0, 4));
  // The lunar year of that number starts between 21 January and 20 February; before it, the
  // day belongs to the previous lunar year.
  for (const year of [gregorian, gregorian - 1]) {
    if (year < FIRST_LUNAR_YEAR || year > LAST_LUNAR_YEAR) continue;
    const months = lunarMonths(year);
    if (day < months[0]!.start) continue;
    const m = months.find((x) => day < x.start + x.days);
    if (m) return { year, month: m.month, day: day - m.start + 1, leap: m.leap };
  }
  throw new RangeError(`${date} is outside the lunar table (${FIRST_LUNAR_YEAR}–${LAST_LUNAR_YEAR})`);
}

/** The solar date of lunar `month`/`day` (not a leap month) in lunar year `lunarYear`. */
export function solarDateOfLunar(lunarYear: number, month: number, day: number): string {
  const m = lunarMonths(lunarYear).find((x) => x.month === month && !x.leap);
  if (!m || day < 1 || day > m.days) throw new RangeError(`no lunar ${lunarYear}-${month}-${day}`);
  return dateOfEpochDay(m.start + day - 1);
}

/** 正月初一 of lunar year `year`: always between 21 January and 20 February. */
export function lunarNewYear(year: number): string {
  return dateOfEpochDay(lunarMonths(year)[0]!.start);
}

/** 清明: the day of the solar term 清明 (4–6 April). */
export function qingming(year: number): string {
  const mmdd = (calendarData.qingming as Record<string, string>)[year];
  if (!mmdd) throw new RangeError(`清明 of ${year} is outside the table`);
  return `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
}

const isWeekend = (date: string) => {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
};

/**
 * The statutory days off of `year` under the amended statute, with their substitute days
 * (补假), in date order. Empty before `STATUTE_FROM_YEAR` (published years cover those) and
 * beyond the lunar tables.
 */
export function statutoryDays(year: number): StatutoryDay[] {
  if (year < STATUTE_FROM_YEAR || year > LAST_LUNAR_YEAR) return [];
  const newYear = lunarNewYear(year);
  const holidays: { name: string; dates: string[] }[] = [
    { name: '元旦', dates: [`${year}-01-01`] },
    { name: '春节', dates: [addDays(newYear, -1), newYear, addDays(newYear, 1), addDays(newYear, 2)] },
    { name: '清明节', dates: [qingming(year)] },
    { name: '劳动节', dates: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', dates: [solarDateOfLunar(year, 5, 5)] },
    { name: '中秋节', dates: [solarDateOfLunar(year, 8, 15)] },
    { name: '国庆节', dates: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];
  const off = new Map<string, StatutoryDay>();
  for (const h of holidays)
    for (const date of h.dates) if (!off.has(date)) off.set(date, { date, name: h.name });
  // In date order, so a holiday's substitute days skip over a holiday right after it (中秋 by 国庆).
  for (const h of [...holidays].sort((a, b) => a.dates[0]!.localeCompare(b.dates[0]!))) {
    let owed = h.dates.filter(isWeekend).length;
    let date = h.dates.at(-1)!;
    while (owed > 0) {
      date = addDays(date, 1);
      if (isWeekend(date) || off.has(date)) continue;
      off.set(date, { date, name: h.name, substitute: true });
      owed--;
    }
  }
  return [...off.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** A regional holiday fixed by a lunar date, for the years its prefecture has not published. */
export interface LunarRegionalRule {
  name: string;
  /** Division-code prefix: `5134` 凉山州. */
  region: string;
  lunarMonth: number;
  lunarDay: number;
  /** Calendar days off from the lunar date on, weekends included. */
  days: number;
}

/**
 * 凉山州 火把节 starts on 农历六月二十四; every prefecture notice seen gives 7 days from it
 * (放假调休，共7天: 2021 08-02..08-08, 2023 08-10..08-16, 2024 07-29..08-04). Its make-up
 * working days vary by year and are not guessed. 藏历新年 is not a rule here: where it falls
 * with the lunar new year the national Spring Festival already covers it.
 */
export const LUNAR_REGIONAL_RULES: readonly LunarRegionalRule[] = [
  { name: '火把节', region: '5134', lunarMonth: 6, lunarDay: 24, days: 7 },
];

/** The days off `rule` gives in `year` (by the lunar year of that number). */
export function lunarRuleDays(rule: LunarRegionalRule, year: number): string[] {
  if (year > LAST_LUNAR_YEAR) return [];
  const first = solarDateOfLunar(year, rule.lunarMonth, rule.lunarDay);
  return Array.from({ length: rule.days }, (_, i) => addDays(first, i));
}
