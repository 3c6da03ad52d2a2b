/** GET /cases/{caseId}/attachments/{attachmentId} — the record and a 5-minute download URL. */
import { httpHandler } from '../../shared/http/handler.ts';
import { AttachmentParams } from '../../shared/schemas/attachment.ts';
import { getAttachment } from '../../shared/use-cases/attachments.ts';

export const handler = httpHandler({ route: 'getAttachment', params: AttachmentParams }, async (req) => ({
  status: 200,
  body: await getAttachment(req.principal!, req.params.caseId, req.params.attachmentId),
  headers: { 'cache-control': 'no-store' },
}));
