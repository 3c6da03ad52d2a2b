/**
 * GET/POST /actions/{token} — a handling unit acts through the signed link in its webhook or
 * e-mail, without an account (see shared/use-cases/action-link-page.ts). GET shows the order's
 * state and the forms its state allows; a plain form post (no JavaScript) acts and answers with
 * a redirect to the page and the outcome; a `multipart/form-data` post uploads one evidence file
 * (shared/use-cases/evidence-upload.ts, loaded only then: the S3 client stays out of the page's
 * cold start). A JSON or empty post performs the link's own action and answers JSON, as before
 * the page existed. A bad link is a Chinese page with a phone number.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { htmlPage } from '../../shared/http/html-problems.ts';
import { isMultipart, parseMultipart } from '../../shared/http/multipart.ts';
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
const Query = z
  .object({ done: z.enum(['ack', 'feedback', 'extension', 'return', 'evidence']).optional() })
  .catch({});
const AnyObject = z.record(z.string(), z.unknown());

const show = httpHandler({ route: 'actionPage', params: Params, query: Query }, async (req) => {
  try {
    const link = await resolveActionLink(req.params.token);
    return htmlPage(await page(link, req.query.done ? { message: DONE[req.query.done] } : {}));
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

/** Evidence (办理佐证材料): a plain `multipart/form-data` form with one file, no JavaScript. */
const upload = httpHandler({ route: 'actionSubmit', params: Params, rawBody: true }, async (req) => {
  let link: ResolvedLink;
  try {
    link = await resolveActionLink(req.params.token);
  } catch (error) {
    return linkRefused(error);
  }
  let fields: Record<string, string> = { action: 'evidence' };
  try {
    const { MAX_EVIDENCE_BYTES, uploadEvidence } = await import('../../shared/use-cases/evidence-upload.ts');
    const form = await parseMultipart(req.rawBody ?? Buffer.alloc(0), req.headers['content-type'] ?? '', {
      maxFileBytes: MAX_EVIDENCE_BYTES,
      maxFieldBytes: 8 * 1024,
      maxFields: 10,
    });
    fields = { ...form.fields, action: 'evidence' };
    await uploadEvidence(link, form);
    return seeOutcome(req.params.token, 'evidence');
  } catch (error) {
    return refusedPost(error, link, req.params.token, fields);
  }
});

export const handler = (event: HttpEvent, context: Context) => {
  if (event.requestContext?.http?.method !== 'POST') return show(event, context);
  return isMultipart(event.headers?.['content-type']) ? upload(event, context) : submit(event, context);
};
