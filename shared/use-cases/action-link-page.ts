/**
 * A handling unit acting through its signed link (操作链接), without an account.
 *
 * Primary course:
 *  1. The token is verified (HMAC, expiry) and names one work order of one department; the
 *     order must still be that department's (else the link is superseded, e.g. re-transferred).
 *  2. The page offers only what the order's state allows now: 签收 while not signed for,
 *     反馈 (progress or result, with the answer for the reporter) while open, 延期申请 while
 *     open, before the due time and with none pending, 退回 while open.
 *  3. A post names the acting officer; the change is made as that person of the unit (the
 *     trail and `acknowledgedBy`/`feedback.by` keep the name), through the same use cases as
 *     the signed-in department routes.
 *  4. Evidence (办理佐证材料) is posted to `/actions/{token}/evidence` (evidence-upload.ts) and
 *     listed on the page (`evidenceOf`).
 *
 * An invalid, expired or superseded link is a `LinkProblem` carrying the centre's phone when
 * the centre is known (an expired link's signature still holds, so its claims can be read).
 */
import { clock } from '../adapters/clock.ts';
import type { DepartmentAction } from '../documents/action-page.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { ExtensionRequestBody, FeedbackBody, ReturnBody, type WorkOrder } from '../schemas/work-order.ts';
import { legalDepartmentActions, linkPrincipal, OfficerName, type ResolvedLink } from './action-link.ts';
import { requestExtension } from './deadline-changes.ts';
import { acknowledgeWorkOrder, giveFeedback, returnWorkOrder } from './work-orders.ts';

export {
  evidenceOf,
  LinkProblem,
  legalDepartmentActions,
  linkPrincipal,
  OfficerName,
  type ResolvedLink,
  resolveActionLink,
} from './action-link.ts';

/**
 * A form post from the page: `action` and its fields, all strings. Only an action the state
 * allows is taken; a view-only link takes none.
 */
export async function actByForm(
  link: ResolvedLink,
  fields: Record<string, string>,
): Promise<DepartmentAction> {
  if (link.claims.action === 'form') throw new ForbiddenError('此链接只能查看转办单');
  const action = fields.action as DepartmentAction;
  if (!legalDepartmentActions(link.workOrder, clock.now()).includes(action)) {
    throw new ValidationError('该操作当前不可用，请刷新页面', [
      { field: 'action', message: '工单状态已变化' },
    ]);
  }
  const principal = linkPrincipal(link, OfficerName(fields.officerName));
  const id = link.workOrder.id;
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  switch (action) {
    case 'ack':
      await acknowledgeWorkOrder(principal, id);
      break;
    case 'feedback': {
      const citizenReply = text(fields.citizenReply);
      await giveFeedback(
        principal,
        id,
        parseOrThrow(
          FeedbackBody,
          { kind: fields.kind, content: fields.content ?? '', ...(citizenReply ? { citizenReply } : {}) },
          '反馈内容',
        ),
      );
      break;
    }
    case 'extension':
      await requestExtension(
        principal,
        id,
        parseOrThrow(
          ExtensionRequestBody,
          { reason: fields.reason ?? '', workdays: Number(fields.workdays) },
          '延期申请',
        ),
      );
      break;
    case 'return':
      await returnWorkOrder(
        principal,
        id,
        parseOrThrow(ReturnBody, { reason: fields.reason ?? '' }, '退回理由'),
      );
      break;
  }
  return action;
}

/** A JSON (or empty) post, as e-mail buttons and scripts made before the page: the link's own action. */
export async function actByLinkAction(link: ResolvedLink, raw: Record<string, unknown>): Promise<WorkOrder> {
  const principal = linkPrincipal(
    link,
    typeof raw.officerName === 'string' ? OfficerName(raw.officerName) : undefined,
  );
  const { officerName: _o, ...body } = raw;
  const id = link.workOrder.id;
  switch (link.claims.action) {
    case 'ack':
      return acknowledgeWorkOrder(principal, id);
    case 'feedback':
      return giveFeedback(principal, id, parseOrThrow(FeedbackBody, body, '反馈内容'));
    case 'return':
      return returnWorkOrder(principal, id, parseOrThrow(ReturnBody, body, '退回理由'));
    case 'form':
      throw new ForbiddenError('此链接只能查看转办单');
  }
}
