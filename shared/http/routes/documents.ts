/** Routes of the `documents` area: the printable forms of the standard's appendix. */
import { type Route, STAFF_PLUS } from '../route-types.ts';

export const documentRoutes = [
  {
    id: 'intakeForm',
    method: 'GET',
    path: '/cases/{caseId}/forms/intake',
    entry: 'functions/documents/case-documents.ts',
    roles: STAFF_PLUS,
    table: 'read',
    summary: '表A.1 “办不成事”反映窗口问题受理单（可打印）',
    tag: 'documents',
  },
  {
    id: 'transferForm',
    method: 'GET',
    path: '/work-orders/{workOrderId}/forms/transfer',
    entry: 'functions/documents/transfer-form.ts',
    roles: [...STAFF_PLUS, 'department'],
    table: 'read',
    summary: '表A.2 “办不成事”反映窗口问题转办单（可打印）',
    tag: 'documents',
  },
  {
    id: 'noticeForm',
    method: 'GET',
    path: '/cases/{caseId}/notice',
    entry: 'functions/documents/case-documents.ts',
    roles: STAFF_PLUS,
    table: 'read',
    summary: '一次性告知书（可打印）',
    tag: 'documents',
  },
  {
    id: 'meetingMinutes',
    method: 'GET',
    path: '/cases/{caseId}/meetings/{meetingId}/minutes',
    entry: 'functions/documents/case-documents.ts',
    roles: STAFF_PLUS,
    table: 'read',
    summary: '专班会议纪要（可打印）',
    tag: 'documents',
  },
] as const satisfies readonly Route[];
