import cd from 'chinese-days';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as calendarModule from '../../shared/domain/calendar.ts';
import {
  type CalendarOverride,
  createCalendar,
  type DayInfo,
  NATIONAL_SCHEDULE_YEARS,
} from '../../shared/domain/calendar.ts';
import * as time from '../../shared/domain/time.ts';
import {
  addDays,
  epochDay,
  formatShanghai,
  shanghaiDate,
  shanghaiInstant,
  shanghaiMonth,
  shanghaiMonthRange,
  shanghaiYear,
} from '../../shared/domain/time.ts';

const LIANGSHAN_CENTRE = '513401001';
const CHENGDU_CENTRE = '510104001';
const GANZI_CENTRE = '513301001';

type Expected = Pick<DayInfo, 'workday' | 'reason' | 'provisional'> & { name?: string };

describe('national schedule', () => {
  it('covers exactly the years chinese-days publishes, 2004 to 2026, without gaps', () => {
    // Prepare
    const expected = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);

    // Act
    const years = NATIONAL_SCHEDULE_YEARS;

    // Assert
    expect(years).toEqual(expected);
  });

  it('agrees with chinese-days on every day of every published year', () => {
    // Prepare: local-midnight Dates, which the library reads correctly in any machine time zone.
    const calendar = createCalendar();
    const disagreements: string[] = [];

    // Act
    for (const year of NATIONAL_SCHEDULE_YEARS) {
      for (let day = new Date(year, 0, 1); day.getFullYear() === year; day.setDate(day.getDate() + 1)) {
        const date = `${year}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
        if (calendar.isWorkday(date) !== cd.isWorkday(new Date(day))) disagreements.push(date);
      }
    }

    // Assert
    expect(disagreements).toEqual([]);
  });

  const cases: [string, string, Expected][] = [
    [
      'National Day 2026 starts on 10-01',
      '2026-10-01',
      { workday: false, reason: 'holiday', name: '国庆节', provisional: false },
    ],
    [
      'National Day 2026 ends on 10-07',
      '2026-10-07',
      { workday: false, reason: 'holiday', name: '国庆节', provisional: false },
    ],
    [
      'the day after National Day is an ordinary Thursday',
      '2026-10-08',
      { workday: true, reason: 'weekday', provisional: false },
    ],
    [
      'Sunday 2026-09-20 is a National Day make-up working day',
      '2026-09-20',
      { workday: true, reason: 'makeup_workday', name: '国庆节', provisional: false },
    ],
    [
      'Saturday 2026-10-10 is a National Day make-up working day',
      '2026-10-10',
      { workday: true, reason: 'makeup_workday', name: '国庆节', provisional: false },
    ],
    [
      'Saturday 2026-02-14 is a Spring Festival make-up working day',
      '2026-02-14',
      { workday: true, reason: 'makeup_workday', name: '春节', provisional: false },
    ],
    [
      'Spring Festival 2026 starts on 02-15',
      '2026-02-15',
      { workday: false, reason: 'holiday', name: '春节', provisional: false },
    ],
    [
      'Spring Festival 2026 ends on 02-23',
      '2026-02-23',
      { workday: false, reason: 'holiday', name: '春节', provisional: false },
    ],
    [
      'Saturday 2026-02-28 is a Spring Festival make-up working day',
      '2026-02-28',
      { workday: true, reason: 'makeup_workday', name: '春节', provisional: false },
    ],
    [
      'an ordinary Saturday is a weekend',
      '2026-03-07',
      { workday: false, reason: 'weekend', provisional: false },
    ],
    [
      'New Year 2027, whose schedule is unpublished, is a provisional statutory day off',
      '2027-01-01',
      { workday: false, reason: 'holiday', name: '元旦', provisional: true },
    ],
    [
      'an ordinary weekday of 2027 is a provisional working day',
      '2027-01-05',
      { workday: true, reason: 'weekday', provisional: true },
    ],
    [
      'a Saturday of 2027 is a provisional weekend',
      '2027-01-02',
      { workday: false, reason: 'weekend', provisional: true },
    ],
    [
      'the last day of 2026 is certain',
      '2026-12-31',
      { workday: true, reason: 'weekday', provisional: false },
    ],
  ];

  it.each(cases)('%s', (_title, date, expected) => {
    // Prepare
    const calendar = createCalendar({ region: CHENGDU_CENTRE });

    // Act
    const info = calendar.day(date);

    // Assert
    expect(info).toEqual({ date, ...expected });
  });
});

describe('regional days', () => {
  const cases: [string, string, string, Expected][] = [
    [
      '彝历新年 2025 is a day off for a Liangshan centre',
      LIANGSHAN_CENTRE,
      '2025-11-20',
      { workday: false, reason: 'regional_holiday', name: '彝历新年', provisional: false },
    ],
    [
      '彝历新年 2025 is a working day for its neighbour in Chengdu',
      CHENGDU_CENTRE,
      '2025-11-20',
      { workday: true, reason: 'weekday', provisional: false },
    ],
    [
      '彝历新年 2025 is a working day in Ganzi, another prefecture',
      GANZI_CENTRE,
      '2025-11-20',
      { workday: true, reason: 'weekday', provisional: false },
    ],
    [
      'the prefecture code alone selects the Liangshan days',
      '5134',
      '2025-11-24',
      { workday: false, reason: 'regional_holiday', name: '彝历新年', provisional: false },
    ],
    [
      'a county code inside Liangshan selects them too',
      '513431',
      '2025-11-24',
      { workday: false, reason: 'regional_holiday', name: '彝历新年', provisional: false },
    ],
    [
      'the province code does not reach down to Liangshan days',
      '51',
      '2025-11-24',
      { workday: true, reason: 'weekday', provisional: false },
    ],
    [
      'Sunday 2025-11-16 is a make-up working day in Liangshan',
      LIANGSHAN_CENTRE,
      '2025-11-16',
      { workday: true, reason: 'makeup_workday', name: '彝历新年', provisional: false },
    ],
    [
      'Sunday 2025-11-16 stays a weekend in Chengdu',
      CHENGDU_CENTRE,
      '2025-11-16',
      { workday: false, reason: 'weekend', provisional: false },
    ],
    [
      '彝历新年 2026, not yet confirmed by a notice, is a provisional day off',
      LIANGSHAN_CENTRE,
      '2026-11-20',
      { workday: false, reason: 'regional_holiday', name: '彝历新年', provisional: true },
    ],
    [
      'an unconfirmed regional day off on a weekend leaves the weekend certain',
      LIANGSHAN_CENTRE,
      '2026-11-21',
      { workday: false, reason: 'weekend', provisional: false },
    ],
    [
      '藏历新年 2026 inside the Spring Festival break leaves the national holiday certain',
      GANZI_CENTRE,
      '2026-02-18',
      { workday: false, reason: 'holiday', name: '春节', provisional: false },
    ],
  ];

  it.each(cases)('%s', (_title, region, date, expected) => {
    // Prepare
    const calendar = createCalendar({ region });

    // Act
    const info = calendar.day(date);

    // Assert
    expect(info).toEqual({ date, ...expected });
  });

  it('a calendar without a region ignores every regional day', () => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const info = calendar.day('2025-11-20');

    // Assert
    expect(info.workday).toBe(true);
  });

  it('takes a replacement regional table', () => {
    // Prepare
    const calendar = createCalendar({
      region: '513201001',
      regionalDays: [{ date: '2026-03-02', workday: false, name: '测试节', region: '5132' }],
    });

    // Act
    const info = calendar.day('2026-03-02');

    // Assert
    expect(info).toEqual({
      date: '2026-03-02',
      workday: false,
      reason: 'regional_holiday',
      name: '测试节',
      provisional: false,
    });
  });
});

describe('admin overrides', () => {
  const overrides: CalendarOverride[] = [
    { date: '2026-03-12', workday: false, name: '抗震救灾停止办公' },
    { date: '2026-03-14', workday: true, name: '集中攻坚上班', region: '5101' },
    { date: '2025-11-20', workday: true, name: '彝历新年值班', region: '513401' },
    { date: '2026-06-01', workday: false, name: '全省停电', region: '51' },
    { date: '2026-06-01', workday: true, name: '成都照常上班', region: '5101' },
    { date: '2027-01-04', workday: false, name: '提前公布的安排' },
  ];

  const cases: [string, string, string, Expected][] = [
    [
      'a region-less override makes a weekday a day off everywhere',
      LIANGSHAN_CENTRE,
      '2026-03-12',
      { workday: false, reason: 'override', name: '抗震救灾停止办公', provisional: false },
    ],
    [
      'an override makes a Saturday a working day in its region',
      CHENGDU_CENTRE,
      '2026-03-14',
      { workday: true, reason: 'override', name: '集中攻坚上班', provisional: false },
    ],
    [
      'an override for Chengdu leaves the Liangshan Saturday off',
      LIANGSHAN_CENTRE,
      '2026-03-14',
      { workday: false, reason: 'weekend', provisional: false },
    ],
    [
      'an override wins over a seeded regional holiday',
      LIANGSHAN_CENTRE,
      '2025-11-20',
      { workday: true, reason: 'override', name: '彝历新年值班', provisional: false },
    ],
    [
      'the most specific override wins',
      CHENGDU_CENTRE,
      '2026-06-01',
      { workday: true, reason: 'override', name: '成都照常上班', provisional: false },
    ],
    [
      'a broader override applies where no specific one does',
      LIANGSHAN_CENTRE,
      '2026-06-01',
      { workday: false, reason: 'override', name: '全省停电', provisional: false },
    ],
    [
      'an override settles a day of an unpublished year',
      CHENGDU_CENTRE,
      '2027-01-04',
      { workday: false, reason: 'override', name: '提前公布的安排', provisional: false },
    ],
  ];

  it.each(cases)('%s', (_title, region, date, expected) => {
    // Prepare
    const calendar = createCalendar({ region, overrides });

    // Act
    const info = calendar.day(date);

    // Assert
    expect(info).toEqual({ date, ...expected });
  });

  it('later overrides of the same date and region win', () => {
    // Prepare
    const calendar = createCalendar({
      overrides: [
        { date: '2026-03-16', workday: false, name: '第一次' },
        { date: '2026-03-16', workday: true, name: '更正' },
      ],
    });

    // Act
    const info = calendar.day('2026-03-16');

    // Assert
    expect(info.name).toBe('更正');
  });
});

describe('addWorkdays', () => {
  const cases: [string, string | undefined, string, number, { date: string; provisional: boolean }][] = [
    [
      'the day before National Day plus one is the day after it',
      undefined,
      '2026-09-30',
      1,
      { date: '2026-10-08', provisional: false },
    ],
    [
      'five working days across National Day count the make-up Saturday',
      undefined,
      '2026-09-30',
      5,
      { date: '2026-10-13', provisional: false },
    ],
    [
      'counting from inside a holiday starts after it',
      undefined,
      '2026-10-03',
      1,
      { date: '2026-10-08', provisional: false },
    ],
    [
      'counting from a make-up Saturday does not count that Saturday',
      undefined,
      '2026-10-10',
      1,
      { date: '2026-10-12', provisional: false },
    ],
    [
      'counting across Spring Festival uses both make-up Saturdays',
      undefined,
      '2026-02-13',
      2,
      { date: '2026-02-24', provisional: false },
    ],
    [
      'zero working days is the date itself',
      undefined,
      '2026-10-03',
      0,
      { date: '2026-10-03', provisional: false },
    ],
    [
      'counting into 2027 skips its statutory New Year and is provisional',
      undefined,
      '2026-12-31',
      1,
      { date: '2027-01-04', provisional: true },
    ],
    [
      'a Liangshan centre skips 彝历新年',
      LIANGSHAN_CENTRE,
      '2025-11-19',
      1,
      { date: '2025-11-27', provisional: false },
    ],
    [
      'a Chengdu centre does not',
      CHENGDU_CENTRE,
      '2025-11-19',
      1,
      { date: '2025-11-20', provisional: false },
    ],
    [
      'skipping an unconfirmed regional holiday is provisional',
      LIANGSHAN_CENTRE,
      '2026-11-19',
      1,
      { date: '2026-11-27', provisional: true },
    ],
  ];

  it.each(cases)('%s', (_title, region, date, n, expected) => {
    // Prepare
    const calendar = createCalendar({ region });

    // Act
    const result = calendar.addWorkdays(date, n);

    // Assert
    expect(result).toEqual(expected);
  });

  it.each([-1, 1.5, Number.NaN])('rejects the count %s', (n) => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const act = () => calendar.addWorkdays('2026-10-01', n);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('gives up instead of looping when no working day ever comes', () => {
    // Prepare
    const everyDay = createCalendar().days('2026-01-01', '2036-12-31');
    const blocked = createCalendar({
      overrides: everyDay.map((day) => ({ date: day.date, workday: false, name: '停止办公' })),
    });

    // Act
    const act = () => blocked.addWorkdays('2026-01-01', 1);

    // Assert
    expect(act).toThrow(/no 1 working days/);
  });
});

describe('days', () => {
  it('lists every day of the range, both ends included', () => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const days = calendar.days('2026-09-28', '2026-10-11');

    // Assert
    expect(days.map((d) => d.date)).toHaveLength(14);
    expect(days.filter((d) => d.workday).map((d) => d.date)).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });

  it('crosses a month end and a leap day', () => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const days = calendar.days('2028-02-28', '2028-03-01');

    // Assert
    expect(days.map((d) => d.date)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('rejects a range that ends before it starts', () => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const act = () => calendar.days('2026-10-02', '2026-10-01');

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('invalid input', () => {
  it.each(['2026-02-30', '2026-2-3', '2026-13-01', '', '2026-10-01T00:00'])('rejects the date %j', (date) => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const act = () => calendar.day(date);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it.each(['abc', '5', '5134-01'])('rejects the region %j', (region) => {
    // Act
    const act = () => createCalendar({ region });

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('rejects an override with an impossible date', () => {
    // Act
    const act = () => createCalendar({ overrides: [{ date: '2026-04-31', workday: false, name: 'x' }] });

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('Asia/Shanghai helpers', () => {
  const dateCases: [string, string, string][] = [
    ['16:00 UTC is already the next day in Shanghai', '2026-10-31T16:00:00Z', '2026-11-01'],
    ['15:59 UTC is still the same day in Shanghai', '2026-10-31T15:59:59Z', '2026-10-31'],
    ['the Shanghai New Year starts at 16:00 UTC on 31 December', '2026-12-31T16:00:00Z', '2027-01-01'],
  ];

  it.each(dateCases)('shanghaiDate: %s', (_title, iso, expected) => {
    // Act
    const date = shanghaiDate(new Date(iso));

    // Assert
    expect(date).toBe(expected);
  });

  it('shanghaiInstant reads the wall time as +08:00', () => {
    // Act
    const instant = shanghaiInstant('2026-10-09', '17:30');

    // Assert
    expect(instant.toISOString()).toBe('2026-10-09T09:30:00.000Z');
  });

  it.each(['5:30', '24:00', '17:60', '1730'])('shanghaiInstant rejects the time %j', (hhmm) => {
    // Act
    const act = () => shanghaiInstant('2026-10-09', hhmm);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('a month range runs from Shanghai midnight on the 1st to Shanghai midnight on the next 1st', () => {
    // Act
    const { start, end } = shanghaiMonthRange('2026-10');

    // Assert
    expect(start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it('the December range ends at the Shanghai New Year', () => {
    // Act
    const { start, end } = shanghaiMonthRange('2026-12');

    // Assert
    expect(formatShanghai(start)).toBe('2026-12-01T00:00:00+08:00');
    expect(formatShanghai(end)).toBe('2027-01-01T00:00:00+08:00');
  });

  it('two instants of the same UTC day fall in October and November in Shanghai', () => {
    // Prepare
    const lateOctober = new Date('2026-10-31T23:59:00+08:00');
    const earlyNovember = new Date('2026-11-01T00:01:00+08:00');
    const october = shanghaiMonthRange('2026-10');
    const november = shanghaiMonthRange('2026-11');

    // Act
    const months = [shanghaiMonth(lateOctober), shanghaiMonth(earlyNovember)];

    // Assert
    expect(lateOctober.toISOString().slice(0, 10)).toBe(earlyNovember.toISOString().slice(0, 10));
    expect(months).toEqual(['2026-10', '2026-11']);
    expect(lateOctober >= october.start && lateOctober < october.end).toBe(true);
    expect(earlyNovember >= november.start && earlyNovember < november.end).toBe(true);
    expect(earlyNovember < october.end).toBe(false);
  });

  it.each(['2026-13', '2026-1', '202610'])('shanghaiMonthRange rejects %j', (month) => {
    // Act
    const act = () => shanghaiMonthRange(month);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('formatShanghai writes +08:00 to the second and drops milliseconds', () => {
    // Act
    const whole = formatShanghai(new Date('2026-10-09T09:30:00Z'));
    const fraction = formatShanghai(new Date('2026-10-09T09:30:00.999Z'));

    // Assert
    expect(whole).toBe('2026-10-09T17:30:00+08:00');
    expect(fraction).toBe('2026-10-09T17:30:00+08:00');
  });

  it('shanghaiInstant defaults to Shanghai midnight', () => {
    // Act
    const instant = shanghaiInstant('2026-10-01');

    // Assert
    expect(instant.toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it.each(['2026-02-30', '2026-2-3', ''])('shanghaiInstant rejects the date %j', (date) => {
    // Act
    const act = () => shanghaiInstant(date, '17:30');

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('shanghaiYear is the Shanghai year, which starts at 16:00 UTC on 31 December', () => {
    // Act
    const year = shanghaiYear(new Date('2026-12-31T16:00:00Z'));

    // Assert
    expect(year).toBe('2027');
  });

  const addDaysCases: [string, string, number, string][] = [
    ['across a month end', '2026-09-30', 1, '2026-10-01'],
    ['onto a leap day', '2028-02-28', 1, '2028-02-29'],
    ['backwards across a year end', '2027-01-01', -1, '2026-12-31'],
    ['by zero', '2026-10-09', 0, '2026-10-09'],
  ];

  it.each(addDaysCases)('addDays %s', (_title, date, days, expected) => {
    // Act
    const result = addDays(date, days);

    // Assert
    expect(result).toBe(expected);
  });

  it.each(['2026-04-31', '20261001', 'x'])('addDays rejects the date %j', (date) => {
    // Act
    const act = () => addDays(date, 1);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('epochDay keeps two-digit years as written (no 19xx shift)', () => {
    // Act
    const n = epochDay('0050-01-01');

    // Assert
    expect(addDays('0050-01-01', 0)).toBe('0050-01-01');
    expect(n).toBeLessThan(epochDay('1950-01-01'));
  });

  it('calendar.ts re-exports the helpers of time.ts rather than defining its own', () => {
    // Assert
    expect(calendarModule.shanghaiDate).toBe(time.shanghaiDate);
    expect(calendarModule.shanghaiInstant).toBe(time.shanghaiInstant);
    expect(calendarModule.shanghaiMonth).toBe(time.shanghaiMonth);
    expect(calendarModule.shanghaiMonthRange).toBe(time.shanghaiMonthRange);
    expect(calendarModule.formatShanghai).toBe(time.formatShanghai);
  });

  it('rejects an invalid Date', () => {
    // Act
    const act = () => shanghaiDate(new Date(Number.NaN));

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('on a machine west of UTC', () => {
  // chinese-days' own functions answer for the wrong day there; ours must not.
  let previous: string | undefined;
  beforeAll(() => {
    previous = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  });

  it('gives the same days and dates as anywhere else', () => {
    // Prepare
    const calendar = createCalendar();

    // Act
    const holiday = calendar.day('2026-10-07');
    const next = calendar.addWorkdays('2026-09-30', 2);
    const date = shanghaiDate(new Date('2026-10-31T16:00:00Z'));

    // Assert
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBeGreaterThan(0);
    expect(holiday.workday).toBe(false);
    expect(next.date).toBe('2026-10-09');
    expect(date).toBe('2026-11-01');
  });
});
