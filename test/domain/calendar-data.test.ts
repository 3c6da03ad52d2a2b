/**
 * The calendar data the functions bundle (shared/data/cn-calendar.json) is what
 * scripts/gen-calendar-data.ts makes of `chinese-days`, and the lunar arithmetic over its compact
 * table gives the library's lunar date for every day it covers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { calendarData } from '../../scripts/lib/calendar-data.ts';
import { lunarDateOf } from '../../shared/domain/statutory.ts';
import { addDays, shanghaiInstant } from '../../shared/domain/time.ts';

describe('shared/data/cn-calendar.json', () => {
  it('is up to date with the chinese-days package (else: npx tsx scripts/gen-calendar-data.ts)', () => {
    const file = join(import.meta.dirname, '..', '..', 'shared', 'data', 'cn-calendar.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(calendarData());
  });

  it('gives the library’s lunar date for every day from 2004-02-01 to 2099-12-31', () => {
    const wrong: string[] = [];
    for (let date = '2004-02-01'; date <= '2099-12-31'; date = addDays(date, 1)) {
      const expected = chineseDays.getLunarDate(shanghaiInstant(date, '12:00'));
      const ours = lunarDateOf(date);
      if (
        ours.year !== expected.lunarYear ||
        ours.month !== expected.lunarMon ||
        ours.day !== expected.lunarDay ||
        ours.leap !== expected.isLeap
      )
        wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });
});
