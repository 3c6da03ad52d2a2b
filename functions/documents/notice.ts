/** GET /cases/{caseId}/notice — the one-time notice, printable HTML (A4, one page). */
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { noticeHtml } from '../../shared/use-cases/documents.ts';

export const handler = httpHandler({ route: 'noticeForm', params: CaseParams }, async (req) => ({
  status: 200,
  body: await noticeHtml(req.principal!, req.params.caseId),
  contentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'no-store' },
}));
