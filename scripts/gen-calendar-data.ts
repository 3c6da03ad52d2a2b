/**
 * Generates shared/data/cn-calendar.json, the calendar data the functions bundle, from the npm
 * package `chinese-days` (a dev dependency): the State Council schedule (days off and make-up
 * working days, Chinese names only) and a compact lunar table — each lunar year's 正月初一 and its
 * months' lengths, leap months marked — plus the day of 清明 for the years the statute is
 * projected over. The package itself (its 37 KB JSON and its 32 KB library with its own copy)
 * then stays out of every bundle; test/domain/calendar-data.test.ts fails when this file is stale
 * and checks the table against the library day by day.
 *
 *   npx tsx scripts/gen-calendar-data.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarData } from './lib/calendar-data.ts';

const file = join(import.meta.dirname, '..', 'shared', 'data', 'cn-calendar.json');
writeFileSync(file, `${JSON.stringify(calendarData())}\n`);
console.log(`wrote ${file}`);
