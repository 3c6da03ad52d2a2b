/** POST /cases/{caseId}/archive — 存档: write the package, then freeze the case. */
import { httpHandler } from '../../shared/http/handler.ts';
import { ifMatchVersion } from '../../shared/http/headers.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { archiveCase } from '../../shared/use-cases/archive.ts';

export const handler = httpHandler({ route: 'archiveCase', params: CaseParams }, async (req) => {
  const archived = await archiveCase(req.principal!, req.params.caseId, ifMatchVersion(req.headers));
  return { status: 200, body: archived, headers: { etag: `"${archived.version}"` } };
});
