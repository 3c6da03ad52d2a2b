/**
 * What a change of the calendar (a notice entered, an override) does to a period already
 * running. Pure: the calendars before and after the change are passed in.
 *
 * A period keeps its length in working days — whatever made it that long (the category's
 * limit, an approved extension, the days given back on resumption) — and its start; only the
 * days it is counted across change. So its new last day is the same count of working days
 * after the same start day on the calendar after the change. A period the change does not
 * reach (it ended before the first changed day, or starts after the last) stays as it was.
 */
import type { Calendar } from './calendar.ts';

export interface ChangedDay {
  date: string;
  workday: boolean;
}

/**
 * The days from `from` to `to` whose working-day verdict differs, and whether any day's
 * certainty (`provisional`) does — a notice that confirms the provisional days changes no
 * verdict, yet every due time counted across them is certain now.
 */
export function compareCalendars(
  before: Calendar,
  after: Calendar,
  from: string,
  to: string,
): { changed: ChangedDay[]; certaintyChanged: boolean } {
  const old = before.days(from, to);
  const now = after.days(from, to);
  return {
    changed: now
      .filter((d, i) => d.workday !== old[i]!.workday)
      .map((d) => ({ date: d.date, workday: d.workday })),
    certaintyChanged: now.some((d, i) => d.provisional !== old[i]!.provisional),
  };
}

export interface MovedPeriod {
  lastDay: string;
  provisional: boolean;
  /** The period's length in working days, as counted before the change. */
  workdays: number;
}

/**
 * The period from `startDay` (not counted) to `lastDay`, counted again on `after`; undefined
 * when it does not reach into the days the change covers (`reach`, both ends included).
 */
export function movedPeriod(input: {
  startDay: string;
  lastDay: string;
  reach: { from: string; to: string };
  before: Calendar;
  after: Calendar;
}): MovedPeriod | undefined {
  const { startDay, lastDay, reach } = input;
  if (lastDay <= startDay || lastDay < reach.from || startDay >= reach.to) return undefined;
  const workdays = Math.max(
    1,
    input.before.days(startDay, lastDay).filter((d) => d.date > startDay && d.workday).length,
  );
  const moved = input.after.addWorkdays(startDay, workdays);
  return { lastDay: moved.date, provisional: moved.provisional, workdays };
}
