/**
 * GET /s/{token} — the reporter's status page; POST /s/{token}/rating — 好差评 once closed;
 * POST /s/{token}/sms-opt-out — 退订. Plain HTML, forms posted without JavaScript, each post
 * answered by a redirect to the page (so a reload does not post again).
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { renderStatusPage } from '../../shared/documents/status-page.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { htmlPage, problemPage } from '../../shared/http/html-problems.ts';
import { parseOrThrow } from '../../shared/http/validation.ts';
import { CitizenRatingBody } from '../../shared/schemas/case.ts';
import {
  fallbackHotline,
  optOutOfSms,
  rateByReporter,
  StatusLinkError,
  statusByToken,
} from '../../shared/use-cases/citizen.ts';

// Any token reaches the use case, which refuses it with the HTML page (never a JSON 400).
const Params = z.object({ token: z.string() });
const Query = z.catch(z.object({ done: z.optional(z.enum(['rated', 'opted_out'])) }), {});
const Form = z.record(z.string(), z.string());

const DONE = { rated: '感谢您的评价！', opted_out: '已退订本案的短信通知。' } as const;

function refused(error: unknown) {
  const centre = error instanceof StatusLinkError ? error.centre : { phone: fallbackHotline() };
  return problemPage(error, centre, { href: '/status', label: '用编号和手机号查询' });
}

const see = (token: string, done: keyof typeof DONE) => ({
  status: 303,
  headers: { location: `/s/${encodeURIComponent(token)}?done=${done}`, 'cache-control': 'no-store' },
});

const page = httpHandler({ route: 'citizenStatus', params: Params, query: Query }, async (req) => {
  try {
    const view = await statusByToken(req.params.token, req.sourceIp);
    const done = req.query.done;
    return htmlPage(renderStatusPage(view, done ? { message: DONE[done] } : {}));
  } catch (error) {
    return refused(error);
  }
});

const rate = httpHandler(
  { route: 'citizenRating', params: Params, body: Form, form: true, emptyBodyAllowed: true },
  async (req) => {
    try {
      const body = parseOrThrow(CitizenRatingBody, req.body, '评价');
      await rateByReporter(req.params.token, req.sourceIp, body);
      return see(req.params.token, 'rated');
    } catch (error) {
      return refused(error);
    }
  },
);

const optOut = httpHandler(
  { route: 'citizenSmsOptOut', params: Params, body: Form, form: true, emptyBodyAllowed: true },
  async (req) => {
    try {
      await optOutOfSms(req.params.token, req.sourceIp);
      return see(req.params.token, 'opted_out');
    } catch (error) {
      return refused(error);
    }
  },
);

export const handler = (event: HttpEvent, context: Context) => {
  const path = event.requestContext?.http?.path ?? event.rawPath ?? '';
  if (event.requestContext?.http?.method !== 'POST') return page(event, context);
  return path.endsWith('/rating') ? rate(event, context) : optOut(event, context);
};
