/** POST /cases/{caseId}/attachments — register an attachment and get its presigned upload URL. */
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotencyKey } from '../../shared/http/headers.ts';
import { CreateAttachmentBody } from '../../shared/schemas/attachment.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { addAttachment } from '../../shared/use-cases/attachments.ts';

export const handler = httpHandler(
  { route: 'createAttachment', params: CaseParams, body: CreateAttachmentBody },
  async (req) => {
    const key = idempotencyKey(req.headers);
    const { ticket, replayed } = await addAttachment(req.principal!, req.params.caseId, req.body, {
      ...(key ? { idempotencyKey: key } : {}),
    });
    return {
      status: 201,
      body: ticket,
      headers: {
        location: `/cases/${req.params.caseId}/attachments/${ticket.attachmentId}`,
        'cache-control': 'no-store',
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      },
    };
  },
);
