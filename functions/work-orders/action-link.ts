/**
 * GET/POST /actions/{token} — a handling unit acts through the signed link in its webhook or
 * e-mail, without an account (see shared/use-cases/action-link-page.ts). GET shows the order's
 * state and the forms its state allows; a plain form post (no JavaScript) acts and answers with
 * a redirect to the page and the outcome. A JSON or empty post performs the link's own action
 * and answers JSON, as before the page existed. A bad link is a Chinese page with a phone number.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { clock } from '../../shared/adapters/clock.ts';
import { type DepartmentAction, renderActionPage } from '../../shared/documents/action-page.ts';
import { AppError } from '../../shared/errors.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { htmlPage, problemPage } from '../../shared/http/html-problems.ts';
import {
  actByForm,
  actByLinkAction,
  LinkProblem,
  legalDepartmentActions,
  type ResolvedLink,
  resolveActionLink,
} from '../../shared/use-cases/action-link-page.ts';
import { fallbackHotline } from '../../shared/use-cases/citizen.ts';

// Any token reaches the use case, which answers a bad one with the HTML page (never a JSON 400).
const Params = z.object({ token: z.string() });
const Query = z.object({ done: z.enum(['ack', 'feedback', 'extension', 'return']).optional() }).catch({});
const AnyObject = z.record(z.string(), z.unknown());

const DONE: Record<DepartmentAction, string> = {
  ack: '已签收。请在办理时限前反馈办理结果。',
  feedback: '反馈已提交，中心已收到。',
  extension: '延期申请已提交，待中心主任审批。',
  return: '工单已退回中心。',
};

function linkRefused(error: unknown) {
  if (error instanceof LinkProblem) return problemPage(error.problem, error.centre);
  return problemPage(error, { phone: fallbackHotline() });
}

function page(
  link: ResolvedLink,
  extra: { message?: string; problem?: string; values?: Record<string, string> },
) {
  return renderActionPage({
    workOrder: link.workOrder,
    case: link.case,
    tenant: link.tenant,
    actions: legalDepartmentActions(link.workOrder, clock.now()),
    viewOnly: link.claims.action === 'form',
    ...extra,
  });
}

const show = httpHandler({ route: 'actionPage', params: Params, query: Query }, async (req) => {
  try {
    const link = await resolveActionLink(req.params.token);
    return htmlPage(page(link, req.query.done ? { message: DONE[req.query.done] } : {}));
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
      const done = await actByForm(link, fields);
      return {
        status: 303,
        headers: {
          location: `/actions/${encodeURIComponent(req.params.token)}?done=${done}`,
          'cache-control': 'no-store',
        },
      };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const detail = error.details?.map((d) => d.message).join('；');
      // The page again, on fresh data, with the reason and what was typed.
      const fresh = await resolveActionLink(req.params.token).catch(() => link);
      return htmlPage(
        page(fresh, { problem: detail ? `${error.message}：${detail}` : error.message, values: fields }),
        error.status,
      );
    }
  },
);

export const handler = (event: HttpEvent, context: Context) =>
  event.requestContext?.http?.method === 'POST' ? submit(event, context) : show(event, context);
