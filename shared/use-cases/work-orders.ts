/**
 * Changes to a work order (工单): by its handling unit (签收, 反馈, 退回), by the dispatcher
 * (送达, 派发失败) or by the centre. Each change writes the work order (guarded by its
 * version), and when it belongs on the case timeline the case's next version and audit event,
 * plus any extra item (outbox delete, notification), in ONE transaction.
 */

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  mapCancellation,
  type StoredCase,
  saveCaseChange,
  type TransactItem,
} from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { documentClient, table } from '../adapters/dynamo.ts';
import { cancellationReasons } from '../adapters/dynamo-errors.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { type Notification, putNotification } from '../adapters/notification-store.ts';
import { getDutyDay } from '../adapters/tenant-store.ts';
import {
  assertMaySee,
  loadForWorkOrder,
  putFeedback,
  putWorkOrder,
  workOrderWithHistory,
} from '../adapters/work-order-store.ts';
import { type Actor, buildEvent } from '../domain/case.ts';
import type { Principal } from '../domain/identity.ts';
import { formatShanghai, shanghaiDate } from '../domain/time.ts';
import { assertWorkOrderTransition, feedbackSummary, parseWorkOrderId } from '../domain/work-order.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { FeedbackBody, ReturnBody, WorkOrder } from '../schemas/work-order.ts';
import { keys } from '../table.ts';
import { nextProgressDeadlineFor } from './calendar.ts';
import { owedSms } from './sms-owed.ts';
import { cancelChecks, scheduleChecks } from './supervision.ts';

export interface WorkOrderChange {
  next: WorkOrder;
  /**
   * The order item itself is not rewritten (its version stays): the change only adds items
   * beside it, such as a delivery attempt. See recordAttempt in dispatch.ts for why.
   */
  orderUnchanged?: boolean;
  /** With an event: items keyed by the case's next audit event (its seq keys a report's own item). */
  extraFor?: (eventSeq: number) => TransactItem[];
  /** On the case timeline: the action and what changed. */
  event?: { action: string; changes: Record<string, unknown> };
  casePatch?: Partial<StoredCase>;
  extra?: TransactItem[];
  /**
   * After the commit (best effort: a failure is logged, and what it would have done is
   * recovered elsewhere — the outbox sweeper resends, the daily safety net runs missed checks).
   */
  after?: (next: WorkOrder) => Promise<void>;
}

export interface Loaded {
  stored: StoredCase;
  workOrder: WorkOrder;
  tenant: Tenant;
}

const RETRIES = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Load → decide → write, retried on a concurrent change (the decision is made again on fresh
 * data, so a change that became illegal is a 409). `decide` returning undefined means nothing
 * to do (an idempotent repeat).
 */
export async function changeWorkOrder(opts: {
  workOrderId: string;
  /** The centre the caller belongs to (from the token, or the outbox record for the dispatcher). */
  tenantId: string;
  actor: Actor;
  /** Throws (404) when the actor may not touch this order. */
  authorize: (wo: WorkOrder) => void;
  decide: (loaded: Loaded, now: Date) => WorkOrderChange | undefined | Promise<WorkOrderChange | undefined>;
}): Promise<WorkOrder> {
  const { workOrderId, tenantId, actor, authorize, decide } = opts;
  const parsed = parseWorkOrderId(workOrderId);
  if (!parsed) throw new NotFoundError('工单不存在');
  for (let attempt = 0; ; attempt++) {
    const head = await loadForWorkOrder(parsed.caseId, parsed.n, tenantId, undefined);
    const workOrder = head.workOrder;
    if (!workOrder || !head.stored || !head.tenant) throw new NotFoundError('工单不存在');
    authorize(workOrder);
    if (head.stored.status === 'archived') throw new ConflictError('案件已存档，不能再修改', 'archived');
    const loaded: Loaded = { stored: head.stored, workOrder, tenant: head.tenant };
    const now = clock.now();
    const change = await decide(loaded, now);
    if (!change) return workOrder;
    const nowText = formatShanghai(now);
    const next: WorkOrder = change.orderUnchanged
      ? workOrder
      : { ...change.next, version: workOrder.version + 1, updatedAt: nowText };
    try {
      await commit(loaded, next, change, actor, nowText);
    } catch (error) {
      const lostRace = error instanceof ConflictError && error.code === 'version_conflict';
      if (!lostRace || attempt >= RETRIES) throw error;
      // Someone (often the dispatcher, or the same department's previous request) changed the
      // case or the order meanwhile: decide again on fresh data, spread out a little.
      await sleep(Math.random() * Math.min(200, 10 * 2 ** attempt));
      continue;
    }
    await change.after?.(next).catch((error: unknown) =>
      logger.warn('after-commit step failed; the sweeper / safety net will recover', {
        workOrderId,
        error,
      }),
    );
    return next;
  }
}

async function commit(
  loaded: Loaded,
  next: WorkOrder,
  change: WorkOrderChange,
  actor: Actor,
  nowText: string,
) {
  const guards = change.orderUnchanged ? [] : [putWorkOrder(next, loaded.workOrder.version)];
  const { stored } = loaded;
  const keyed = change.event ? (change.extraFor?.(stored.lastEventSeq + 1) ?? []) : [];
  const extra = [...(change.extra ?? []), ...keyed];
  const items = [...guards, ...extra];
  if (change.event) {
    const event = buildEvent({
      caseId: stored.id,
      seq: stored.lastEventSeq + 1,
      at: nowText,
      actor,
      action: change.event.action,
      changes: { workOrderId: next.id, workOrderNumber: next.number, ...change.event.changes },
      prevHash: stored.lastEventHash,
    });
    const nextCase: StoredCase = {
      ...stored,
      ...change.casePatch,
      version: stored.version + 1,
      updatedAt: nowText,
      lastEventSeq: event.seq,
      lastEventHash: event.hash,
    };
    await saveCaseChange(stored.version, nextCase, event, items, guards.length);
    return;
  }
  // No case event, so the case item is not rewritten: still, nothing may land on an archived case.
  const notArchived: TransactItem = {
    ConditionCheck: {
      TableName: table(),
      Key: keys.case(loaded.stored.id),
      ConditionExpression: '#status <> :archived',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':archived': 'archived' },
    },
  };
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: [...items, notArchived] }));
  } catch (error) {
    if (cancellationReasons(error)?.[items.length]?.Code === 'ConditionalCheckFailed') {
      throw new ConflictError('案件已存档，不能再修改', 'archived');
    }
    throw mapCancellation(error, guards.length, '工单已被他人修改，请刷新后重试');
  }
}

/** The duty chief of the day (值班长制度) is told; with no roster entry, the director is. */
export async function notifyDutyChief(
  tenantId: string,
  now: Date,
  content: Pick<Notification, 'topic' | 'message' | 'caseId' | 'workOrderId'>,
): Promise<Notification> {
  const duty = await getDutyDay(tenantId, shanghaiDate(now));
  return {
    id: newId('note'),
    tenantId,
    at: formatShanghai(now),
    recipient: duty
      ? { role: 'duty_chief', staffId: duty.staffId, name: duty.staffName }
      : { role: 'director' },
    ...content,
  };
}

/**
 * A change made by a signed-in person (department officer or centre staff). The answer shows
 * the order with its reports and attempts, as GET /work-orders/{id} does (one Query more: they
 * live in items of their own, which the change itself never needs to read).
 */
export async function byPrincipal(
  principal: Principal,
  workOrderId: string,
  decide: (loaded: Loaded, now: Date) => WorkOrderChange | undefined | Promise<WorkOrderChange | undefined>,
): Promise<WorkOrder> {
  const saved = await changeWorkOrder({
    workOrderId,
    tenantId: principal.tenantId ?? '',
    actor: { id: principal.id, name: principal.name, role: principal.role },
    authorize: (wo) => assertMaySee(principal, wo),
    decide,
  });
  return workOrderWithHistory(saved);
}

/**
 * 签收: the handling unit signs for the order. Signing again is an idempotent success (a
 * department clicking the e-mail link twice should not see an error); nothing is written.
 */
export function acknowledgeWorkOrder(principal: Principal, workOrderId: string) {
  return byPrincipal(principal, workOrderId, ({ workOrder }, now) => {
    if (workOrder.acknowledgedAt) return undefined;
    assertWorkOrderTransition('acknowledge', workOrder.status);
    const at = formatShanghai(now);
    return {
      next: {
        ...workOrder,
        status: 'acknowledged',
        acknowledgedAt: at,
        acknowledgedBy: { id: principal.id, name: principal.name },
      },
      event: {
        action: 'work_order.acknowledged',
        changes: { status: { from: workOrder.status, to: 'acknowledged' } },
      },
    };
  });
}

/**
 * 反馈: progress or the result. A result completes the order, stops its due checks and tells
 * the centre; progress on a complex order sets the next progress due time.
 */
export function giveFeedback(principal: Principal, workOrderId: string, body: FeedbackBody) {
  return byPrincipal(principal, workOrderId, async (loaded, now) => {
    const { workOrder } = loaded;
    const at = formatShanghai(now);
    const by = { id: principal.id, name: principal.name };
    const report = {
      kind: body.kind,
      content: body.content,
      ...(body.citizenReply ? { citizenReply: body.citizenReply } : {}),
      at,
      by,
    };
    // The report is its own item (keyed by its audit event); the order keeps a bounded summary.
    const summary = feedbackSummary(workOrder, report);
    const stored = (eventSeq: number) => [putFeedback(workOrder, eventSeq, report)];
    const acknowledged = workOrder.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedBy: by };
    if (body.kind === 'result') {
      assertWorkOrderTransition('report_result', workOrder.status);
      const { nextCheckAt: _n, ...rest } = workOrder;
      const note = await notifyCentre(
        loaded,
        now,
        'work_order.result',
        `${workOrder.departmentName}已反馈工单 ${workOrder.number} 的办理结果，请核实后办结或回访。`,
      );
      // The reporter hears the department's answer for them (对申请人的答复), or that one was given.
      const sms = owedSms(
        loaded.stored,
        'result',
        [
          loaded.stored.number,
          workOrder.departmentName,
          body.citizenReply ?? '已反馈办理结果，可用告知书上的二维码查询详情。',
        ],
        { now },
      );
      return {
        next: { ...rest, ...acknowledged, ...summary, status: 'completed', overdue: false },
        after: () => cancelChecks(workOrder.id, workOrder.dueAt),
        event: {
          action: 'work_order.result',
          changes: { status: { from: workOrder.status, to: 'completed' }, feedback: body },
        },
        extra: [note, ...(sms ? [sms.item] : [])],
        extraFor: stored,
      };
    }
    assertWorkOrderTransition('report_progress', workOrder.status);
    const base = { ...workOrder, ...acknowledged, ...summary, status: 'in_progress' as const };
    const event = {
      action: 'work_order.progress',
      changes: { status: { from: workOrder.status, to: 'in_progress' }, feedback: body } as Record<
        string,
        unknown
      >,
    };
    if (workOrder.category !== 'complex') return { next: base, event, extraFor: stored };
    // A complex order's progress report starts the next period: 5 more working days.
    const next = await nextProgressDeadlineFor(loaded.tenant, now);
    const { remindedFor: _r, ...rest } = base;
    event.changes.dueAt = { from: workOrder.dueAt, to: next.dueAt };
    return {
      next: {
        ...rest,
        dueAt: next.dueAt,
        provisional: next.provisional,
        overdue: false,
        escalationLevel: 0,
        nextCheckAt: next.dueAt,
      },
      event,
      extraFor: stored,
      after: async (saved) => {
        await cancelChecks(workOrder.id, workOrder.dueAt);
        await scheduleChecks(saved, loaded.tenant, now);
      },
    };
  });
}

async function notifyCentre(
  loaded: Loaded,
  now: Date,
  topic: string,
  message: string,
): Promise<TransactItem> {
  const n = await notifyDutyChief(loaded.workOrder.tenantId, now, {
    topic,
    message,
    caseId: loaded.workOrder.caseId,
    workOrderId: loaded.workOrder.id,
  });
  return putNotification(n);
}

/** 退回: a misrouted order goes back to the centre with the reason; the centre re-transfers. */
export function returnWorkOrder(principal: Principal, workOrderId: string, body: ReturnBody) {
  return byPrincipal(principal, workOrderId, async (loaded) => {
    const { workOrder } = loaded;
    assertWorkOrderTransition('return', workOrder.status);
    const { nextCheckAt: _n, ...rest } = workOrder;
    const note = await notifyCentre(
      loaded,
      clock.now(),
      'work_order.returned',
      `工单 ${workOrder.number} 被${workOrder.departmentName}退回，理由：${body.reason}。请重新转办。`,
    );
    return {
      next: { ...rest, status: 'returned', returnReason: body.reason, overdue: false },
      after: () => cancelChecks(workOrder.id, workOrder.dueAt),
      event: {
        action: 'work_order.returned',
        changes: { status: { from: workOrder.status, to: 'returned' }, reason: body.reason },
      },
      extra: [note],
    };
  });
}
