/** GET /cases/{caseId}/archive — the archive package with download URLs; `?verify=true` re-hashes it. */
import { httpHandler } from '../../shared/http/handler.ts';
import { ArchiveQuery } from '../../shared/schemas/attachment.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { getArchive } from '../../shared/use-cases/archive.ts';

export const handler = httpHandler(
  { route: 'getArchive', params: CaseParams, query: ArchiveQuery },
  async (req) => ({
    status: 200,
    body: await getArchive(req.principal!, req.params.caseId, { verify: req.query.verify === 'true' }),
    headers: { 'cache-control': 'no-store' },
  }),
);
