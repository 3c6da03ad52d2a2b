/**
 * GET/POST /actions/{token} — a handling unit acts through the signed link in its webhook or
 * e-mail, without an account (see shared/use-cases/action-link-page.ts). GET shows the order's
 * state and the forms its state allows; a plain form post (no JavaScript) acts and answers with
 * a redirect to the page and the outcome; a `multipart/form-data` post uploads one evidence file
 * the same way. A JSON or empty post performs the link's own action and answers JSON, as before
 * the page existed. A bad link is a Chinese page with a phone number.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { clock } from '../../shared/adapters/clock.ts';
import { type DepartmentAction, renderActionPage } from '../../shared/documents/action-page.ts';
import { AppError } from '../../shared/errors.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { htmlPage, problemPage } from '../../shared/http/html-problems.ts';
import { isMultipart, parseMultipart } from '../../shared/http/multipart.ts';
import {
  actByForm,
  actByLinkAction,
  LinkProblem,
  legalDepartmentActions,
  MAX_EVIDENCE_BYTES,
  type ResolvedLink,
  resolveActionLink,
  uploadEvidence,
} from '../../shared/use-cases/action-link-page.ts';
import { evidenceOf } from '../../shared/use-cases/attachments.ts';
import { fallbackHotline } from '../../shared/use-cases/citizen.ts';

// Any token reaches the use case, which answers a bad one with the HTML page (never a JSON 400).
const Params = z.object({ token: z.string() });
const Query = z
  .object({ done: z.enum(['ack', 'feedback', 'extension', 'return', 'evidence']).optional() })
  .catch({});
const AnyObject = z.record(z.string(), z.unknown());

const DONE: Record<DepartmentAction, string> = {
  ack: '已签收。请在办理时限前反馈办理结果。',
  feedback: '反馈已提交，中心已收到。',
  extension: '延期申请已提交，待中心主任审批。',
  return: '工单已退回中心。',
  evidence: '材料已上传，中心可在案件附件中查看。',
};

function linkRefused(error: unknown) {
  if (error instanceof LinkProblem) return problemPage(error.problem, error.centre);
  return problemPage(error, { phone: fallbackHotline() });
}

async function page(
  link: ResolvedLink,
  extra: { message?: string; problem?: string; values?: Record<string, string> },
) {
  return renderActionPage({
    workOrder: link.workOrder,
    case: link.case,
    tenant: link.tenant,
    actions: legalDepartmentActions(link.workOrder, clock.now()),
    viewOnly: link.claims.action === 'form',
    evidence: await evidenceOf(link.workOrder.caseId, link.workOrder.id),
    ...extra,
  });
}

const seeOutcome = (token: string, done: DepartmentAction) => ({
  status: 303,
  headers: {
    location: `/actions/${encodeURIComponent(token)}?done=${done}`,
    'cache-control': 'no-store',
  },
});

/** A refused post: the page again, on fresh data, with the reason and what was typed. */
async function refusedPost(
  error: unknown,
  link: ResolvedLink,
  token: string,
  values: Record<string, string>,
) {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const detail = error.details?.map((d) => d.message).join('；');
  const fresh = await resolveActionLink(token).catch(() => link);
  return htmlPage(
    await page(fresh, { problem: detail ? `${error.message}：${detail}` : error.message, values }),
    error.status,
  );
}

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
