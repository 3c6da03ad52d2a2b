/**
 * 发送测试: an admin (or the centre's director) checks that a handling unit's webhook or mailbox
 * really receives work orders, before the first real one is sent there.
 *
 * Primary course:
 *  1. The department is read in the caller's scope (another centre's is a 404).
 *  2. One transaction writes the test (`pending`), an outbox record with a clearly marked
 *     `delivery.test` body, and the Idempotency-Key's record when one is given.
 *  3. The record's id goes on the work-order queue, as after a transfer; the dispatch worker
 *     delivers it exactly as a work order's message — the URL guard, the Standard Webhooks
 *     signature with the department's secrets, the same retries — and writes each attempt's
 *     outcome on the test (dispatch.ts `deliverTest`).
 *  4. `GET …/test-delivery/{id}` shows pending / delivered / failed with the receiver's HTTP
 *     status or the error.
 *
 * A repeated request with the same Idempotency-Key and no other change answers the first test.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { putIdempotency } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { documentClient } from '../adapters/dynamo.ts';
import { cancellationReasons, reasonItem } from '../adapters/dynamo-errors.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { putOutbox } from '../adapters/outbox-store.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { getTestDelivery, putTestDelivery } from '../adapters/test-delivery-store.ts';
import { getDepartment } from '../adapters/work-order-store.ts';
import { canonicalJson, sha256 } from '../domain/case.ts';
import { type Principal, scopeCovers, scopeOf } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import { NotFoundError, UnprocessableError } from '../errors.ts';
import type { Department, Tenant, TestDelivery } from '../schemas/tenant.ts';

/** The webhook event type of a test message; receivers should answer 2xx and do nothing else. */
export const TEST_EVENT_TYPE = 'delivery.test';
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The body sent: marked as a test in its type, its `data.test` flag and its message. */
export function testPayload(input: {
  eventId: string;
  occurredAt: string;
  tenant: Tenant;
  department: Department;
  requestedBy: { id: string; name: string };
}): string {
  return JSON.stringify({
    type: TEST_EVENT_TYPE,
    id: input.eventId,
    occurredAt: input.occurredAt,
    data: {
      test: true,
      message: `【测试】这是${input.tenant.name}发给${input.department.name}的测试消息，用于确认能收到转办工单，无需办理。`,
      centre: { tenantId: input.tenant.tenantId, name: input.tenant.name },
      department: { departmentId: input.department.departmentId, name: input.department.name },
      requestedBy: input.requestedBy.name,
    },
  });
}

export async function requestTestDelivery(
  principal: Principal,
  tenantId: string,
  departmentId: string,
  opts: { idempotencyKey?: string } = {},
): Promise<{ test: TestDelivery; replayed: boolean }> {
  const scope = scopeOf(principal);
  const [tenant, department] = await Promise.all([
    getTenant(scope, tenantId),
    getDepartment(tenantId, departmentId),
  ]);
  if (!department) throw new NotFoundError('承办单位不存在');

  const now = clock.now();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  const id = newId('dlvtest');
  const requestedBy = { id: principal.id, name: principal.name };
  const channel = 'webhook' in department.delivery ? 'webhook' : 'email';
  const test: TestDelivery = {
    id,
    tenantId,
    departmentId,
    channel,
    status: 'pending',
    attempts: 0,
    requestedAt: formatShanghai(now),
    requestedBy,
  };
  const bodyHash = sha256(canonicalJson({ tenantId, departmentId }));
  const items = [
    putTestDelivery(test, nowEpoch),
    putOutbox({
      eventId: id,
      eventType: TEST_EVENT_TYPE,
      workOrderId: '',
      caseId: '',
      tenantId,
      departmentId,
      channel,
      payload: testPayload({ eventId: id, occurredAt: test.requestedAt, tenant, department, requestedBy }),
      attempts: 0,
      createdAt: now.toISOString(),
      nextAttemptAt: now.toISOString(),
    }),
    ...(opts.idempotencyKey
      ? [
          putIdempotency({
            scope: `delivery-test#${tenantId}#${departmentId}#${principal.id}`,
            key: opts.idempotencyKey,
            bodyHash,
            response: { testId: id },
            nowEpoch,
            ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
          }),
        ]
      : []),
  ];
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const first = reasonItem(cancellationReasons(error)?.[2]);
    if (!first) throw error;
    if (first.bodyHash !== bodyHash) {
      throw new UnprocessableError(
        '该幂等键（Idempotency-Key）已用于另一份不同的提交，请换用新的键',
        'idempotency_key_reused',
      );
    }
    const earlier = await getTestDelivery(tenantId, String((first.response as { testId?: unknown }).testId));
    if (!earlier) throw error;
    return { test: earlier, replayed: true };
  }
  logger.info('delivery test requested', { tenantId, departmentId, testId: id, channel });
  return { test, replayed: false };
}

export async function readTestDelivery(
  principal: Principal,
  tenantId: string,
  departmentId: string,
  testId: string,
): Promise<TestDelivery> {
  // Another centre's test is a 404 whether or not it exists.
  if (!scopeCovers(scopeOf(principal), tenantId)) throw new NotFoundError('没有这次测试');
  const test = await getTestDelivery(tenantId, testId);
  if (!test || test.departmentId !== departmentId) throw new NotFoundError('没有这次测试');
  return test;
}
