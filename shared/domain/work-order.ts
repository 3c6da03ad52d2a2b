/**
 * Work order (工单) rules: ids, the legal transitions a handling unit (承办单位) or the
 * dispatcher may make, and what counts as still open. Plain functions, no AWS.
 */

import { WORK_ORDER_STATUS_NAMES } from '../documents/labels.ts';
import { ConflictError } from '../errors.ts';
import type { Feedback, WorkOrder, WorkOrderStatus } from '../schemas/work-order.ts';

/** `wo_{the case id's 26 characters}_{n}`: the id names its case, so one key finds both. */
export function workOrderId(caseId: string, n: number): string {
  return `wo_${caseId.replace(/^case_/, '')}_${n}`;
}

export function parseWorkOrderId(id: string): { caseId: string; n: number } | undefined {
  const m = /^wo_([0-9a-z]{26})_(\d{1,3})$/.exec(id);
  if (!m) return undefined;
  return { caseId: `case_${m[1]}`, n: Number(m[2]) };
}

/** `{caseNumber}-{n}`: the number printed on Form A.2. */
export function workOrderNumber(caseNumber: string, n: number): string {
  return `${caseNumber}-${n}`;
}

const LEGAL_FROM = {
  deliver: ['pending_delivery'],
  fail_delivery: ['pending_delivery'],
  acknowledge: ['pending_delivery', 'delivered', 'delivery_failed'],
  report_progress: ['pending_delivery', 'delivered', 'acknowledged', 'in_progress', 'delivery_failed'],
  report_result: ['pending_delivery', 'delivered', 'acknowledged', 'in_progress', 'delivery_failed'],
  return: ['pending_delivery', 'delivered', 'acknowledged', 'in_progress', 'delivery_failed'],
  recall: ['pending_delivery', 'delivered', 'acknowledged', 'in_progress', 'delivery_failed'],
} as const satisfies Record<string, readonly WorkOrderStatus[]>;

export type WorkOrderAction = keyof typeof LEGAL_FROM;
export const WORK_ORDER_ACTIONS = Object.keys(LEGAL_FROM) as [WorkOrderAction, ...WorkOrderAction[]];

const ACTION_NAMES: Record<WorkOrderAction, string> = {
  deliver: '标记为已送达',
  fail_delivery: '标记为派发失败',
  acknowledge: '签收',
  report_progress: '反馈办理进度',
  report_result: '反馈办理结果',
  return: '退回',
  recall: '撤回',
};

export { WORK_ORDER_STATUS_NAMES };

export function canApplyToWorkOrder(action: WorkOrderAction, status: WorkOrderStatus): boolean {
  return (LEGAL_FROM[action] as readonly WorkOrderStatus[]).includes(status);
}

export function assertWorkOrderTransition(action: WorkOrderAction, status: WorkOrderStatus): void {
  if (!canApplyToWorkOrder(action, status)) {
    throw new ConflictError(
      `工单当前状态为“${WORK_ORDER_STATUS_NAMES[status]}”，不能${ACTION_NAMES[action]}`,
      'illegal_transition',
    );
  }
}

/** Still owed by the handling unit: not completed, returned or recalled. */
export function isOpen(status: WorkOrderStatus): boolean {
  return !['completed', 'returned', 'recalled'].includes(status);
}

/** The actions legal on a work order in its current state. */
export function legalWorkOrderActions(status: WorkOrderStatus): WorkOrderAction[] {
  return (Object.keys(LEGAL_FROM) as WorkOrderAction[]).filter((action) =>
    canApplyToWorkOrder(action, status),
  );
}

/**
 * Does this report answer the order for timeliness (及时反馈)? On a complex order every report
 * does (progress is due every 5 working days); otherwise only the result.
 */
export function isAnswer(wo: Pick<WorkOrder, 'category'>, f: Pick<Feedback, 'kind'>): boolean {
  return wo.category === 'complex' || f.kind === 'result';
}

/**
 * The bounded summary an order keeps of its reports, which live in items of their own: how
 * many, the latest, and the two answer instants the statistics need (the first answer, and the
 * first answer since the order was judged overdue). An order written before reports moved out
 * may still hold them in `feedback`; they count as well.
 */
export function feedbackSummary(
  wo: WorkOrder,
  f: Feedback,
): Pick<WorkOrder, 'feedbackCount' | 'latestFeedback' | 'firstAnsweredAt' | 'answeredSinceOverdueAt'> {
  const answers = isAnswer(wo, f);
  const since = wo.answeredSinceOverdueAt;
  const freshSinceOverdue =
    since !== undefined && wo.overdueAt !== undefined && Date.parse(since) >= Date.parse(wo.overdueAt);
  const firstAnsweredAt = wo.firstAnsweredAt ?? (answers ? f.at : undefined);
  const answeredSinceOverdueAt = answers && wo.overdueAt && !freshSinceOverdue ? f.at : since;
  return {
    feedbackCount: (wo.feedbackCount ?? wo.feedback.length) + 1,
    latestFeedback: f,
    ...(firstAnsweredAt ? { firstAnsweredAt } : {}),
    ...(answeredSinceOverdueAt ? { answeredSinceOverdueAt } : {}),
  };
}

/** The latest report: from the summary, or from reports still embedded in an older order. */
export function latestFeedback(wo: WorkOrder): Feedback | undefined {
  return wo.latestFeedback ?? wo.feedback.at(-1);
}
