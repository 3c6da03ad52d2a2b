/** Routes of the `calendar` area (working days, deadlines, overrides); merged in ../routes.ts. */
import { type Route, SIGNED_IN, STAFF_PLUS } from '../route-types.ts';

export const calendarRoutes = [
  {
    id: 'listWorkdays',
    method: 'GET',
    path: '/calendar/workdays',
    entry: 'functions/calendar/workdays.ts',
    roles: SIGNED_IN,
    table: 'read',
    summary: '工作日历：列出一段日期的工作日与节假日',
    tag: 'calendar',
  },
  {
    id: 'getDeadline',
    method: 'GET',
    path: '/calendar/deadline',
    entry: 'functions/calendar/deadline.ts',
    roles: STAFF_PLUS,
    table: 'read',
    summary: '办理期限：按本中心日历计算转办的到期时间（与转办同一规则）',
    tag: 'calendar',
  },
  {
    id: 'putCalendarOverride',
    method: 'PUT',
    path: '/calendar/overrides/{date}',
    entry: 'functions/calendar/put-override.ts',
    roles: ['admin'],
    table: 'readWrite',
    queues: ['calendarRecompute'],
    summary: '调整某日是否上班（全省或指定区域）；受影响的未办结期限随后重新计算',
    tag: 'calendar',
  },
  {
    id: 'putCalendarYear',
    method: 'PUT',
    path: '/calendar/years/{year}',
    entry: 'functions/calendar/put-year.ts',
    roles: ['admin'],
    table: 'readWrite',
    queues: ['calendarRecompute'],
    summary: '录入某年节假日安排通知（国务院办公厅，或民族地区州通知）；受影响的未办结期限随后重新计算',
    tag: 'calendar',
  },
] as const satisfies readonly Route[];
