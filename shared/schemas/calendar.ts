/**
 * Working-day calendar (工作日历) schemas: the working-day list, the deadline preview and the
 * admin overrides. Validators, TypeScript types and OpenAPI components in one place.
 */
import * as z from 'zod/mini';
import { IsoDate, IsoDateTime, meta, text } from './common.ts';
import type * as responses from './responses/calendar.ts';
import { CATEGORIES } from './work-order.ts';

/** The longest range `GET /calendar/workdays` lists, both ends included: a leap year. */
export const MAX_WORKDAY_RANGE_DAYS = 366;

/**
 * The years the calendar answers for. Outside them a date is surely a typo, and the day
 * arithmetic would leave the four-digit years the API writes.
 */
const FIRST_DATE = '2000-01-01';
const LAST_DATE = '2099-12-31';
const YEARS_MESSAGE = '日期应在 2000—2099 年之间';

const inCalendarYears = (date: string) => date >= FIRST_DATE && date <= LAST_DATE;

/** A `YYYY-MM-DD` day the calendar answers for. */
export const CalendarDate = meta(IsoDate.check(z.refine(inCalendarYears, { error: YEARS_MESSAGE })), {
  description: '日期（YYYY-MM-DD，北京时间）',
  example: '2026-10-09',
});

/** The calendar's region: a division code or prefix, down to a centre's own 9-digit code. */
const QueryRegion = meta(
  z
    .string()
    .check(z.regex(/^\d{2,9}$/, { error: '区域应为区划代码或其前缀（2—9位数字），例如 5134 或 513401001' })),
  {
    description: '日历区域：区划代码前缀（如 5134 凉山州）或中心编码；默认为本中心的日历区域',
    example: '5134',
  },
);

/** An override's region: a province, prefecture or county prefix (as a centre's `calendarRegion`). */
const OverrideRegion = meta(
  z.string().check(z.regex(/^\d{2,6}$/, { error: '适用区域应为2—6位区划代码前缀，例如 5134' })),
  { description: '只对该区划代码前缀下的中心生效；不填则全省生效', example: '5134' },
);

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

export const WorkdaysQuery = z
  .strictObject({
    from: CalendarDate,
    to: CalendarDate,
    region: z.optional(QueryRegion),
  })
  .check(
    z.superRefine(({ from, to }, ctx) => {
      if (to < from) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
      } else if (daysBetween(from, to) + 1 > MAX_WORKDAY_RANGE_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `查询范围最多${MAX_WORKDAY_RANGE_DAYS}天（含首尾两日）`,
        });
      }
    }),
  );
export type WorkdaysQuery = z.infer<typeof WorkdaysQuery>;

export const DAY_REASONS = [
  'weekday',
  'weekend',
  'holiday',
  'makeup_workday',
  'regional_holiday',
  'override',
] as const;

/**
 * A `+` in a query string reads as a space once decoded, so `start=…T10:00:00+08:00` sent
 * unencoded arrives as `…T10:00:00 08:00`; read that space back as the `+` it was.
 */
const restorePlus = (value: string) => value.replace(/ (\d{2}:\d{2})$/, '+$1');

/** Bounds as instants: no Date arithmetic on the input, so `+275760-09-13` is simply outside. */
const FIRST_INSTANT_MS = Date.parse(`${FIRST_DATE}T00:00:00+08:00`);
const END_INSTANT_MS = Date.parse(`${LAST_DATE}T24:00:00+08:00`);

// zod runs refinements even after the format check failed: this must accept any string.
const inCalendarYearsInstant = (iso: string) => {
  const ms = Date.parse(iso);
  return ms >= FIRST_INSTANT_MS && ms < END_INSTANT_MS;
};

export const DeadlineQuery = z.strictObject({
  start: meta(
    z.pipe(
      z.pipe(z.string({ error: '请填写开始时间（转办时间）' }), z.transform(restorePlus)),
      IsoDateTime.check(z.refine(inCalendarYearsInstant, { error: YEARS_MESSAGE })),
    ),
    {
      description: '转办（或上次反馈）时间，带时区的 ISO-8601；查询串中的 + 应写作 %2B',
      example: '2026-09-30T10:00:00+08:00',
    },
  ),
  category: meta(
    z.enum(CATEGORIES, {
      error: (issue) =>
        issue.input === undefined
          ? '请填写问题类别'
          : '问题类别只能是 simple（简单）、general（一般）或 complex（复杂）',
    }),
    { description: '问题类别：simple 简单 / general 一般 / complex 复杂' },
  ),
});
export type DeadlineQuery = z.infer<typeof DeadlineQuery>;

export const OverrideParams = z.object({ date: CalendarDate });

export const PutOverrideBody = meta(
  z.strictObject({
    workday: meta(
      z.boolean({
        error: (issue) =>
          issue.input === undefined ? '请填写是否为工作日' : '是否为工作日应为 true 或 false',
      }),
      { description: 'true：当天上班；false：当天不上班' },
    ),
    name: meta(text(50), { description: '调整事由', example: '抗震救灾停止办公' }),
    region: z.optional(OverrideRegion),
  }),
  { id: 'PutCalendarOverride' },
);
export type PutOverrideBody = z.infer<typeof PutOverrideBody>;

// ---------------------------------------------------------------------------------------
// Published holiday notices (节假日安排通知): the State Council's for a year, or a prefecture's
// ---------------------------------------------------------------------------------------

export const YearParams = z.object({
  year: meta(
    z.pipe(
      z.string().check(z.regex(/^20\d{2}$/, { error: '年份应为 2000—2099 之间的四位数字' })),
      z.transform(Number),
    ),
    { description: '年份', example: '2027' },
  ),
});

const NoticeDay = z.strictObject({
  date: CalendarDate,
  name: meta(text(20), { description: '节日名称', example: '春节' }),
});

/** A notice lists every day off and every make-up working day of its year: at most a few dozen. */
const MAX_NOTICE_DAYS = 120;

export const PutYearBody = meta(
  z.strictObject({
    title: meta(text(100), {
      description: '通知标题',
      example: '国务院办公厅关于2027年部分节假日安排的通知',
    }),
    number: meta(text(50), { description: '文号', example: '国办发明电〔2026〕7号' }),
    region: meta(z.optional(OverrideRegion), {
      description: '民族地区（州）通知的区划代码前缀，如 5134 凉山州；不填为国务院办公厅通知',
      example: '5134',
    }),
    daysOff: meta(
      z.array(NoticeDay).check(z.maxLength(MAX_NOTICE_DAYS, { error: `放假日期最多${MAX_NOTICE_DAYS}天` })),
      { description: '放假日期（含放假调休期间的周末）' },
    ),
    workdays: meta(
      z
        .array(NoticeDay)
        .check(z.maxLength(MAX_NOTICE_DAYS, { error: `调休上班日期最多${MAX_NOTICE_DAYS}天` })),
      { description: '调休上班的周六、周日' },
    ),
  }),
  { id: 'PutCalendarYear' },
);
export type PutYearBody = z.infer<typeof PutYearBody>;

const isWeekendDate = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * What a notice for `year` may not say, one detail per bad field: a date outside the year,
 * a date twice, a day both off and working, a make-up working day that is not a Saturday
 * or Sunday, and — for the State Council's notice of a year under the amended statute — a
 * statutory day it does not give off (`statutory`: those days, from `statutoryDays`).
 */
export function noticeProblems(
  year: number,
  body: PutYearBody,
  statutory: readonly { date: string; name: string }[],
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const off = new Set<string>();
  body.daysOff.forEach((d, i) => {
    const field = `daysOff.${i}.date`;
    if (!d.date.startsWith(`${year}-`)) problems.push({ field, message: `放假日期应在${year}年内` });
    else if (off.has(d.date)) problems.push({ field, message: `放假日期 ${d.date} 重复` });
    off.add(d.date);
  });
  const working = new Set<string>();
  body.workdays.forEach((d, i) => {
    const field = `workdays.${i}.date`;
    if (!d.date.startsWith(`${year}-`)) problems.push({ field, message: `调休上班日期应在${year}年内` });
    else if (working.has(d.date)) problems.push({ field, message: `调休上班日期 ${d.date} 重复` });
    else if (off.has(d.date)) {
      problems.push({ field, message: `${d.date} 已列为放假日期，不能同时调休上班` });
    } else if (!isWeekendDate(d.date)) {
      problems.push({ field, message: `调休上班日期 ${d.date} 不是周六或周日` });
    }
    working.add(d.date);
  });
  const missing = body.region === undefined ? statutory.filter((d) => !off.has(d.date)) : [];
  if (missing.length > 0) {
    problems.push({
      field: 'daysOff',
      message: `缺少法定节假日：${missing.map((d) => `${d.date}（${d.name}）`).join('、')}`,
    });
  } else if (body.daysOff.length === 0) {
    problems.push({ field: 'daysOff', message: '请填写放假日期' });
  }
  return problems;
}

// What the API returns (./responses/calendar.ts), as types: importing them builds no schema.
export type CalendarDay = z.infer<typeof responses.CalendarDay>;
export type WorkdaysResponse = z.infer<typeof responses.WorkdaysResponse>;
export type DeadlineResponse = z.infer<typeof responses.DeadlineResponse>;
export type CalendarOverride = z.infer<typeof responses.CalendarOverride>;
export type CalendarNotice = z.infer<typeof responses.CalendarNotice>;
export type CalendarChangeSummary = z.infer<typeof responses.CalendarChangeSummary>;
export type YearNotices = z.infer<typeof responses.YearNotices>;
export type PutYearResponse = z.infer<typeof responses.PutYearResponse>;
