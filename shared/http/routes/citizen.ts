/** Routes of the `citizen` area: the reporter's status page from the printed QR code, no account. */
import { type Route, STAFF_PLUS } from '../route-types.ts';

export const citizenRoutes = [
  {
    id: 'citizenStatus',
    method: 'GET',
    path: '/s/{token}',
    entry: 'functions/citizen/status.ts',
    roles: 'public',
    // Writes only the guessing guard's counters.
    table: 'readWrite',
    summary: '反映人办理进度查询页（扫码进入，免登录）',
    tag: 'citizen',
  },
  {
    id: 'citizenRating',
    method: 'POST',
    path: '/s/{token}/rating',
    entry: 'functions/citizen/status.ts',
    roles: 'public',
    table: 'readWrite',
    // A bad rating tells the duty chief and the director (staff-notices.ts).
    summary: '反映人办结后评价（好差评，只记一次）',
    tag: 'citizen',
  },
  {
    id: 'citizenSmsOptOut',
    method: 'POST',
    path: '/s/{token}/sms-opt-out',
    entry: 'functions/citizen/status.ts',
    roles: 'public',
    table: 'readWrite',
    summary: '反映人退订本案短信',
    tag: 'citizen',
  },
  {
    id: 'citizenLookupForm',
    method: 'GET',
    path: '/status',
    entry: 'functions/citizen/lookup.ts',
    roles: 'public',
    table: 'readWrite',
    summary: '按编号和手机号后四位查询（表单）',
    tag: 'citizen',
  },
  {
    id: 'citizenLookup',
    method: 'POST',
    path: '/status',
    entry: 'functions/citizen/lookup.ts',
    roles: 'public',
    table: 'readWrite',
    summary: '按编号和手机号后四位查询（转到查询页）',
    tag: 'citizen',
  },
  {
    id: 'reissueStatusLink',
    method: 'POST',
    path: '/cases/{caseId}/status-link',
    entry: 'functions/citizen/reissue-link.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '停用并重发反映人的查询链接（旧链接随即失效）',
    tag: 'citizen',
  },
] as const satisfies readonly Route[];
