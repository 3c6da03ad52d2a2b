/**
 * The case as the console's case screen reads it (`GET /cases/{id}`): the case, its work orders
 * with the working days left, the newest few of every growing list (audit events, meetings,
 * follow-ups, each order's reports and delivery attempts) with their counts — the full lists are
 * paged sub-resources, so the answer stays bounded — and the actions this caller may take now — the
 * legal transitions of the case and of each order, kept to the routes the caller's role may call.
 * The screen offers exactly these; it never works out the lifecycle itself.
 */
import { readBoundedCase } from '../adapters/case-records.ts';
import { publicCase } from '../adapters/case-store.ts';
import { type CaseAction, legalCaseActions } from '../domain/case.ts';
import { followUpCountOf, meetingCountOf } from '../domain/case-lists.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { isOpen, legalWorkOrderActions, type WorkOrderAction } from '../domain/work-order.ts';
import { ROUTE_ACCESS } from '../http/route-access.ts';
import type { RouteId } from '../http/routes.ts';
import { withWorkdaysLeft } from './calendar.ts';

/** The route that carries each action, whose roles decide who may take it. */
const CASE_ACTION_ROUTES: Record<CaseAction, RouteId> = {
  confirm: 'confirmCase',
  answer_on_the_spot: 'giveOpinion',
  refer_to_task_force: 'giveOpinion',
  transfer: 'transferCase',
  close: 'closeCase',
  follow_up: 'followUpCase',
  record_meeting: 'recordMeeting',
  attach: 'createAttachment',
  archive: 'archiveCase',
};
const WORK_ORDER_ACTION_ROUTES: Partial<Record<WorkOrderAction, RouteId>> = {
  acknowledge: 'acknowledgeWorkOrder',
  report_progress: 'workOrderFeedback',
  report_result: 'workOrderFeedback',
  return: 'returnWorkOrder',
  recall: 'recallWorkOrder',
};

function allowed(principal: Principal, id: RouteId | undefined): boolean {
  const roles = id ? ROUTE_ACCESS[id].roles : [];
  return roles !== 'public' && (roles as readonly string[]).includes(principal.role);
}

export async function caseView(principal: Principal, caseId: string) {
  const {
    stored,
    events,
    eventsCursor,
    smsMessages,
    smsCursor,
    meetings,
    followUps,
    workOrders: orders,
  } = await readBoundedCase(scopeOf(principal), caseId);
  const view = publicCase(stored);
  const workOrders = (await withWorkdaysLeft(view.tenantId, orders)).map((o) => ({
    ...o,
    actions: legalWorkOrderActions(o.status).filter((a) => allowed(principal, WORK_ORDER_ACTION_ROUTES[a])),
  }));
  const actions = legalCaseActions(
    view.status,
    orders.some((o) => isOpen(o.status)),
  ).filter((a) => allowed(principal, CASE_ACTION_ROUTES[a]));
  return {
    ...view,
    meetings,
    meetingCount: meetingCountOf(stored),
    followUps,
    followUpCount: followUpCountOf(stored),
    actions,
    workOrders,
    timeline: events,
    eventCount: stored.lastEventSeq,
    timelineCursor: eventsCursor,
    smsMessages,
    smsCursor,
  };
}
