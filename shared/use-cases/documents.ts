/**
 * The printable documents of a case, from the one renderer (shared/documents) that also
 * writes the work-order e-mail and the archive copy.
 */

import { meetingItemById } from '../adapters/case-records.ts';
import { publicCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { assertMaySee, loadForWorkOrder } from '../adapters/work-order-store.ts';
import { renderIntakeForm } from '../documents/intake-form.ts';
import { renderMeetingMinutes } from '../documents/meeting-minutes.ts';
import { renderNotice } from '../documents/notice.ts';
import { renderTransferForm } from '../documents/transfer-form.ts';
import { type Principal, scopeCovers, scopeOf } from '../domain/identity.ts';
import { shanghaiDate } from '../domain/time.ts';
import { parseWorkOrderId } from '../domain/work-order.ts';
import { NotFoundError } from '../errors.ts';
import { printedStatusLink } from './status-link.ts';

/** The case and its centre in one round trip, within the caller's scope. */
async function caseAndTenant(principal: Principal, caseId: string) {
  const { stored, tenant } = await loadForWorkOrder(caseId, undefined, principal.tenantId ?? '', undefined);
  if (!stored || !tenant || !scopeCovers(scopeOf(principal), stored.tenantId))
    throw new NotFoundError('案件不存在');
  return { case: publicCase(stored), tenant };
}

/** 表A.1 受理单, with the reporter's status link as a QR code. */
export async function intakeFormHtml(principal: Principal, caseId: string): Promise<string> {
  const input = await caseAndTenant(principal, caseId);
  const statusLink = await printedStatusLink(input.case.statusLink?.token);
  return renderIntakeForm({ ...input, ...(statusLink ? { statusLink } : {}) });
}

/** 一次性告知书, dated today (Asia/Shanghai), with the reporter's status link as a QR code. */
export async function noticeHtml(principal: Principal, caseId: string): Promise<string> {
  const input = await caseAndTenant(principal, caseId);
  const statusLink = await printedStatusLink(input.case.statusLink?.token);
  return renderNotice({
    ...input,
    printedOn: shanghaiDate(clock.now()),
    ...(statusLink ? { statusLink } : {}),
  });
}

/** 表A.2 转办单 of one work order (a department sees only its own): order, case and centre in one round trip. */
export async function transferFormHtml(principal: Principal, workOrderId: string): Promise<string> {
  const parsed = parseWorkOrderId(workOrderId);
  if (!parsed) throw new NotFoundError('工单不存在');
  const loaded = await loadForWorkOrder(parsed.caseId, parsed.n, principal.tenantId ?? '', undefined);
  assertMaySee(principal, loaded.workOrder);
  if (!loaded.stored || !loaded.tenant) throw new NotFoundError('工单不存在');
  return renderTransferForm({
    case: publicCase(loaded.stored),
    workOrder: loaded.workOrder,
    tenant: loaded.tenant,
  });
}

/**
 * 专班会议纪要 of one meeting: the case and its centre (one BatchGet, scope checked) beside the
 * Query for the meeting; a meeting of an older case may still be embedded in the case item.
 */
export async function meetingMinutesHtml(principal: Principal, caseId: string, meetingId: string) {
  const [input, item] = await Promise.all([
    caseAndTenant(principal, caseId),
    meetingItemById(caseId, meetingId),
  ]);
  const meeting = item ?? input.case.meetings?.find((m) => m.id === meetingId);
  if (!meeting) throw new NotFoundError('会议纪要不存在');
  return renderMeetingMinutes({ ...input, meeting });
}
