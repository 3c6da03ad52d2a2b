/** GET /cases/{caseId}/follow-ups — the case's follow-up records (回访记录), one page at a time. */
import { followUpPage } from '../../shared/adapters/case-records.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { RecordPageQuery } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';

export const handler = httpHandler(
  { route: 'listFollowUps', params: CaseParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await followUpPage(scopeOf(req.principal!), req.params.caseId, req.query),
  }),
);
