/**
 * 督办: a work order's checks are scheduled when it gets a due time, fire as Scheduler targets,
 * and a daily safety net runs any check that should have happened and did not — a lost or
 * failed schedule never loses a deadline.
 *
 * Primary course of a check:
 *  1. Load the order; `decideCheck` says whether this check still applies (idempotent).
 *  2. reminder → `work_order.reminder` to the department; due → overdue, escalation 1,
 *     `work_order.overdue` to the department and a notice to the duty chief of the day and the
 *     director (e-mail and SMS, staff-notices.ts), and the escalation check is scheduled;
 *     escalate → escalation 2, the centre's two and the county's supervisors told and
 *     `work_order.escalated` to the department.
 *  3. Every step is an audit event on the case timeline, in the same transaction.
 */
import { publicCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { table } from '../adapters/dynamo.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { putOutbox } from '../adapters/outbox-store.ts';
import { getMany, queryAll } from '../adapters/paging.ts';
import { scheduler } from '../adapters/scheduler.ts';
import { SYSTEM_ACTOR } from '../domain/case.ts';
import { DEFAULT_OFFICE_HOURS_END } from '../domain/deadlines.ts';
import { regionName } from '../domain/divisions.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { spokenTime } from '../domain/notices.ts';
import {
  CHECK_KINDS,
  type DueCheckInput,
  decideCheck,
  escalationAt,
  reminderAt,
  scheduleName,
} from '../domain/supervision.ts';
import { formatShanghai } from '../domain/time.ts';
import { parseWorkOrderId } from '../domain/work-order.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { OpenWorkOrder, WebhookEventType, WorkOrder, WorkOrderSummary } from '../schemas/work-order.ts';
import { dueReads, keys, projectionOf, table as tableDef } from '../table.ts';
import { calendarFor } from './calendar.ts';
import { deadlineHeadline, webhookPayload } from './department-messages.ts';
import { centreNotice, countyNotice } from './staff-notices.ts';
import { changeWorkOrder, type Loaded } from './work-orders.ts';

/** The normal schedule gets this long before the safety net treats a check as missed. */
const SAFETY_GRACE_MS = 10 * 60_000;

/** Schedule the reminder and the due check for the order's current due time. */
export async function scheduleChecks(wo: WorkOrder, tenant: Tenant, now: Date): Promise<void> {
  const due = new Date(wo.dueAt);
  const input = (kind: DueCheckInput['kind']): DueCheckInput => ({
    workOrderId: wo.id,
    tenantId: wo.tenantId,
    kind,
    dueAt: wo.dueAt,
  });
  const remindAt = reminderAt(due, tenant.reminderTime ?? '09:00', now);
  if (remindAt) {
    await scheduler().scheduleOnce({
      name: scheduleName(wo.id, 'reminder', wo.dueAt),
      at: remindAt,
      target: 'dueCheck',
      input: input('reminder'),
    });
  }
  await scheduler().scheduleOnce({
    name: scheduleName(wo.id, 'due', wo.dueAt),
    at: due,
    target: 'dueCheck',
    input: input('due'),
  });
}

/** Cancel whatever is pending for the order's due time `dueAt` (not-found is fine). */
export async function cancelChecks(workOrderId: string, dueAt: string): Promise<void> {
  for (const kind of CHECK_KINDS) await scheduler().cancel(scheduleName(workOrderId, kind, dueAt));
}

export function outboxFor(type: WebhookEventType, loaded: Loaded, next: WorkOrder, now: Date) {
  const eventId = newId('evt');
  const nowText = formatShanghai(now);
  return {
    eventId,
    item: putOutbox({
      eventId,
      eventType: type,
      workOrderId: next.id,
      caseId: next.caseId,
      tenantId: next.tenantId,
      departmentId: next.departmentId,
      channel: next.deliveryChannel,
      payload: webhookPayload({
        type,
        eventId,
        occurredAt: nowText,
        workOrder: next,
        case: publicCase(loaded.stored),
        tenant: loaded.tenant,
        now,
        ...(deadlineHeadline(type, next) ? { extra: { message: deadlineHeadline(type, next) } } : {}),
      }),
      attempts: 0,
      createdAt: now.toISOString(),
      nextAttemptAt: now.toISOString(),
    }),
  };
}

/** A Scheduler target: run one check of one work order. Safe to fire twice or late. */
export async function runDueCheck(input: DueCheckInput): Promise<string> {
  let outcome = 'none';
  await changeWorkOrder({
    workOrderId: input.workOrderId,
    tenantId: input.tenantId,
    actor: SYSTEM_ACTOR,
    authorize: () => undefined,
    decide: async (loaded, now) => {
      const { workOrder, tenant } = loaded;
      const decision = decideCheck(workOrder, input, now);
      outcome = decision.act === 'none' ? `none:${decision.why}` : decision.act;
      const at = formatShanghai(now);
      if (decision.act === 'none') return undefined;

      if (decision.act === 'remind') {
        const next = { ...workOrder, remindedFor: workOrder.dueAt };
        const out = outboxFor('work_order.reminder', loaded, next, now);
        return {
          next,
          event: { action: 'work_order.reminded', changes: { dueAt: workOrder.dueAt } },
          extra: [out.item],
        };
      }

      if (decision.act === 'overdue') {
        const calendar = await calendarFor(tenant);
        const escalateAt = escalationAt(
          new Date(workOrder.dueAt),
          calendar,
          tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END,
        );
        const next: WorkOrder = {
          ...workOrder,
          overdue: true,
          escalationLevel: 1,
          overdueAt: at,
          // The due time breached stays on record: a later due time (an extension, a recomputed
          // calendar) does not undo the breach.
          breachedDueAt: workOrder.dueAt,
          nextCheckAt: formatShanghai(escalateAt),
        };
        const out = outboxFor('work_order.overdue', loaded, next, now);
        const notice = await centreNotice(
          workOrder.tenantId,
          now,
          {
            topic: 'work_order.overdue',
            message: `工单 ${workOrder.number}（${workOrder.departmentName}）的办理时限是${spokenTime(workOrder.dueAt)}，至今未反馈办理结果，已超期。`,
            caseId: workOrder.caseId,
            workOrderId: workOrder.id,
          },
          { tenant },
        );
        const note = notice.note;
        return {
          next,
          event: {
            action: 'work_order.overdue',
            changes: {
              escalationLevel: { from: 0, to: 1 },
              dueAt: workOrder.dueAt,
              notified: ['department', note.recipient],
            },
          },
          extra: [out.item, ...notice.items],
          after: async () => {
            await scheduler().scheduleOnce({
              name: scheduleName(workOrder.id, 'escalate', workOrder.dueAt),
              at: escalateAt,
              target: 'dueCheck',
              input: { ...input, kind: 'escalate' } satisfies DueCheckInput,
            });
          },
        };
      }

      // escalate: level 2 — the county supervisor, the centre's duty chief and director, and the
      // department told its order was escalated.
      const county = workOrder.tenantId.slice(0, 6);
      const { nextCheckAt: _n, ...rest } = workOrder;
      const next: WorkOrder = { ...rest, escalationLevel: 2 };
      const out = outboxFor('work_order.escalated', loaded, next, now);
      const breached = workOrder.breachedDueAt ?? workOrder.dueAt;
      const content = {
        topic: 'work_order.escalated',
        message: `工单 ${workOrder.number}（${workOrder.departmentName}）的办理时限是${spokenTime(breached)}，超期一个工作日仍未反馈办理结果，已升级至${regionName(county) ?? '县级'}督办。`,
        caseId: workOrder.caseId,
        workOrderId: workOrder.id,
      };
      const toCentre = await centreNotice(workOrder.tenantId, now, content, { tenant });
      const toCounty = await countyNotice(workOrder.tenantId, now, content, { tenant });
      return {
        next,
        event: {
          action: 'work_order.escalated',
          changes: {
            escalationLevel: { from: 1, to: 2 },
            notified: [toCentre.note.recipient, { role: 'supervisor', regionCode: county }, 'department'],
          },
        },
        extra: [out.item, ...toCentre.items, ...toCounty.items],
      };
    },
  });
  logger.info('due check ran', { workOrderId: input.workOrderId, kind: input.kind, outcome });
  return outcome;
}

/**
 * Daily safety net: every order whose next check is more than a few minutes past (the
 * `byDue` index, never a Scan) gets that check now. Returns how many acted.
 */
export async function runSafetyNet(): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - SAFETY_GRACE_MS).toISOString();
  let acted = 0;
  const due = await queryAll({
    TableName: table(),
    IndexName: tableDef.indexes.byDue.name,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :cutoff',
    ...projectionOf(dueReads.check),
    ExpressionAttributeValues: { ':pk': 'DUE#check', ':cutoff': `${cutoff}~` },
  });
  for (const item of due) {
    const wo = item as Pick<WorkOrder, (typeof dueReads.check)[number]>;
    const kind = wo.escalationLevel >= 1 ? 'escalate' : 'due';
    const result = await runDueCheck({
      workOrderId: wo.id,
      tenantId: wo.tenantId,
      kind,
      dueAt: wo.dueAt,
    }).catch((error: unknown) => {
      logger.error('safety net check failed', { workOrderId: wo.id, error });
      return 'error';
    });
    if (!result.startsWith('none') && result !== 'error') acted++;
  }
  if (acted) logger.warn('safety net ran missed checks', { acted });
  return acted;
}

export type SupervisionItem =
  /** overdue: past its due time; due_soon: due within 24 hours; suspended: the clock is stopped. */
  | (WorkOrderSummary & { kind: 'work_order'; state: 'overdue' | 'due_soon' | 'suspended' })
  /** A closed case whose follow-up (回访) is owed. */
  | {
      kind: 'follow_up';
      state: 'overdue' | 'due_soon';
      id: string;
      caseId: string;
      caseNumber: string;
      tenantId: string;
      dueAt: string;
      round: number;
    };

/**
 * The status (and 签收 time) of the orders the board shows, read by key: the open-work index
 * holds neither, so an order's delivery and 签收 do not rewrite its entry (issue 16, write
 * units). An order gone meanwhile is left out.
 */
async function withStatus(
  orders: Array<OpenWorkOrder & { state: 'overdue' | 'due_soon' | 'suspended' }>,
): Promise<SupervisionItem[]> {
  const found = await getMany(
    orders.map((o) => keys.workOrder(o.caseId, parseWorkOrderId(o.id)?.n ?? 0)),
    {
      projection: {
        expression: '#id, #status, #ack',
        names: { '#id': 'id', '#status': 'status', '#ack': 'acknowledgedAt' },
      },
    },
  );
  const current = new Map(found.map((i) => [String(i.id), i]));
  return orders.flatMap((o) => {
    const now = current.get(o.id);
    if (!now) return [];
    const status = now.status as WorkOrder['status'];
    const acknowledgedAt = now.acknowledgedAt as string | undefined;
    return [{ ...o, status, ...(acknowledgedAt ? { acknowledgedAt } : {}), kind: 'work_order' as const }];
  });
}

/**
 * GET /supervision: overdue and near-due work orders, and owed follow-ups, in the caller's
 * scope (a centre, or a region for supervisors), oldest breach first — from the `byOpen` index
 * of what is still owed; the orders' status from the orders themselves (`withStatus`).
 */
export async function listSupervision(principal: Principal): Promise<SupervisionItem[]> {
  const scope = scopeOf(principal);
  const prefix =
    scope.kind === 'tenant' ? `${scope.tenantId}#` : scope.kind === 'region' ? scope.regionCode : '51';
  const now = clock.now().getTime();
  const soon = now + 24 * 3600_000;
  const timing = (dueAt: string, overdue = false) => {
    const due = new Date(dueAt).getTime();
    return overdue || due <= now ? ('overdue' as const) : due <= soon ? ('due_soon' as const) : undefined;
  };
  const items: SupervisionItem[] = [];
  const orders: Array<OpenWorkOrder & { state: 'overdue' | 'due_soon' | 'suspended' }> = [];
  const owed = await queryAll({
    TableName: table(),
    IndexName: tableDef.indexes.byOpen.name,
    KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':pk': `OPEN#${prefix.slice(0, 2)}`, ':lo': prefix, ':hi': `${prefix}~` },
  });
  for (const item of owed) {
    if (item.type === 'case') {
      const followUp = item.followUp as { dueAt: string; round: number };
      const state = timing(followUp.dueAt);
      if (state) {
        items.push({
          kind: 'follow_up',
          state,
          id: String(item.id),
          caseId: String(item.id),
          caseNumber: String(item.number),
          tenantId: String(item.tenantId),
          dueAt: followUp.dueAt,
          round: followUp.round,
        });
      }
      continue;
    }
    const {
      pk: _a,
      sk: _b,
      gsi1pk: _c,
      gsi1sk: _d,
      gsi2pk: _e,
      gsi2sk: _f,
      gsi3pk: _g,
      gsi3sk: _h,
      gsi4pk: _i,
      gsi4sk: _j,
      type: _t,
      ...rest
    } = item as Record<string, unknown>;
    const wo = rest as OpenWorkOrder;
    const state = wo.suspension ? ('suspended' as const) : timing(wo.dueAt, wo.overdue);
    if (state) orders.push({ ...wo, state });
  }
  items.push(...(await withStatus(orders)));
  const rank = { overdue: 0, due_soon: 1, suspended: 2 } as const;
  return items.sort(
    (a, b) => rank[a.state] - rank[b.state] || new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime(),
  );
}
