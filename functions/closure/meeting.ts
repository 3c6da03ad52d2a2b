/** POST /cases/{caseId}/meetings — 专班会议纪要. */
import { httpHandler } from '../../shared/http/handler.ts';
import { MeetingBody } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { recordMeeting } from '../../shared/use-cases/closure.ts';

export const handler = httpHandler(
  { route: 'recordMeeting', params: CaseParams, body: MeetingBody },
  async (req) => ({
    status: 200,
    body: await recordMeeting(req.principal!, req.params.caseId, req.body),
  }),
);
