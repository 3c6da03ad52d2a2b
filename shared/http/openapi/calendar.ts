/** OpenAPI operations of the `calendar` routes. */
import {
  CalendarOverride,
  DeadlineQuery,
  DeadlineResponse,
  OverrideParams,
  PutOverrideBody,
  WorkdaysQuery,
  WorkdaysResponse,
} from '../../schemas/calendar.ts';
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
    ok: { status: '200', schema: CalendarOverride, description: '已保存；此后计算的期限按此执行' },
  },
};
