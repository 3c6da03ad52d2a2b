/**
 * 转办: transfer a case to a handling unit (承办单位) as a work order (Form A.2).
 *
 * Primary course:
 *  1. Read the case, the centre and the department in one round trip (scope-checked).
 *  2. The case must be in a state that can be transferred; the department must exist.
 *  3. The due time comes from the centre's working-day calendar (the same rule as
 *     GET /calendar/deadline).
 *  4. One transaction: the case (next version, status transferred), the work order
 *     `{caseNumber}-{n}`, the audit event, the outbox record holding the exact
 *     `work_order.assigned` message, and the idempotency record when a key was given.
 *  5. After the commit the message is published to the work-order queue; if that send is
 *     lost, the outbox sweeper sends it — the transfer is never lost.
 */

import { ExtraItemConflict, publicCase, putIdempotency, type StoredCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { putOutbox } from '../adapters/outbox-store.ts';
import { loadForWorkOrder, putWorkOrder } from '../adapters/work-order-store.ts';
import { formatDateTime } from '../documents/format.ts';
import { STANDARD_REQUIREMENTS } from '../documents/labels.ts';
import { assertTransition, canonicalJson, sha256 } from '../domain/case.ts';
import { type Principal, scopeCovers, scopeOf } from '../domain/identity.ts';
import { workOrderId, workOrderNumber } from '../domain/work-order.ts';
import { ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from '../errors.ts';
import type { TransferBody, WorkOrder } from '../schemas/work-order.ts';
import { deadlineFor } from './calendar.ts';
import { changeCase } from './case-changes.ts';
import { webhookPayload } from './department-messages.ts';
import { owedSms } from './sms-owed.ts';
import { scheduleChecks } from './supervision.ts';

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export async function transferCase(
  principal: Principal,
  caseId: string,
  body: TransferBody,
  opts: { idempotencyKey?: string; ifMatch?: number } = {},
): Promise<{ workOrder: WorkOrder; replayed: boolean }> {
  const tenantId = principal.tenantId;
  if (!tenantId) throw new ForbiddenError('当前账号未关联便民服务中心');
  const loaded = await loadForWorkOrder(caseId, undefined, tenantId, body.departmentId);
  if (!loaded.stored || !scopeCovers(scopeOf(principal), loaded.stored.tenantId)) {
    throw new NotFoundError('案件不存在');
  }
  const { tenant, department } = loaded;
  if (!tenant) throw new UnprocessableError('该便民服务中心尚未开通，请联系管理员', 'tenant_not_configured');
  if (!department) {
    throw new ValidationError('承办单位不存在', [
      { field: 'departmentId', message: '本中心没有这个承办单位，请先在承办单位管理中添加' },
    ]);
  }
  const bodyHash = sha256(canonicalJson(body));
  let created: WorkOrder | undefined;
  let outboxEventId = '';

  try {
    await changeCase(principal, caseId, opts.ifMatch, async (current: StoredCase, nowText) => {
      assertTransition('transfer', current.status);
      const now = clock.now();
      const n = (current.workOrderCount ?? 0) + 1;
      const due = await deadlineFor(tenant, now, body.category);
      const workOrder: WorkOrder = {
        id: workOrderId(caseId, n),
        number: workOrderNumber(current.number, n),
        caseId,
        caseNumber: current.number,
        tenantId: current.tenantId,
        departmentId: department.departmentId,
        departmentName: department.name,
        deliveryChannel: 'webhook' in department.delivery ? 'webhook' : 'email',
        category: body.category,
        requirements: body.requirements ?? STANDARD_REQUIREMENTS[body.category],
        ...(body.otherRequirements ? { otherRequirements: body.otherRequirements } : {}),
        ...(body.note ? { note: body.note } : {}),
        status: 'pending_delivery',
        overdue: false,
        escalationLevel: 0,
        dueAt: due.dueAt,
        provisional: due.provisional,
        transferredAt: nowText,
        transferredBy: { id: principal.id, name: principal.name },
        feedback: [],
        attempts: [],
        nextCheckAt: due.dueAt,
        version: 1,
        updatedAt: nowText,
      };
      created = workOrder;
      outboxEventId = newId('evt');
      const caseAfter = { ...current, status: 'transferred' as const, workOrderCount: n };
      // Last in the transaction, so the idempotency record keeps its place (index 2) below.
      const sms = owedSms(current, 'transfer', [current.number, department.name, formatDateTime(due.dueAt)], {
        now,
      });
      const payload = webhookPayload({
        type: 'work_order.assigned',
        eventId: outboxEventId,
        occurredAt: nowText,
        workOrder,
        case: publicCase(caseAfter),
        tenant,
        now,
      });
      return {
        action: 'case.transferred',
        patch: { status: 'transferred', workOrderCount: n },
        changes: {
          status: { from: current.status, to: 'transferred' },
          workOrder: {
            id: workOrder.id,
            number: workOrder.number,
            departmentId: workOrder.departmentId,
            departmentName: workOrder.departmentName,
            category: workOrder.category,
            dueAt: workOrder.dueAt,
          },
        },
        extra: () => [
          putWorkOrder(workOrder, undefined),
          putOutbox({
            eventId: outboxEventId,
            eventType: 'work_order.assigned',
            workOrderId: workOrder.id,
            caseId,
            tenantId: workOrder.tenantId,
            departmentId: workOrder.departmentId,
            channel: workOrder.deliveryChannel,
            payload,
            attempts: 0,
            createdAt: now.toISOString(),
            nextAttemptAt: now.toISOString(),
          }),
          ...(opts.idempotencyKey
            ? [
                putIdempotency({
                  scope: `transfer#${caseId}`,
                  key: opts.idempotencyKey,
                  bodyHash,
                  response: workOrder,
                  nowEpoch: Math.floor(now.getTime() / 1000),
                  ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
                }),
              ]
            : []),
          ...(sms ? [sms.item] : []),
        ],
      };
    });
  } catch (error) {
    // The idempotency record (the 4th extra item) exists: this transfer was already made.
    if (error instanceof ExtraItemConflict && error.index === 2 && error.item) {
      if (error.item.bodyHash !== bodyHash) {
        throw new UnprocessableError(
          '该幂等键（Idempotency-Key）已用于另一份不同的提交，请换用新的键',
          'idempotency_key_reused',
        );
      }
      return { workOrder: error.item.response as WorkOrder, replayed: true };
    }
    throw error;
  }
  const workOrder = created!;
  logger.info('case transferred', {
    caseId,
    workOrderId: workOrder.id,
    departmentId: workOrder.departmentId,
  });
  // Best effort too: a schedule that is not created is run by the daily safety net.
  await scheduleChecks(workOrder, tenant, clock.now()).catch((error: unknown) =>
    logger.warn('could not schedule the due checks; the safety net will run them', {
      workOrderId: workOrder.id,
      error,
    }),
  );
  return { workOrder, replayed: false };
}
