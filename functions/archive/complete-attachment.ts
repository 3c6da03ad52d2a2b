/** POST /cases/{caseId}/attachments/{attachmentId}/complete — confirm the upload (size and SHA-256). */
import { httpHandler } from '../../shared/http/handler.ts';
import { AttachmentParams } from '../../shared/schemas/attachment.ts';
import { completeAttachment } from '../../shared/use-cases/attachments.ts';

export const handler = httpHandler(
  { route: 'completeAttachment', params: AttachmentParams },
  async (req) => ({
    status: 200,
    body: await completeAttachment(req.principal!, req.params.caseId, req.params.attachmentId),
  }),
);
