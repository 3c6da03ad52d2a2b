/**
 * Changing a work order's clock, as 12345 practice has it:
 *  - 延期: before the due time the handling unit asks for more working days with reasons; the
 *    centre's director approves (the due time and its schedules move) or refuses.
 *  - 暂停计时: while the centre waits on the citizen (e.g. to supplement materials) the clock
 *    stops; on resumption the unused working days are given back.
 * Each step is on the case timeline; schedules follow after the commit.
 */

import { DEFAULT_OFFICE_HOURS_END } from '../domain/deadlines.ts';
import type { Principal } from '../domain/identity.ts';
import { spokenTime } from '../domain/notices.ts';
import { resumedDueAt } from '../domain/supervision.ts';
import { formatShanghai, shanghaiDate, shanghaiInstant } from '../domain/time.ts';
import { isOpen, latestFeedback } from '../domain/work-order.ts';
import { ConflictError, UnprocessableError } from '../errors.ts';
import type {
  ExtensionDecisionBody,
  ExtensionRequestBody,
  SuspendBody,
  WorkOrder,
} from '../schemas/work-order.ts';
import { calendarFor } from './calendar.ts';
import { centreNotice } from './staff-notices.ts';
import { cancelChecks, scheduleChecks } from './supervision.ts';
import { byPrincipal } from './work-orders.ts';

function assertOpen(wo: WorkOrder): void {
  if (!isOpen(wo.status))
    throw new ConflictError('工单已办结、退回或撤回，不能再调整时限', 'illegal_transition');
}

/** 延期申请 by the handling unit, before the due time. */
export function requestExtension(principal: Principal, workOrderId: string, body: ExtensionRequestBody) {
  return byPrincipal(principal, workOrderId, async ({ workOrder, tenant }, now) => {
    assertOpen(workOrder);
    if (workOrder.extension?.status === 'pending') {
      throw new ConflictError('已有一份待审批的延期申请', 'extension_pending');
    }
    if (now.getTime() >= new Date(workOrder.dueAt).getTime()) {
      throw new UnprocessableError('已过办理时限，不能再申请延期', 'past_due');
    }
    const at = formatShanghai(now);
    const by = { id: principal.id, name: principal.name };
    const notice = await centreNotice(
      workOrder.tenantId,
      now,
      {
        topic: 'work_order.extension_requested',
        message: `${workOrder.departmentName}申请将工单 ${workOrder.number} 延期 ${body.workdays} 个工作日（现办理时限${spokenTime(workOrder.dueAt)}），理由：${body.reason}。请中心主任审批。`,
        caseId: workOrder.caseId,
        workOrderId: workOrder.id,
      },
      { tenant, addressee: 'director' },
    );
    return {
      next: {
        ...workOrder,
        extension: {
          requestedAt: at,
          requestedBy: by,
          reason: body.reason,
          workdays: body.workdays,
          status: 'pending',
        },
      },
      event: {
        action: 'work_order.extension_requested',
        changes: { reason: body.reason, workdays: body.workdays },
      },
      extra: notice.items,
    };
  });
}

/** The director's decision: approval moves the due time and its schedules. */
export function decideExtension(principal: Principal, workOrderId: string, body: ExtensionDecisionBody) {
  return byPrincipal(principal, workOrderId, async ({ workOrder, tenant }, now) => {
    assertOpen(workOrder);
    const pending = workOrder.extension;
    if (pending?.status !== 'pending')
      throw new ConflictError('没有待审批的延期申请', 'no_pending_extension');
    const at = formatShanghai(now);
    const decided = {
      ...pending,
      status: body.approve ? ('approved' as const) : ('refused' as const),
      decidedAt: at,
      decidedBy: { id: principal.id, name: principal.name },
      ...(body.comment ? { comment: body.comment } : {}),
    };
    if (!body.approve) {
      return {
        next: { ...workOrder, extension: decided },
        event: { action: 'work_order.extension_refused', changes: { comment: body.comment } },
      };
    }
    const calendar = await calendarFor(tenant);
    const moved = calendar.addWorkdays(shanghaiDate(new Date(workOrder.dueAt)), pending.workdays);
    const dueAt = formatShanghai(
      shanghaiInstant(moved.date, tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END),
    );
    const { remindedFor: _r, ...rest } = workOrder;
    return {
      next: {
        ...rest,
        extension: { ...decided, previousDueAt: workOrder.dueAt },
        dueAt,
        provisional: moved.provisional,
        overdue: false,
        escalationLevel: 0,
        nextCheckAt: dueAt,
      },
      event: {
        action: 'work_order.extension_approved',
        changes: {
          dueAt: { from: workOrder.dueAt, to: dueAt },
          workdays: pending.workdays,
          comment: body.comment,
        },
      },
      after: async (saved) => {
        await cancelChecks(workOrder.id, workOrder.dueAt);
        await scheduleChecks(saved, tenant, now);
      },
    };
  });
}

/** 暂停计时: the clock stops while the centre waits on the citizen. */
export function suspendWorkOrder(principal: Principal, workOrderId: string, body: SuspendBody) {
  return byPrincipal(principal, workOrderId, ({ workOrder }, now) => {
    assertOpen(workOrder);
    if (workOrder.suspension) throw new ConflictError('工单已暂停计时', 'already_suspended');
    const { nextCheckAt: _n, ...rest } = workOrder;
    const suspension = {
      since: formatShanghai(now),
      reason: body.reason,
      by: { id: principal.id, name: principal.name },
    };
    return {
      next: { ...rest, suspension },
      event: { action: 'work_order.suspended', changes: { reason: body.reason, dueAt: workOrder.dueAt } },
      after: () => cancelChecks(workOrder.id, workOrder.dueAt),
    };
  });
}

/** Resume: the unused working days are given back; the due time and its schedules follow. */
export function resumeWorkOrder(principal: Principal, workOrderId: string) {
  return byPrincipal(principal, workOrderId, async ({ workOrder, tenant }, now) => {
    assertOpen(workOrder);
    const suspension = workOrder.suspension;
    if (!suspension) throw new ConflictError('工单没有暂停计时', 'not_suspended');
    // An open order's latest report is progress (a result completes it).
    const latest = latestFeedback(workOrder);
    const lastProgress = latest?.kind === 'progress' ? latest : undefined;
    const resumed = resumedDueAt({
      periodStart: new Date(
        workOrder.category === 'complex' && lastProgress ? lastProgress.at : workOrder.transferredAt,
      ),
      suspendedAt: new Date(suspension.since),
      dueAt: new Date(workOrder.dueAt),
      resumedAt: now,
      calendar: await calendarFor(tenant),
      officeHoursEnd: tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END,
    });
    const dueAt = formatShanghai(resumed.dueAt);
    const { suspension: _s, remindedFor: _r, ...rest } = workOrder;
    return {
      next: {
        ...rest,
        dueAt,
        provisional: resumed.provisional,
        overdue: false,
        escalationLevel: 0,
        nextCheckAt: dueAt,
      },
      event: {
        action: 'work_order.resumed',
        changes: {
          suspendedSince: suspension.since,
          dueAt: { from: workOrder.dueAt, to: dueAt },
          remainingWorkdays: resumed.remainingWorkdays,
        },
      },
      after: (saved) => scheduleChecks(saved, tenant, now),
    };
  });
}
