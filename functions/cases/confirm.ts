/** POST /cases/{caseId}/confirmation — 办理对象确认. */
import { httpHandler } from '../../shared/http/handler.ts';
import { ifMatchVersion } from '../../shared/http/headers.ts';
import { ConfirmationBody } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { confirmCase } from '../../shared/use-cases/case-changes.ts';

export const handler = httpHandler(
  { route: 'confirmCase', params: CaseParams, body: ConfirmationBody },
  async (req) => {
    const updated = await confirmCase(
      req.principal!,
      req.params.caseId,
      req.body,
      ifMatchVersion(req.headers),
    );
    return { status: 200, body: updated, headers: { etag: `"${updated.version}"` } };
  },
);
