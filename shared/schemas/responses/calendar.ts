/**
 * What the API returns about the working-day calendar: days, deadlines, overrides and holiday
 * notices. No handler builds or checks these at run time: they are the OpenAPI document's
 * components and, through `z.infer`, the types the code uses (re-exported by ../calendar.ts). They
 * live apart from the request schemas so that no Lambda bundle constructs them at import (issue
 * 16, cold start).
 */
import * as z from 'zod/mini';
import { DAY_REASONS, PutOverrideBody, PutYearBody } from '../calendar.ts';
import { Actor, IsoDateTime, int, meta } from '../common.ts';

export const CalendarDay = meta(
  z.object({
    date: meta(z.string(), { example: '2026-10-10' }),
    workday: meta(z.boolean(), { description: '是否为工作日' }),
    reason: meta(z.enum(DAY_REASONS), {
      description:
        'weekday 工作日 / weekend 周末 / holiday 法定节假日 / makeup_workday 调休上班 / ' +
        'regional_holiday 民族地区节假日 / override 管理员调整',
    }),
    name: meta(z.optional(z.string()), { description: '节日名称，如 国庆节、彝历新年', example: '国庆节' }),
    provisional: meta(z.boolean(), { description: '该年安排尚未公布（或民族地区通知未确认），结论可能变化' }),
  }),
  { id: 'CalendarDay' },
);

export const WorkdaysResponse = meta(z.object({ items: z.array(CalendarDay) }), { id: 'Workdays' });

export const DeadlineResponse = meta(
  z.object({
    dueAt: meta(IsoDateTime, {
      description: '办理期限：最后一个工作日的下班时间（北京时间）',
      example: '2026-10-09T17:30:00+08:00',
    }),
    provisional: meta(z.boolean(), { description: '计算跨越了尚未公布安排的日期，期限可能变化' }),
  }),
  { id: 'Deadline' },
);

export const CalendarOverride = meta(
  z.safeExtend(PutOverrideBody, {
    date: meta(z.string(), { example: '2026-10-12' }),
    updatedAt: IsoDateTime,
    updatedBy: Actor,
  }),
  { id: 'CalendarOverride' },
);

export const CalendarNotice = meta(
  z.safeExtend(PutYearBody, {
    year: meta(int(), { example: 2027 }),
    updatedAt: IsoDateTime,
    updatedBy: Actor,
  }),
  { id: 'CalendarNotice' },
);

export const CalendarChangeSummary = meta(
  z.object({
    id: meta(z.nullable(z.string()), {
      description: '本次日历变更的编号（重新计算任务）；无结论改变时为 null',
    }),
    changedDays: meta(z.array(z.object({ date: z.string(), workday: z.boolean() })), {
      description: '结论因此改变的日期（全省口径，或该通知的区域口径）及其新结论',
    }),
    status: meta(z.enum(['queued', 'done']), {
      description: 'queued：未办结工单与待回访的期限正在后台重新计算；done：无需重新计算',
    }),
  }),
  { id: 'CalendarChange' },
);

export const YearNotices = meta(
  z.object({
    year: meta(int(), { example: 2027 }),
    schedule: meta(z.enum(['entered', 'packaged', 'provisional']), {
      description:
        'entered：已录入国务院办公厅通知 / packaged：系统内置的已公布安排 / provisional：尚未公布，按《全国年节及纪念日放假办法》暂定',
    }),
    notices: meta(z.array(CalendarNotice), { description: '已录入的通知（国务院办公厅的及各州的）' }),
  }),
  { id: 'CalendarYear' },
);

export const PutYearResponse = meta(z.object({ notice: CalendarNotice, recompute: CalendarChangeSummary }), {
  id: 'CalendarYearPublished',
});
