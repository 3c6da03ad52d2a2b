/**
 * Working-day calendar (工作日历) schemas: the working-day list, the deadline preview and the
 * admin overrides. Validators, TypeScript types and OpenAPI components in one place.
 */
import * as z from 'zod';
import { Actor, IsoDate, IsoDateTime, text } from './common.ts';
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
export const CalendarDate = IsoDate.refine(inCalendarYears, { error: YEARS_MESSAGE }).meta({
  description: '日期（YYYY-MM-DD，北京时间）',
  example: '2026-10-09',
});

/** The calendar's region: a division code or prefix, down to a centre's own 9-digit code. */
const QueryRegion = z
  .string()
  .regex(/^\d{2,9}$/, { error: '区域应为区划代码或其前缀（2—9位数字），例如 5134 或 513401001' })
  .meta({
    description: '日历区域：区划代码前缀（如 5134 凉山州）或中心编码；默认为本中心的日历区域',
    example: '5134',
  });

/** An override's region: a province, prefecture or county prefix (as a centre's `calendarRegion`). */
const OverrideRegion = z
  .string()
  .regex(/^\d{2,6}$/, { error: '适用区域应为2—6位区划代码前缀，例如 5134' })
  .meta({ description: '只对该区划代码前缀下的中心生效；不填则全省生效', example: '5134' });

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

export const WorkdaysQuery = z
  .strictObject({
    from: CalendarDate,
    to: CalendarDate,
    region: QueryRegion.optional(),
  })
  .superRefine(({ from, to }, ctx) => {
    if (to < from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    } else if (daysBetween(from, to) + 1 > MAX_WORKDAY_RANGE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `查询范围最多${MAX_WORKDAY_RANGE_DAYS}天（含首尾两日）`,
      });
    }
  });
export type WorkdaysQuery = z.infer<typeof WorkdaysQuery>;

export const DAY_REASONS = [
  'weekday',
  'weekend',
  'holiday',
  'makeup_workday',
  'regional_holiday',
  'override',
] as const;

export const CalendarDay = z
  .object({
    date: z.string().meta({ example: '2026-10-10' }),
    workday: z.boolean().meta({ description: '是否为工作日' }),
    reason: z.enum(DAY_REASONS).meta({
      description:
        'weekday 工作日 / weekend 周末 / holiday 法定节假日 / makeup_workday 调休上班 / ' +
        'regional_holiday 民族地区节假日 / override 管理员调整',
    }),
    name: z.string().optional().meta({ description: '节日名称，如 国庆节、彝历新年', example: '国庆节' }),
    provisional: z.boolean().meta({ description: '该年安排尚未公布（或民族地区通知未确认），结论可能变化' }),
  })
  .meta({ id: 'CalendarDay' });

export const WorkdaysResponse = z.object({ items: z.array(CalendarDay) }).meta({ id: 'Workdays' });

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
  start: z
    .string({ error: '请填写开始时间（转办时间）' })
    .transform(restorePlus)
    .pipe(IsoDateTime.refine(inCalendarYearsInstant, { error: YEARS_MESSAGE }))
    .meta({
      description: '转办（或上次反馈）时间，带时区的 ISO-8601；查询串中的 + 应写作 %2B',
      example: '2026-09-30T10:00:00+08:00',
    }),
  category: z
    .enum(CATEGORIES, {
      error: (issue) =>
        issue.input === undefined
          ? '请填写问题类别'
          : '问题类别只能是 simple（简单）、general（一般）或 complex（复杂）',
    })
    .meta({ description: '问题类别：simple 简单 / general 一般 / complex 复杂' }),
});
export type DeadlineQuery = z.infer<typeof DeadlineQuery>;

export const DeadlineResponse = z
  .object({
    dueAt: IsoDateTime.meta({
      description: '办理期限：最后一个工作日的下班时间（北京时间）',
      example: '2026-10-09T17:30:00+08:00',
    }),
    provisional: z.boolean().meta({ description: '计算跨越了尚未公布安排的日期，期限可能变化' }),
  })
  .meta({ id: 'Deadline' });
export type DeadlineResponse = z.infer<typeof DeadlineResponse>;

export const OverrideParams = z.object({ date: CalendarDate });

export const PutOverrideBody = z
  .strictObject({
    workday: z
      .boolean({
        error: (issue) =>
          issue.input === undefined ? '请填写是否为工作日' : '是否为工作日应为 true 或 false',
      })
      .meta({ description: 'true：当天上班；false：当天不上班' }),
    name: text(50).meta({ description: '调整事由', example: '抗震救灾停止办公' }),
    region: OverrideRegion.optional(),
  })
  .meta({ id: 'PutCalendarOverride' });
export type PutOverrideBody = z.infer<typeof PutOverrideBody>;

export const CalendarOverride = PutOverrideBody.safeExtend({
  date: z.string().meta({ example: '2026-10-12' }),
  updatedAt: IsoDateTime,
  updatedBy: Actor,
}).meta({ id: 'CalendarOverride' });
export type CalendarOverride = z.infer<typeof CalendarOverride>;
