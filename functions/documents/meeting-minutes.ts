/** GET /cases/{caseId}/meetings/{meetingId}/minutes — 专班会议纪要, printable HTML (A4). */
import { httpHandler } from '../../shared/http/handler.ts';
import { MeetingParams } from '../../shared/schemas/params.ts';
import { meetingMinutesHtml } from '../../shared/use-cases/documents.ts';

export const handler = httpHandler({ route: 'meetingMinutes', params: MeetingParams }, async (req) => ({
  status: 200,
  body: await meetingMinutesHtml(req.principal!, req.params.caseId, req.params.meetingId),
  contentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'no-store' },
}));
