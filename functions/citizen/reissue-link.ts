/** POST /cases/{caseId}/status-link — revoke the reporter's status link and issue a new one. */
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { reissueStatusLink } from '../../shared/use-cases/citizen.ts';

export const handler = httpHandler({ route: 'reissueStatusLink', params: CaseParams }, async (req) => ({
  status: 200,
  body: await reissueStatusLink(req.principal!, req.params.caseId),
}));
