/** GET /cases/{caseId}/meetings — the case's task-force meetings (专班会议纪要), one page at a time. */
import { meetingPage } from '../../shared/adapters/case-records.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { RecordPageQuery } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler(
  { route: 'listMeetings', params: CaseParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await meetingPage(scopeOf(req.principal!), req.params.caseId, req.query),
  }),
);
