/** POST /cases/{caseId}/close — 办结. */
import { httpHandler } from '../../shared/http/handler.ts';
import { ifMatchVersion } from '../../shared/http/headers.ts';
import { CloseBody } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { closeCase } from '../../shared/use-cases/closure.ts';

export const handler = httpHandler(
  { route: 'closeCase', params: CaseParams, body: CloseBody },
  async (req) => {
    const closed = await closeCase(req.principal!, req.params.caseId, req.body, ifMatchVersion(req.headers));
    return { status: 200, body: closed, headers: { etag: `"${closed.version}"` } };
  },
);
