/**
 * GET/POST /actions/{token} — a handling unit acts through the signed link in its webhook or
 * e-mail, without an account (see shared/use-cases/action-link-page.ts). GET shows the order's
 * state and the forms its state allows; a plain form post (no JavaScript) acts and answers with
 * a redirect to the page and the outcome (evidence files go to POST /actions/{token}/evidence,
 * action-evidence.ts). A JSON or empty post performs the link's own action and answers JSON, as before
 * the page existed. A bad link is a Chinese page with a phone number.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { htmlPage } from '../../shared/http/html-problems.ts';
import {
  actByForm,
  actByLinkAction,
  LinkProblem,
  type ResolvedLink,
  resolveActionLink,
} from '../../shared/use-cases/action-link-page.ts';
import { DONE, linkRefused, page, refusedPost, seeOutcome } from './action-responses.ts';

// Any token reaches the use case, which answers a bad one with the HTML page (never a JSON 400).
const Params = z.object({ token: z.string() });
const Query = z.catch(
  z.object({ done: z.optional(z.enum(['ack', 'feedback', 'extension', 'return', 'evidence'])) }),
  {},
);
const AnyObject = z.record(z.string(), z.unknown());

const show = httpHandler({ route: 'actionPage', params: Params, query: Query }, async (req) => {
  try {
    const link = await resolveActionLink(req.params.token);
    return htmlPage(
      await page(link, req.params.token, req.query.done ? { message: DONE[req.query.done] } : {}),
    );
  } catch (error) {
    return linkRefused(error);
  }
});

const submit = httpHandler(
  { route: 'actionSubmit', params: Params, body: AnyObject, form: true, emptyBodyAllowed: true },
  async (req) => {
    const isForm = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');
    let link: ResolvedLink;
    try {
      link = await resolveActionLink(req.params.token);
    } catch (error) {
      if (!isForm && error instanceof LinkProblem) throw error.problem;
      return linkRefused(error);
    }
    if (!isForm) return { status: 200, body: await actByLinkAction(link, req.body) };
    const fields = Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, String(v)]));
    try {
      return seeOutcome(req.params.token, await actByForm(link, fields));
    } catch (error) {
      return refusedPost(error, link, req.params.token, fields);
    }
  },
);

export const handler = (event: HttpEvent, context: Context) =>
  event.requestContext?.http?.method === 'POST' ? submit(event, context) : show(event, context);
