/**
 * The answers both action-link functions give (GET/POST /actions/{token} and POST
 * /actions/{token}/evidence): the page, the redirect to it with the outcome, the page again
 * after a refused post, and the Chinese page with a phone number for a bad link.
 */
import { clock } from '../../shared/adapters/clock.ts';
import { fallbackHotline } from '../../shared/config.ts';
import { type DepartmentAction, renderActionPage } from '../../shared/documents/action-page.ts';
import { AppError } from '../../shared/errors.ts';
import type { HttpResult } from '../../shared/http/handler.ts';
import { htmlPage, problemPage } from '../../shared/http/html-problems.ts';
import {
  evidenceOf,
  LinkProblem,
  legalDepartmentActions,
  type ResolvedLink,
  resolveActionLink,
} from '../../shared/use-cases/action-link.ts';

export const DONE: Record<DepartmentAction, string> = {
  ack: '已签收。请在办理时限前反馈办理结果。',
  feedback: '反馈已提交，中心已收到。',
  extension: '延期申请已提交，待中心主任审批。',
  return: '工单已退回中心。',
  evidence: '材料已上传，中心可在案件附件中查看。',
};

export function linkRefused(error: unknown): HttpResult {
  if (error instanceof LinkProblem) return problemPage(error.problem, error.centre);
  return problemPage(error, { phone: fallbackHotline() });
}

export async function page(
  link: ResolvedLink,
  token: string,
  extra: { message?: string; problem?: string; values?: Record<string, string> },
): Promise<string> {
  return renderActionPage({
    workOrder: link.workOrder,
    case: link.case,
    tenant: link.tenant,
    actions: legalDepartmentActions(link.workOrder, clock.now()),
    viewOnly: link.claims.action === 'form',
    evidence: await evidenceOf(link.workOrder),
    evidencePath: `/actions/${encodeURIComponent(token)}/evidence`,
    ...extra,
  });
}

export const seeOutcome = (token: string, done: DepartmentAction): HttpResult => ({
  status: 303,
  headers: {
    location: `/actions/${encodeURIComponent(token)}?done=${done}`,
    'cache-control': 'no-store',
  },
});

/** A refused post: the page again, on fresh data, with the reason and what was typed. */
export async function refusedPost(
  error: unknown,
  link: ResolvedLink,
  token: string,
  values: Record<string, string>,
): Promise<HttpResult> {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const detail = error.details?.map((d) => d.message).join('；');
  const fresh = await resolveActionLink(token).catch(() => link);
  return htmlPage(
    await page(fresh, token, { problem: detail ? `${error.message}：${detail}` : error.message, values }),
    error.status,
  );
}
