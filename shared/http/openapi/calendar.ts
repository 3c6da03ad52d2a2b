/** OpenAPI operations of the `calendar` routes. */
import * as z from 'zod/mini';
import {
  DeadlineQuery,
  OverrideParams,
  PutOverrideBody,
  PutYearBody,
  WorkdaysQuery,
  YearParams,
} from '../../schemas/calendar.ts';
import {
  CalendarChangeSummary,
  CalendarOverride,
  DeadlineResponse,
  PutYearResponse,
  WorkdaysResponse,
  YearNotices,
} from '../../schemas/responses/calendar.ts';
import type { calendarRoutes } from '../routes/calendar.ts';
import { jsonBody, type Operation } from './common.ts';

export const calendarOperations: Record<(typeof calendarRoutes)[number]['id'], Operation> = {
  listWorkdays: {
    requestParams: { query: WorkdaysQuery },
    ok: { status: '200', schema: WorkdaysResponse, description: '每日是否上班及原因（最多366天）' },
  },
  getDeadline: {
    requestParams: { query: DeadlineQuery },
    ok: { status: '200', schema: DeadlineResponse, description: '到期时间' },
  },
  putCalendarOverride: {
    requestParams: { path: OverrideParams },
    requestBody: jsonBody(PutOverrideBody),
    ok: {
      status: '200',
      schema: z.safeExtend(CalendarOverride, { recompute: CalendarChangeSummary }),
      description: '已保存；此后计算的期限按此执行，已有的未办结期限在后台重新计算',
    },
  },
  getCalendarYear: {
    requestParams: { path: YearParams },
    ok: { status: '200', schema: YearNotices, description: '已录入的通知与该年安排的来源' },
  },
  putCalendarYear: {
    requestParams: { path: YearParams },
    requestBody: jsonBody(PutYearBody),
    ok: {
      status: '200',
      schema: PutYearResponse,
      description: '已保存，替代该年（该区域）的暂定安排；已有的未办结期限在后台重新计算',
    },
  },
};
