/** POST /cases/{caseId}/follow-up — 回访. */
import { httpHandler } from '../../shared/http/handler.ts';
import { FollowUpBody } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { followUp } from '../../shared/use-cases/closure.ts';

export const handler = httpHandler(
  { route: 'followUpCase', params: CaseParams, body: FollowUpBody },
  async (req) => ({
    status: 200,
    body: await followUp(req.principal!, req.params.caseId, req.body),
  }),
);
