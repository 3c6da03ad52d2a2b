/**
 * A case's printable documents (HTML, A4), in one function: GET /cases/{caseId}/forms/intake —
 * Form A.1 (one page); GET /cases/{caseId}/notice — the one-time notice (one page);
 * GET /cases/{caseId}/meetings/{meetingId}/minutes — a task-force meeting's minutes (专班会议纪要).
 */
import { httpHandler } from '../../shared/http/handler.ts';
import { routeSwitch } from '../../shared/http/route-switch.ts';
import { CaseParams, MeetingParams } from '../../shared/schemas/params.ts';
import { intakeFormHtml, meetingMinutesHtml, noticeHtml } from '../../shared/use-cases/documents.ts';

const printable = (body: string) => ({
  status: 200,
  body,
  contentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'no-store' },
});

const intakeForm = httpHandler({ route: 'intakeForm', params: CaseParams }, async (req) =>
  printable(await intakeFormHtml(req.principal!, req.params.caseId)),
);
const noticeForm = httpHandler({ route: 'noticeForm', params: CaseParams }, async (req) =>
  printable(await noticeHtml(req.principal!, req.params.caseId)),
);
const meetingMinutes = httpHandler({ route: 'meetingMinutes', params: MeetingParams }, async (req) =>
  printable(await meetingMinutesHtml(req.principal!, req.params.caseId, req.params.meetingId)),
);

export const handler = routeSwitch({ intakeForm, noticeForm, meetingMinutes });
