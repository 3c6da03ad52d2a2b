/** What scripts/gen-calendar-data.ts writes, computed from `chinese-days` (see there). */
import chineseDays from 'chinese-days';
import nationalSchedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, shanghaiInstant } from '../../shared/domain/time.ts';

/** Lunar years in the table: from the first published schedule (the tests check the table against every published year) to the package's last. */
export const LUNAR_FROM = 2004;
export const LUNAR_TO = 2099;

/** Days by year, then by name: `{"2026": {"元旦": "0101 0102 0103"}}`. */
export type DaysByYear = Record<string, Record<string, string>>;

export interface CalendarData {
  source: string;
  holidays: DaysByYear;
  workdays: DaysByYear;
  lunarFrom: number;
  /**
   * Per lunar year from `lunarFrom`: `MMDD` of 正月初一 (in the same Gregorian year), the months'
   * lengths in order as `0` (29 days) / `1` (30 days), and the number of the month a leap month
   * follows (0: none) — the classic compact lunar table.
   */
  lunar: [string, string, number][];
  /** 清明 per Gregorian year from `lunarFrom + 1`, `MMDD`. */
  qingming: Record<string, string>;
}

/** The package labels days "English,中文,n" (e.g. "National Day,国庆节,3"); keep the Chinese. */
const chinese = (label: string) => label.split(',')[1] ?? label;

export function calendarData(): CalendarData {
  const pick = (table: Record<string, string>) => {
    const out: DaysByYear = {};
    for (const [date, label] of Object.entries(table).sort(([a], [b]) => a.localeCompare(b))) {
      const year = out[date.slice(0, 4)] ?? {};
      out[date.slice(0, 4)] = year;
      const name = chinese(label);
      const mmdd = date.slice(5).replace('-', '');
      year[name] = year[name] ? `${year[name]} ${mmdd}` : mmdd;
    }
    return out;
  };

  // Every first day of a lunar month from the lunar new year of LUNAR_FROM to that of LUNAR_TO + 1.
  const starts: { date: string; year: number; month: number; leap: boolean }[] = [];
  for (let date = `${LUNAR_FROM}-01-01`; date <= `${LUNAR_TO + 1}-03-01`; date = addDays(date, 1)) {
    const l = chineseDays.getLunarDate(shanghaiInstant(date, '12:00'));
    if (l.lunarDay === 1) starts.push({ date, year: l.lunarYear, month: l.lunarMon, leap: l.isLeap });
  }
  const days = (a: string, b: string) =>
    (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
  const lunar: CalendarData['lunar'] = [];
  for (let year = LUNAR_FROM; year <= LUNAR_TO; year++) {
    const months = starts
      .map((s, i) => ({ ...s, next: starts[i + 1] }))
      .filter((s) => s.year === year && s.next);
    const first = months[0];
    if (first?.month !== 1 || first.leap) throw new Error(`lunar year ${year} does not start at 正月`);
    const lengths = months.map((m) => {
      const n = days(m.date, m.next!.date);
      if (n !== 29 && n !== 30) throw new Error(`lunar ${year}-${m.month} has ${n} days`);
      return n === 30 ? '1' : '0';
    });
    const leap = months.findIndex((m) => m.leap);
    if (months.filter((m) => m.leap).length > 1) throw new Error(`lunar ${year} has two leap months`);
    if (first.date.slice(0, 4) !== String(year)) throw new Error(`lunar ${year} starts in another year`);
    lunar.push([
      first.date.slice(5).replace('-', ''),
      lengths.join(''),
      leap < 0 ? 0 : months[leap - 1]!.month,
    ]);
  }
  const qingming: Record<string, string> = {};
  for (let year = LUNAR_FROM + 1; year <= LUNAR_TO; year++) {
    const reported = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
    // West of UTC the library's local-time formatting writes UTC midnight as the day before.
    const westOfUtc = new Date(Date.UTC(year, 3, 5)).getTimezoneOffset() > 0;
    qingming[year] = (westOfUtc ? addDays(reported, 1) : reported).slice(5).replace('-', '');
  }
  return {
    source: 'chinese-days',
    holidays: pick(nationalSchedule.holidays as Record<string, string>),
    workdays: pick(nationalSchedule.workdays as Record<string, string>),
    lunarFrom: LUNAR_FROM,
    lunar,
    qingming,
  };
}
