/**
 * The printable documents of a case, from the one renderer (shared/documents) that also
 * writes the work-order e-mail and the archive copy.
 */
import { getCaseCollection, publicCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { getWorkOrder, loadForWorkOrder } from '../adapters/work-order-store.ts';
import { renderIntakeForm } from '../documents/intake-form.ts';
import { renderNotice } from '../documents/notice.ts';
import { renderTransferForm } from '../documents/transfer-form.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { shanghaiDate } from '../domain/time.ts';
import { parseWorkOrderId } from '../domain/work-order.ts';
import { NotFoundError } from '../errors.ts';

async function caseAndTenant(principal: Principal, caseId: string) {
  const scope = scopeOf(principal);
  const { stored } = await getCaseCollection(scope, caseId);
  const tenant = await getTenant({ kind: 'all' }, stored.tenantId);
  return { case: publicCase(stored), tenant };
}

/** 表A.1 受理单. */
export async function intakeFormHtml(principal: Principal, caseId: string): Promise<string> {
  return renderIntakeForm(await caseAndTenant(principal, caseId));
}

/** 一次性告知书, dated today (Asia/Shanghai). */
export async function noticeHtml(principal: Principal, caseId: string): Promise<string> {
  return renderNotice({ ...(await caseAndTenant(principal, caseId)), printedOn: shanghaiDate(clock.now()) });
}

/** 表A.2 转办单 of one work order (a department sees only its own). */
export async function transferFormHtml(principal: Principal, workOrderId: string): Promise<string> {
  const workOrder = await getWorkOrder(principal, workOrderId);
  const parsed = parseWorkOrderId(workOrderId)!;
  const loaded = await loadForWorkOrder(parsed.caseId, undefined, workOrder.tenantId, undefined);
  if (!loaded.stored || !loaded.tenant) throw new NotFoundError('工单不存在');
  return renderTransferForm({ case: publicCase(loaded.stored), workOrder, tenant: loaded.tenant });
}
