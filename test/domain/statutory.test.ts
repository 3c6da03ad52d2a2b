/**
 * Provisional years from the statute (《全国年节及纪念日放假办法》, amended, in force 2025) and
 * the regional lunar rules; how they count in deadlines; and how an entered notice replaces them.
 */
import nationalSchedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { afterEach, describe, expect, it } from 'vitest';
import { createCalendar, type PublishedNotice } from '../../shared/domain/calendar.ts';
import { dueAt, type WorkOrderCategory } from '../../shared/domain/deadlines.ts';
import {
  LUNAR_REGIONAL_RULES,
  lunarDateOf,
  lunarNewYear,
  lunarRuleDays,
  qingming,
  solarDateOfLunar,
  statutoryDays,
} from '../../shared/domain/statutory.ts';
import { addDays, formatShanghai } from '../../shared/domain/time.ts';

const LIANGSHAN_CENTRE = '513401001';
const CHENGDU_CENTRE = '510104001';
const packagedHolidays = new Set(Object.keys(nationalSchedule.holidays));

describe('statutory days of an unpublished year', () => {
  it('2027: the seven holidays, and the substitute days for those on a weekend', () => {
    // Prepare: 2027-02-06 (正月初一) is a Saturday; 05-01/02 and 10-02/03 fall on weekends.
    const expected = [
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-02-09', name: '春节', substitute: true },
      { date: '2027-02-10', name: '春节', substitute: true },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-05-03', name: '劳动节', substitute: true },
      { date: '2027-05-04', name: '劳动节', substitute: true },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
      { date: '2027-10-04', name: '国庆节', substitute: true },
      { date: '2027-10-05', name: '国庆节', substitute: true },
    ];

    // Act
    const days = statutoryDays(2027);

    // Assert
    expect(days).toEqual(expected);
  });

  it('a substitute day skips a holiday right after its own (中秋 on 10-04 after 国庆 2028 on a weekend)', () => {
    // Prepare: 2028-10-01 is a Sunday; 中秋 2028 is 10-03, inside 国庆.
    const days = statutoryDays(2028).filter((d) => d.date >= '2028-09-30' && d.date <= '2028-10-10');

    // Act
    const substitutes = days.filter((d) => d.substitute).map((d) => d.date);

    // Assert: one weekend day of 国庆 (10-01), given back on the first working day after 10-03.
    expect(days.filter((d) => !d.substitute).map((d) => d.date)).toEqual([
      '2028-10-01',
      '2028-10-02',
      '2028-10-03',
    ]);
    expect(substitutes).toEqual(['2028-10-04']);
  });

  it('no statutory layer before the amended statute: published years cover those', () => {
    // Act / Assert
    expect(statutoryDays(2024)).toEqual([]);
  });

  it.each(Array.from({ length: 2026 - 2008 + 1 }, (_, i) => 2008 + i))(
    '%i: the lunar and solar-term days agree with the published schedule',
    (year) => {
      // Prepare / Act
      const days = [
        lunarNewYear(year),
        qingming(year),
        solarDateOfLunar(year, 5, 5),
        // 2008-2025 all gave 中秋 off on the day itself; a few combined it with 国庆.
        solarDateOfLunar(year, 8, 15),
      ];

      // Assert: a published holiday — or inside a published break (the package's 2012 table lists
      // 06-22 and 06-24 but not 端午 itself, Saturday 06-23, of the 06-22..24 break).
      for (const day of days) {
        const inBreak = packagedHolidays.has(addDays(day, -1)) && packagedHolidays.has(addDays(day, 1));
        expect(packagedHolidays.has(day) || inBreak, `${day} is a published holiday`).toBe(true);
      }
    },
  );

  it('2025 and 2026, published under the amended statute, have every statutory day off', () => {
    // Act
    const missing = [2025, 2026].flatMap((y) =>
      statutoryDays(y)
        .filter((d) => !d.substitute)
        .filter((d) => !packagedHolidays.has(d.date)),
    );

    // Assert
    expect(missing).toEqual([]);
  });
});

describe('lunar conversion does not depend on the host time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])(
    'in %s the 2027 statutory days are the same',
    (zone) => {
      // Prepare
      process.env.TZ = 'Asia/Shanghai';
      const expected = statutoryDays(2027);
      process.env.TZ = zone;

      // Act
      const days = statutoryDays(2027);

      // Assert
      expect(days).toEqual(expected);
      expect(lunarDateOf('2027-02-06')).toEqual({ year: 2027, month: 1, day: 1, leap: false });
    },
  );
});

describe('provisional verdicts on the calendar', () => {
  it.each([
    ['2027-01-01', { workday: false, reason: 'holiday', name: '元旦', provisional: true }],
    ['2027-02-09', { workday: false, reason: 'holiday', name: '春节（补假）', provisional: true }],
    ['2027-02-11', { workday: true, reason: 'weekday', provisional: true }],
    ['2027-02-13', { workday: false, reason: 'weekend', provisional: true }],
  ] as const)('%s', (date, expected) => {
    // Act
    const day = createCalendar().day(date);

    // Assert
    expect(day).toEqual({ date, ...expected });
  });

  it('凉山 火把节 2027 is seven provisional days off from 农历六月二十四, in Liangshan only', () => {
    // Prepare
    const liangshan = createCalendar({ region: LIANGSHAN_CENTRE });
    const chengdu = createCalendar({ region: CHENGDU_CENTRE });

    // Act
    const days = lunarRuleDays(LUNAR_REGIONAL_RULES[0]!, 2027);

    // Assert
    expect(days).toEqual([
      '2027-07-27',
      '2027-07-28',
      '2027-07-29',
      '2027-07-30',
      '2027-07-31',
      '2027-08-01',
      '2027-08-02',
    ]);
    expect(lunarDateOf('2027-07-27')).toMatchObject({ month: 6, day: 24 });
    expect(liangshan.day('2027-07-27')).toEqual({
      date: '2027-07-27',
      workday: false,
      reason: 'regional_holiday',
      name: '火把节',
      provisional: true,
    });
    expect(chengdu.day('2027-07-27')).toMatchObject({ workday: true, reason: 'weekday' });
  });
});

/** A constructed 2027 notice for these tests — not the real one, which is not published. */
const NOTICE_2027: PublishedNotice = {
  year: 2027,
  daysOff: [
    { date: '2027-01-01', name: '元旦' },
    ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map(
      (date) => ({ date, name: '春节' }),
    ),
  ],
  workdays: [{ date: '2027-02-13', name: '春节' }],
};

describe('deadlines across the year boundary', () => {
  const cases: {
    title: string;
    start: string;
    category: WorkOrderCategory;
    notices?: PublishedNotice[];
    region?: string;
    due: string;
    provisional: boolean;
  }[] = [
    {
      title:
        'a simple order transferred on 2026-12-31 is due on the first working day after 元旦 and the weekend',
      start: '2026-12-31T10:00:00+08:00',
      category: 'simple',
      due: '2027-01-04T17:30:00+08:00',
      provisional: true,
    },
    {
      title: 'a general order across the lunar new year of 2027 skips 除夕 to 初三 and the substitute days',
      start: '2027-02-04T10:00:00+08:00',
      category: 'general',
      due: '2027-02-12T17:30:00+08:00',
      provisional: true,
    },
    {
      title: 'once a notice is entered the same order counts its make-up Saturday, and is certain',
      start: '2027-02-04T10:00:00+08:00',
      category: 'general',
      notices: [NOTICE_2027],
      due: '2027-02-13T17:30:00+08:00',
      provisional: false,
    },
    {
      title: 'an entered notice is the whole year: a day it does not list is an ordinary working day',
      start: '2027-05-02T10:00:00+08:00',
      category: 'simple',
      notices: [NOTICE_2027],
      due: '2027-05-03T17:30:00+08:00',
      provisional: false,
    },
    {
      title: 'a Liangshan simple order before 火把节 2027 waits for it, provisionally',
      start: '2027-07-26T10:00:00+08:00',
      category: 'simple',
      notices: [NOTICE_2027],
      region: LIANGSHAN_CENTRE,
      due: '2027-08-03T17:30:00+08:00',
      provisional: true,
    },
    {
      title: 'a prefecture notice replaces the lunar rule: 火把节 as entered, certain',
      start: '2027-07-26T10:00:00+08:00',
      category: 'simple',
      notices: [
        NOTICE_2027,
        {
          year: 2027,
          region: '5134',
          daysOff: [{ date: '2027-07-28', name: '火把节' }],
          workdays: [],
        },
      ],
      region: LIANGSHAN_CENTRE,
      due: '2027-07-27T17:30:00+08:00',
      provisional: false,
    },
  ];

  it.each(cases)('$title', (c) => {
    // Prepare
    const calendar = createCalendar({
      ...(c.region ? { region: c.region } : {}),
      ...(c.notices ? { notices: c.notices } : {}),
    });

    // Act
    const deadline = dueAt({ calendar, start: new Date(c.start), category: c.category });

    // Assert
    expect(formatShanghai(deadline.dueAt)).toBe(c.due);
    expect(deadline.provisional).toBe(c.provisional);
  });
});
