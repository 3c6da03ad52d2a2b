/**
 * Closing the loop: 办结 (close), 回访 (follow-up) with reopening, 专班会议 (task-force meetings)
 * and recalling a work order (撤回).
 *
 * Primary course:
 *  1. Close: every work order must be completed, returned or recalled (else 409 naming them);
 *     the outcome may be resolved, a reasoned negative answer (否定答复) or withdrawn; a
 *     follow-up falls due N working days later (tenant setting, default 1) and shows on the
 *     supervision list until made.
 *  2. Follow-up: method, the 好差评 five-level rating, solved or not. 不满意/非常不满意 or "not
 *     solved" reopens the case with the reason on the timeline, tells the departments involved
 *     and the director, and a second follow-up is required after re-handling. Records are only
 *     ever appended: a bad rating cannot be overwritten.
 */

import { recentOfCase } from '../adapters/case-records.ts';
import {
  getCaseCollection,
  publicCase,
  putFollowUp,
  putMeeting,
  type StoredCase,
  type TransactItem,
} from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { newId } from '../adapters/ids.ts';
import { putOutbox } from '../adapters/outbox-store.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { SATISFACTION_LABELS } from '../documents/labels.ts';
import { assertTransition } from '../domain/case.ts';
import { followUpCountOf, meetingCountOf } from '../domain/case-lists.ts';
import { DEFAULT_OFFICE_HOURS_END } from '../domain/deadlines.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { formatShanghai, shanghaiDate, shanghaiInstant } from '../domain/time.ts';
import { assertWorkOrderTransition, isOpen } from '../domain/work-order.ts';
import { ConflictError } from '../errors.ts';
import type { Case, CloseBody, FollowUpBody, MeetingBody } from '../schemas/case.ts';
import type { RecallBody, WorkOrder } from '../schemas/work-order.ts';
import { calendarFor } from './calendar.ts';
import { changeCase } from './case-changes.ts';
import { webhookPayload } from './department-messages.ts';
import { owedSms } from './sms-owed.ts';
import { centreNotice, type OwedNotice } from './staff-notices.ts';
import { statusLinkUrl } from './status-link.ts';
import { cancelChecks } from './supervision.ts';
import { byPrincipal } from './work-orders.ts';

const DEFAULT_FOLLOW_UP_DAYS = 1;
/** A close without If-Match that lost a race is tried again on fresh data this many times. */
const CLOSE_RETRIES = 5;

/** 办结. */
export async function closeCase(
  principal: Principal,
  caseId: string,
  body: CloseBody,
  ifMatch?: number,
): Promise<Case> {
  const scope = scopeOf(principal);
  for (let attempt = 0; ; attempt++) {
    const { stored, others } = await getCaseCollection(scope, caseId);
    if (ifMatch !== undefined && stored.version !== ifMatch) {
      throw new ConflictError(`案件已更新（当前版本 ${stored.version}），请刷新后重试`, 'version_conflict');
    }
    try {
      return await closeAtVersion(principal, caseId, body, stored, others);
    } catch (error) {
      // Guarded by the version read with the work orders, so a transfer made meanwhile is not
      // closed over. Without If-Match a lost race (most often the dispatcher recording a
      // delivery on the timeline) is retried: the orders are read and checked again.
      const lostRace = error instanceof ConflictError && error.code === 'version_conflict';
      if (!lostRace || ifMatch !== undefined || attempt >= CLOSE_RETRIES) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
    }
  }
}

async function closeAtVersion(
  principal: Principal,
  caseId: string,
  body: CloseBody,
  stored: StoredCase,
  others: Record<string, unknown>[],
): Promise<Case> {
  const open = others.filter(
    (o) => o.type === 'workOrder' && isOpen(o.status as WorkOrder['status']),
  ) as WorkOrder[];
  if (open.length > 0) {
    throw new ConflictError(
      `还有未办结的工单：${open.map((w) => w.number).join('、')}。请待承办单位反馈结果，或先撤回工单`,
      'open_work_orders',
    );
  }
  const tenant = await getTenant({ kind: 'all' }, stored.tenantId);
  const calendar = await calendarFor(tenant);
  const closed = await changeCase(principal, caseId, stored.version, (current, now) => {
    assertTransition('close', current.status);
    const days = tenant.limits?.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS;
    const followDay = calendar.addWorkdays(shanghaiDate(clock.now()), days);
    const round = followUpCountOf(current) + 1;
    const followUp = {
      round,
      dueAt: formatShanghai(
        shanghaiInstant(followDay.date, tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END),
      ),
    };
    const closure = { ...body, closedAt: now, closedBy: { id: principal.id, name: principal.name } };
    const at = clock.now();
    const closing = owedSms(current, 'closure', [current.number], { now: at });
    // The invitation to rate waits for the next working day's morning: the sweeper sends it then.
    const invitation = current.statusLink
      ? owedSms(current, 'follow_up_invitation', [current.number, statusLinkUrl(current.statusLink.token)], {
          now: at,
          at: shanghaiInstant(calendar.addWorkdays(shanghaiDate(at), 1).date, INVITATION_TIME),
        })
      : undefined;
    return {
      action: 'case.closed',
      patch: { status: 'closed', closure, followUp },
      changes: {
        status: { from: current.status, to: 'closed' },
        closure: body,
        followUpDueAt: followUp.dueAt,
      },
      extra: () => [closing?.item, invitation?.item].filter((i) => i !== undefined),
    };
  });
  return closed;
}

/** When the follow-up invitation text goes out, the working day after closure (Asia/Shanghai). */
const INVITATION_TIME = '10:00';

/** 回访. A bad rating or "not solved" reopens the case. */
export async function followUp(principal: Principal, caseId: string, body: FollowUpBody): Promise<Case> {
  const scope = scopeOf(principal);
  const { stored, others } = await getCaseCollection(scope, caseId);
  const tenant = await getTenant({ kind: 'all' }, stored.tenantId);
  const involved = others.filter((o) => o.type === 'workOrder') as WorkOrder[];
  const dissatisfied = body.satisfaction <= 2 || body.solved === false;
  let notice: OwedNotice | undefined;
  const updated = await changeCase(principal, caseId, undefined, async (current, now) => {
    assertTransition('follow_up', current.status);
    const round = current.followUp?.round ?? followUpCountOf(current) + 1;
    const onTime = !current.followUp || clock.now().getTime() <= new Date(current.followUp.dueAt).getTime();
    const record = {
      ...body,
      round,
      at: now,
      by: { id: principal.id, name: principal.name },
      onTime,
      reopened: dissatisfied,
    };
    // The record is an item of its own (keyed by this change's audit event); the case keeps the
    // count and the latest record, so it does not grow with every reopening.
    const summary = { followUpCount: followUpCountOf(current) + 1, latestFollowUp: record };
    const putRecord = (next: StoredCase) => putFollowUp(caseId, next.lastEventSeq, record);
    const rating = `${body.satisfaction}（${SATISFACTION_LABELS[body.satisfaction]}）`;
    if (!dissatisfied) {
      return {
        action: 'case.followed_up',
        patch: { status: 'followed_up', ...summary, followUp: undefined },
        changes: { status: { from: 'closed', to: 'followed_up' }, followUp: record },
        extra: (next) => [putRecord(next)],
      };
    }
    const reason = `回访${rating}${body.solved === false ? '，反映人表示问题未解决' : ''}${body.comment ? `：${body.comment}` : ''}`;
    notice = await centreNotice(
      current.tenantId,
      new Date(now),
      {
        topic: 'case.reopened',
        message: `案件 ${current.number}（${current.matter}）${reason}。案件已重新办理，请安排跟进。`,
        caseId,
      },
      { tenant, addressee: 'director' },
    );
    const extra: TransactItem[] = [...notice.items];
    // Tell every department that handled it: "not fixed" must reach the responsible body.
    for (const wo of involved) {
      const eventId = newId('evt');
      extra.push(
        putOutbox({
          eventId,
          eventType: 'work_order.reopened',
          workOrderId: wo.id,
          caseId,
          tenantId: wo.tenantId,
          departmentId: wo.departmentId,
          channel: wo.deliveryChannel,
          payload: webhookPayload({
            type: 'work_order.reopened',
            eventId,
            occurredAt: now,
            workOrder: wo,
            case: { ...current, status: 'reopened' } as Case,
            tenant,
            now: clock.now(),
            extra: { reason, satisfaction: body.satisfaction, solved: body.solved ?? null },
          }),
          attempts: 0,
          createdAt: clock.now().toISOString(),
          nextAttemptAt: clock.now().toISOString(),
        }),
      );
    }
    return {
      action: 'case.reopened',
      patch: { status: 'reopened', ...summary, followUp: undefined },
      changes: {
        status: { from: 'closed', to: 'reopened' },
        followUp: record,
        reason,
        notified: ['director', ...involved.map((w) => w.departmentId)],
      },
      extra: (next) => [putRecord(next), ...extra],
    };
  });
  return { ...updated, ...(await recentOfCase(updated)) };
}

/** 专班会议研究: minutes on the case, the timeline and (so) the archive. */
export async function recordMeeting(principal: Principal, caseId: string, body: MeetingBody): Promise<Case> {
  const saved = await changeCase(principal, caseId, undefined, (current, now) => {
    assertTransition('record_meeting', current.status);
    const meeting = {
      ...body,
      id: newId('mtg'),
      recordedAt: now,
      recordedBy: { id: principal.id, name: principal.name },
    };
    // The minutes are an item of their own (keyed by this change's audit event), not a list
    // on the case item, which would reach DynamoDB's 400 KB limit after a dozen meetings.
    return {
      action: 'case.meeting_recorded',
      patch: { meetingCount: meetingCountOf(current) + 1 },
      changes: { meeting },
      extra: (next) => [putMeeting(caseId, next.lastEventSeq, meeting)],
    };
  });
  // The answer shows the newest meetings and follow-ups, as GET /cases/{id} does.
  return { ...saved, ...(await recentOfCase(saved)) };
}

/** 撤回: the centre withdraws a work order; the department is told (`work_order.recalled`). */
export function recallWorkOrder(principal: Principal, workOrderId: string, body: RecallBody) {
  let eventId = '';
  return byPrincipal(principal, workOrderId, ({ workOrder, stored, tenant }, now) => {
    assertWorkOrderTransition('recall', workOrder.status);
    const { nextCheckAt: _n, ...rest } = workOrder;
    const next: WorkOrder = { ...rest, status: 'recalled', overdue: false };
    eventId = newId('evt');
    const at = formatShanghai(now);
    return {
      next,
      event: {
        action: 'work_order.recalled',
        changes: { status: { from: workOrder.status, to: 'recalled' }, reason: body.reason },
      },
      extra: [
        putOutbox({
          eventId,
          eventType: 'work_order.recalled',
          workOrderId: workOrder.id,
          caseId: workOrder.caseId,
          tenantId: workOrder.tenantId,
          departmentId: workOrder.departmentId,
          channel: workOrder.deliveryChannel,
          payload: webhookPayload({
            type: 'work_order.recalled',
            eventId,
            occurredAt: at,
            workOrder: next,
            case: publicCase(stored),
            tenant,
            now,
            extra: { reason: body.reason },
          }),
          attempts: 0,
          createdAt: now.toISOString(),
          nextAttemptAt: now.toISOString(),
        }),
      ],
      after: () => cancelChecks(workOrder.id, workOrder.dueAt),
    };
  });
}
