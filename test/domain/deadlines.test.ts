import { describe, expect, it } from 'vitest';
import { type CalendarOverride, createCalendar } from '../../shared/domain/calendar.ts';
import {
  DEFAULT_TIME_LIMITS,
  dueAt,
  formatShanghai,
  nextProgressDue,
  resolveLimits,
  type TimeLimits,
  type WorkOrderCategory,
  workdaysLeft,
} from '../../shared/domain/deadlines.ts';

const LIANGSHAN_CENTRE = '513401001';
const CHENGDU_CENTRE = '510104001';

interface DueCase {
  title: string;
  start: string;
  category: WorkOrderCategory;
  region?: string;
  overrides?: CalendarOverride[];
  officeHoursEnd?: string;
  limits?: Partial<TimeLimits>;
  due: string;
  provisional?: boolean;
}

const cases: DueCase[] = [
  // The two pinned examples (National Day 2026: 10-01..10-07 off, Sat 10-10 worked).
  {
    title:
      'general order transferred the day before National Day is due on the 2nd working day after the holiday',
    start: '2026-09-30T10:00:00+08:00',
    category: 'general',
    due: '2026-10-09T17:30:00+08:00',
  },
  {
    title: 'complex order transferred the day before National Day counts the make-up Saturday 10-10',
    start: '2026-09-30T10:00:00+08:00',
    category: 'complex',
    due: '2026-10-13T17:30:00+08:00',
  },
  {
    title: 'simple order transferred the day before National Day is due the first day after it',
    start: '2026-09-30T10:00:00+08:00',
    category: 'simple',
    due: '2026-10-08T17:30:00+08:00',
  },
  // Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked.
  {
    title: 'simple order transferred on the Friday before Spring Festival is due on the make-up Saturday',
    start: '2026-02-13T10:00:00+08:00',
    category: 'simple',
    due: '2026-02-14T17:30:00+08:00',
  },
  {
    title:
      'general order transferred on the Friday before Spring Festival is due on the first Tuesday after it',
    start: '2026-02-13T10:00:00+08:00',
    category: 'general',
    due: '2026-02-24T17:30:00+08:00',
  },
  {
    title:
      'complex order transferred on the make-up Saturday before Spring Festival is due on the make-up Saturday after it',
    start: '2026-02-14T10:00:00+08:00',
    category: 'complex',
    due: '2026-02-28T17:30:00+08:00',
  },
  // The transfer day is never counted, whatever its hour or kind.
  {
    title: 'general order transferred during office hours on Tuesday is due Thursday',
    start: '2026-03-10T09:00:00+08:00',
    category: 'general',
    due: '2026-03-12T17:30:00+08:00',
  },
  {
    title: 'general order transferred after office hours on Tuesday is still due Thursday',
    start: '2026-03-10T18:45:00+08:00',
    category: 'general',
    due: '2026-03-12T17:30:00+08:00',
  },
  {
    title: 'general order transferred at 00:30 Wednesday in Shanghai (Tuesday in UTC) is due Friday',
    start: '2026-03-10T16:30:00Z',
    category: 'general',
    due: '2026-03-13T17:30:00+08:00',
  },
  {
    title: 'general order transferred on a Saturday counts from Monday',
    start: '2026-03-07T11:00:00+08:00',
    category: 'general',
    due: '2026-03-10T17:30:00+08:00',
  },
  {
    title: 'general order transferred on a Sunday counts from Monday',
    start: '2026-03-08T20:00:00+08:00',
    category: 'general',
    due: '2026-03-10T17:30:00+08:00',
  },
  {
    title: 'general order transferred on a make-up Saturday does not count that Saturday',
    start: '2026-10-10T09:00:00+08:00',
    category: 'general',
    due: '2026-10-13T17:30:00+08:00',
  },
  {
    title: 'general order transferred during National Day counts from the day after it',
    start: '2026-10-03T15:00:00+08:00',
    category: 'general',
    due: '2026-10-09T17:30:00+08:00',
  },
  // Regional days: 彝历新年 2025 in Liangshan (11-20..11-26 off, Sun 11-16 and Sat 11-29 worked).
  {
    title: 'general order of a Liangshan centre transferred before 彝历新年 is due after it',
    start: '2025-11-19T10:00:00+08:00',
    category: 'general',
    region: LIANGSHAN_CENTRE,
    due: '2025-11-28T17:30:00+08:00',
  },
  {
    title: 'general order of a Chengdu centre transferred the same day ignores 彝历新年',
    start: '2025-11-19T10:00:00+08:00',
    category: 'general',
    region: CHENGDU_CENTRE,
    due: '2025-11-21T17:30:00+08:00',
  },
  {
    title: 'simple order of a Liangshan centre is due on its regional make-up Saturday',
    start: '2025-11-28T10:00:00+08:00',
    category: 'simple',
    region: LIANGSHAN_CENTRE,
    due: '2025-11-29T17:30:00+08:00',
  },
  {
    title: 'simple order of a Chengdu centre transferred that Friday is due on Monday',
    start: '2025-11-28T10:00:00+08:00',
    category: 'simple',
    region: CHENGDU_CENTRE,
    due: '2025-12-01T17:30:00+08:00',
  },
  // Unpublished years.
  {
    title: 'complex order counted into 2027 skips its statutory New Year and is provisional',
    start: '2026-12-30T10:00:00+08:00',
    category: 'complex',
    due: '2027-01-07T17:30:00+08:00',
    provisional: true,
  },
  {
    title: 'simple order due on the last day of 2026 is certain',
    start: '2026-12-30T10:00:00+08:00',
    category: 'simple',
    due: '2026-12-31T17:30:00+08:00',
  },
  // Admin overrides.
  {
    title: 'general order skips a day an admin closed',
    start: '2026-03-10T10:00:00+08:00',
    category: 'general',
    overrides: [{ date: '2026-03-12', workday: false, name: '抗震救灾停止办公' }],
    due: '2026-03-13T17:30:00+08:00',
  },
  {
    title: 'simple order is due on a Saturday an admin opened for the region',
    start: '2026-03-13T10:00:00+08:00',
    category: 'simple',
    region: CHENGDU_CENTRE,
    overrides: [{ date: '2026-03-14', workday: true, name: '集中攻坚上班', region: '5101' }],
    due: '2026-03-14T17:30:00+08:00',
  },
  {
    title: 'simple order of another region ignores that opened Saturday',
    start: '2026-03-13T10:00:00+08:00',
    category: 'simple',
    region: LIANGSHAN_CENTRE,
    overrides: [{ date: '2026-03-14', workday: true, name: '集中攻坚上班', region: '5101' }],
    due: '2026-03-16T17:30:00+08:00',
  },
  // Tenant settings.
  {
    title: 'a centre that closes at 18:00 has its orders due at 18:00',
    start: '2026-09-30T10:00:00+08:00',
    category: 'general',
    officeHoursEnd: '18:00',
    due: '2026-10-09T18:00:00+08:00',
  },
  {
    title: 'a centre that allows 3 days for general orders has them due on the 3rd working day',
    start: '2026-09-30T10:00:00+08:00',
    category: 'general',
    limits: { general: 3 },
    due: '2026-10-10T17:30:00+08:00',
  },
];

describe('dueAt', () => {
  it.each(cases)('$title', (c) => {
    // Prepare
    const calendar = createCalendar({ region: c.region, overrides: c.overrides });

    // Act
    const deadline = dueAt({
      start: new Date(c.start),
      category: c.category,
      calendar,
      officeHoursEnd: c.officeHoursEnd,
      limits: c.limits,
    });

    // Assert
    expect(formatShanghai(deadline.dueAt)).toBe(c.due);
    expect(deadline.lastDay).toBe(c.due.slice(0, 10));
    expect(deadline.provisional).toBe(c.provisional ?? false);
  });

  it('the due instant is office close in Shanghai, 09:30 UTC', () => {
    // Act
    const deadline = dueAt({
      start: new Date('2026-09-30T10:00:00+08:00'),
      category: 'general',
      calendar: createCalendar(),
    });

    // Assert
    expect(deadline.dueAt.toISOString()).toBe('2026-10-09T09:30:00.000Z');
  });

  it.each(['5:30', '17:30:00', '25:00'])('rejects the office close %j', (officeHoursEnd) => {
    // Act
    const act = () =>
      dueAt({
        start: new Date('2026-03-10T10:00:00+08:00'),
        category: 'simple',
        calendar: createCalendar(),
        officeHoursEnd,
      });

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('nextProgressDue', () => {
  const progressCases: [string, string, Partial<TimeLimits> | undefined, string][] = [
    [
      'a progress report on the due day sets the next one 5 working days later',
      '2026-10-13T16:00:00+08:00',
      undefined,
      '2026-10-20T17:30:00+08:00',
    ],
    [
      'counting from the previous due time keeps the same cadence',
      '2026-10-13T17:30:00+08:00',
      undefined,
      '2026-10-20T17:30:00+08:00',
    ],
    [
      'a report made on National Day counts from the day after it',
      '2026-10-05T11:00:00+08:00',
      undefined,
      '2026-10-13T17:30:00+08:00',
    ],
    [
      'a centre with a 3-day interval expects reports every 3 working days',
      '2026-10-13T16:00:00+08:00',
      { complexProgressInterval: 3 },
      '2026-10-16T17:30:00+08:00',
    ],
  ];

  it.each(progressCases)('%s', (_title, from, limits, expected) => {
    // Prepare
    const calendar = createCalendar({ region: CHENGDU_CENTRE });

    // Act
    const deadline = nextProgressDue({ from: new Date(from), calendar, limits });

    // Assert
    expect(formatShanghai(deadline.dueAt)).toBe(expected);
    expect(deadline.provisional).toBe(false);
  });

  it('the interval is independent of the first complex limit', () => {
    // Prepare
    const calendar = createCalendar();
    const limits = { complex: 10, complexProgressInterval: 1 };

    // Act
    const first = dueAt({
      start: new Date('2026-03-02T10:00:00+08:00'),
      category: 'complex',
      calendar,
      limits,
    });
    const next = nextProgressDue({ from: first.dueAt, calendar, limits });

    // Assert
    expect(formatShanghai(first.dueAt)).toBe('2026-03-16T17:30:00+08:00');
    expect(formatShanghai(next.dueAt)).toBe('2026-03-17T17:30:00+08:00');
  });
});

describe('resolveLimits', () => {
  it('uses the standard when the tenant sets nothing', () => {
    // Act
    const limits = resolveLimits();

    // Assert
    expect(limits).toEqual({ simple: 1, general: 2, complex: 5, complexProgressInterval: 5 });
  });

  it('takes each limit the tenant sets and defaults the rest', () => {
    // Act
    const limits = resolveLimits({ general: 3 });

    // Assert
    expect(limits).toEqual({ ...DEFAULT_TIME_LIMITS, general: 3 });
  });

  it.each<Partial<TimeLimits>>([
    { general: 0 },
    { complex: 1.5 },
    { simple: -1 },
    { complexProgressInterval: Number.NaN },
  ])('rejects %j', (limits) => {
    // Act
    const act = () => resolveLimits(limits);

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('workdaysLeft', () => {
  const calendar = createCalendar();
  const due = new Date('2026-10-09T17:30:00+08:00'); // Friday 9 October, the make-up working day after National Day
  it.each([
    ['the due day itself, before the close of office', '2026-10-09T09:00:00+08:00', 0],
    ['the working day before (Thursday)', '2026-10-08T16:00:00+08:00', 1],
    ['the last day of the National Day holiday: holidays do not count', '2026-10-07T10:00:00+08:00', 2],
    [
      'the due day after the close of office: overdue, not yet by a working day',
      '2026-10-09T18:00:00+08:00',
      0,
    ],
    ['the Saturday after, a make-up working day (调休上班)', '2026-10-10T10:00:00+08:00', -1],
    ['the Monday after', '2026-10-12T10:00:00+08:00', -2],
  ])('%s (%s) → %i', (_name, now, expected) => {
    expect(workdaysLeft(calendar, new Date(now), due)).toBe(expected);
  });
});
