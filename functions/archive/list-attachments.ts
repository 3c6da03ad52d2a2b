/** GET /cases/{caseId}/attachments — the case's attachments in the order they were registered. */
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { listAttachments } from '../../shared/use-cases/attachments.ts';

export const handler = httpHandler({ route: 'listAttachments', params: CaseParams }, async (req) => ({
  status: 200,
  body: { items: await listAttachments(req.principal!, req.params.caseId), nextCursor: null },
}));
