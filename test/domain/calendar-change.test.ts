/** What a calendar change does to a running period: compared calendars and the moved period end. */
import { describe, expect, it } from 'vitest';
import { createCalendar, type PublishedNotice } from '../../shared/domain/calendar.ts';
import { compareCalendars, movedPeriod } from '../../shared/domain/calendar-change.ts';

/** Constructed (not the real notice): 春节 02-05..02-11 off, make-up Saturday 02-13. */
const NOTICE: PublishedNotice = {
  year: 2027,
  daysOff: ['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  workdays: [{ date: '2027-02-13', name: '春节' }],
};
const before = createCalendar();
const after = createCalendar({ notices: [NOTICE] });
const FEBRUARY = { from: '2027-02-01', to: '2027-02-28' };

describe('compareCalendars', () => {
  it('lists the days whose verdict changed, and notices that certainty changed', () => {
    // Act
    const result = compareCalendars(before, after, FEBRUARY.from, FEBRUARY.to);

    // Assert
    expect(result).toEqual({
      changed: [
        { date: '2027-02-11', workday: false },
        { date: '2027-02-13', workday: true },
      ],
      certaintyChanged: true,
    });
  });

  it('the same calendar twice changes nothing', () => {
    // Act / Assert
    expect(compareCalendars(after, after, FEBRUARY.from, FEBRUARY.to)).toEqual({
      changed: [],
      certaintyChanged: false,
    });
  });
});

describe('movedPeriod', () => {
  it.each([
    [
      'a period across a day that became a holiday ends a working day later',
      '2027-02-03',
      '2027-02-11',
      '2027-02-12',
    ],
    ['a period across a make-up Saturday ends on it', '2027-02-11', '2027-02-15', '2027-02-13'],
    [
      'a period before the change keeps its end (recounted the same)',
      '2027-02-01',
      '2027-02-02',
      '2027-02-02',
    ],
  ])('%s', (_title, startDay, lastDay, expected) => {
    // Act
    const moved = movedPeriod({ startDay, lastDay, reach: FEBRUARY, before, after });

    // Assert
    expect(moved?.lastDay).toBe(expected);
    expect(moved?.provisional).toBe(false);
  });

  it('a period outside the days the change covers is not recomputed', () => {
    // Act
    const moved = movedPeriod({
      startDay: '2027-03-01',
      lastDay: '2027-03-03',
      reach: FEBRUARY,
      before,
      after,
    });

    // Assert
    expect(moved).toBeUndefined();
  });
});
