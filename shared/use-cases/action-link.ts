/**
 * A handling unit's signed link (操作链接) resolved to its work order, and what the order's
 * state lets the unit do now — the part of action-link-page.ts that the evidence function
 * (POST /actions/{token}/evidence) needs too, apart so that function carries neither the
 * work-order use cases nor their calendars.
 *
 * Primary course:
 *  1. The token is verified (HMAC, expiry) and names one work order of one department; the
 *     order must still be that department's (else the link is superseded, e.g. re-transferred).
 *  2. The page offers only what the order's state allows now (`legalDepartmentActions`).
 *  3. The unit acts as the named officer of the unit (`linkPrincipal`).
 *
 * An invalid, expired or superseded link is a `LinkProblem` carrying the centre's phone when
 * the centre is known (an expired link's signature still holds, so its claims can be read).
 */
import { publicCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { table } from '../adapters/dynamo.ts';
import { queryAll } from '../adapters/paging.ts';
import { readActionLinkSecrets } from '../adapters/secrets.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { loadForWorkOrder } from '../adapters/work-order-store.ts';
import { fallbackHotline } from '../config.ts';
import type { DepartmentAction } from '../documents/action-page.ts';
import { type ActionClaims, verifyActionToken } from '../domain/action-links.ts';
import type { Principal } from '../domain/identity.ts';
import { canApplyToWorkOrder, isOpen, parseWorkOrderId } from '../domain/work-order.ts';
import { type AppError, NotFoundError, UnauthorizedError, ValidationError } from '../errors.ts';
import type { Attachment } from '../schemas/attachment.ts';
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { keys } from '../table.ts';

/** A link that cannot be used, with whom to call. */
export class LinkProblem extends Error {
  constructor(
    readonly problem: AppError,
    readonly centre: { name?: string; phone: string },
  ) {
    super(problem.message, { cause: problem });
    this.name = 'LinkProblem';
  }
}

export interface ResolvedLink {
  claims: ActionClaims;
  workOrder: WorkOrder;
  case: Case;
  tenant: Tenant;
}

const centreOf = (tenant: Tenant | undefined) => ({
  ...(tenant ? { name: tenant.name } : {}),
  phone: tenant?.contact?.phone ?? fallbackHotline(),
});

export async function resolveActionLink(token: string): Promise<ResolvedLink> {
  const keys = await readActionLinkSecrets();
  let claims: ActionClaims;
  try {
    claims = verifyActionToken(token, keys, clock.now());
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    // Expired: the signature holds, so the claims name the centre to call.
    const stale = (() => {
      try {
        return verifyActionToken(token, keys, new Date(0));
      } catch {
        return undefined;
      }
    })();
    const tenant = stale
      ? await getTenant({ kind: 'all' }, stale.tenantId).catch(() => undefined)
      : undefined;
    throw new LinkProblem(error, centreOf(tenant));
  }
  const parsed = parseWorkOrderId(claims.workOrderId);
  const loaded = parsed
    ? await loadForWorkOrder(parsed.caseId, parsed.n, claims.tenantId, undefined)
    : { stored: undefined, workOrder: undefined, tenant: undefined };
  const wo = loaded.workOrder;
  if (!wo || !loaded.stored || !loaded.tenant || wo.tenantId !== claims.tenantId) {
    throw new LinkProblem(new NotFoundError('工单不存在，请联系便民服务中心'), centreOf(loaded.tenant));
  }
  if (wo.departmentId !== claims.departmentId) {
    throw new LinkProblem(
      new NotFoundError('此链接已失效（工单已改由其他单位办理），请联系便民服务中心'),
      centreOf(loaded.tenant),
    );
  }
  return { claims, workOrder: wo, case: publicCase(loaded.stored), tenant: loaded.tenant };
}

/** What the order's state allows the unit to do now. */
export function legalDepartmentActions(wo: WorkOrder, now: Date): DepartmentAction[] {
  const actions: DepartmentAction[] = [];
  if (!wo.acknowledgedAt && canApplyToWorkOrder('acknowledge', wo.status)) actions.push('ack');
  if (canApplyToWorkOrder('report_result', wo.status)) actions.push('feedback');
  if (
    isOpen(wo.status) &&
    wo.extension?.status !== 'pending' &&
    now.getTime() < new Date(wo.dueAt).getTime()
  ) {
    actions.push('extension');
  }
  if (canApplyToWorkOrder('return', wo.status)) actions.push('return');
  // Evidence while the order runs, and for the record once it is answered.
  if (isOpen(wo.status) || wo.status === 'completed') actions.push('evidence');
  return actions;
}

/** The evidence this order's department posted so far (one Query of the case's attachment items). */
export async function evidenceOf(wo: WorkOrder): Promise<Attachment[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :att)',
    FilterExpression: 'workOrderId = :wo',
    ExpressionAttributeValues: { ':pk': keys.attachment(wo.caseId, '').pk, ':att': 'ATT#', ':wo': wo.id },
  });
  return items
    .map(({ pk: _pk, sk: _sk, type: _type, ...rest }) => rest as Attachment)
    .sort((a, b) => a.eventSeq - b.eventSeq);
}

/** The unit acting through the link, as the use cases see it: the named officer of the unit. */
export function linkPrincipal(link: ResolvedLink, officerName: string | undefined): Principal {
  return {
    id: `link:${link.claims.departmentId}`,
    name: officerName ?? link.workOrder.departmentName,
    role: 'department',
    tenantId: link.claims.tenantId,
    departmentId: link.claims.departmentId,
  };
}

export const OfficerName = (raw: unknown) => {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name || name.length > 50) {
    throw new ValidationError('请填写经办人姓名', [
      { field: 'officerName', message: '请填写经办人姓名（50字以内）' },
    ]);
  }
  return name;
};
