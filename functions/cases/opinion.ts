/** POST /cases/{caseId}/opinion — 处理意见. */
import { httpHandler } from '../../shared/http/handler.ts';
import { ifMatchVersion } from '../../shared/http/headers.ts';
import { OpinionBody } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { giveOpinion } from '../../shared/use-cases/case-changes.ts';

export const handler = httpHandler(
  { route: 'giveOpinion', params: CaseParams, body: OpinionBody },
  async (req) => {
    const updated = await giveOpinion(
      req.principal!,
      req.params.caseId,
      req.body,
      ifMatchVersion(req.headers),
    );
    return { status: 200, body: updated, headers: { etag: `"${updated.version}"` } };
  },
);
