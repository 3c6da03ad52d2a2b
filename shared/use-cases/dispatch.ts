/**
 * The work-order queue's consumer side of the outbox (see outbox.ts): claim a record, deliver it
 * by webhook or e-mail, record the attempt, then delete the record or move it to its next retry.
 * A text to the reporter is claimed on its own record beside the case and sent by sms.ts. Kept
 * apart from outbox.ts so the functions that only publish do not bundle the mailer.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ExtraItemConflict, publicCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { documentClient } from '../adapters/dynamo.ts';
import { cancellationReasons } from '../adapters/dynamo-errors.ts';
import { logger } from '../adapters/logger.ts';
import { htmlToText, type Mailer, mailerFromEnv } from '../adapters/mailer.ts';
import {
  claimOutbox,
  deleteOutbox,
  discardOutbox,
  type OutboxRecord,
  rescheduleOutbox,
} from '../adapters/outbox-store.ts';
import { claimText } from '../adapters/sms-records.ts';
import { recordTestAttempt } from '../adapters/test-delivery-store.ts';
import { assertDeliverableUrl } from '../adapters/url-guard.ts';
import { sendWebhook } from '../adapters/webhook-sender.ts';
import { getDepartment, loadForWorkOrder, putDeliveryAttempt } from '../adapters/work-order-store.ts';
import { ENV, stage } from '../config.ts';
import { formatDateTime } from '../documents/format.ts';
import { escapeHtml } from '../documents/html.ts';
import { renderTransferForm } from '../documents/transfer-form.ts';
import { labelledActionLinks } from '../domain/action-links.ts';
import { SYSTEM_ACTOR } from '../domain/case.ts';
import { spokenTime } from '../domain/notices.ts';
import { nextAttemptAt } from '../domain/retry-policy.ts';
import { formatShanghai } from '../domain/time.ts';
import { parseWorkOrderId } from '../domain/work-order.ts';
import { ConflictError } from '../errors.ts';
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { DeliveryAttempt, WebhookEventType, WorkOrder } from '../schemas/work-order.ts';
import { deadlineHeadline, escalatedTo, type linksFor } from './department-messages.ts';
import { adoptOutboxSms, deliverSms } from './sms.ts';
import { isSmsEventId } from './sms-owed.ts';
import { centreNotice, deliverNotice } from './staff-notices.ts';
import { TEST_EVENT_TYPE } from './test-delivery.ts';
import { changeWorkOrder, type WorkOrderChange } from './work-orders.ts';

/** A worker holds a record this long for one delivery attempt (webhook timeout 10 s). */
const CLAIM_MS = 2 * 60_000;

let mailer: Mailer | undefined;
/** The local stack and tests may install their own mailer (a folder of .eml files). */
export function useMailer(next: Mailer | undefined): void {
  mailer = next;
}

function currentMailer(): Mailer {
  mailer ??= mailerFromEnv();
  return mailer;
}

function retryCompression(): number {
  const raw = Number(process.env[ENV.webhookRetryCompress] ?? 1);
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
}

/**
 * Deliver one outbox record — or, `caseId` given with a text's id, one text to the reporter;
 * idempotent under duplicate messages and concurrent workers.
 */
export async function dispatch(
  eventId: string,
  caseId?: string,
): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const startedAt = clock.now();
  // A text message to the reporter: its record beside the case is its outbox, claimed for its
  // send in the same write; same queue, its own delivery (sms.ts).
  if (caseId !== undefined && isSmsEventId(eventId)) {
    const owed = await claimText(caseId, eventId, startedAt, CLAIM_MS);
    return owed ? deliverSms(owed, startedAt) : 'skipped';
  }
  const record = await claimOutbox(eventId, startedAt, CLAIM_MS);
  if (!record) return 'skipped';
  // A text owed before texts became their own records: moved beside its case, sent from there.
  if (record.channel === 'sms') return adoptOutboxSms(record, startedAt);
  // An e-mail or SMS of a staff notification (staff-notices.ts), with the same mailer.
  if (record.channel === 'notice') return deliverNotice(record, startedAt, currentMailer);
  // A test message to a department (发送测试): the same delivery, its outcome kept on the test.
  if (record.eventType === TEST_EVENT_TYPE) return deliverTest(record, startedAt);

  const attempt = await attemptDelivery(record, startedAt);
  const attemptsSoFar = record.attempts + 1;
  const retryAt =
    attempt.outcome === 'retry'
      ? nextAttemptAt(attemptsSoFar, startedAt, { compress: retryCompression() })
      : undefined;
  const result: 'delivered' | 'retry' | 'failed' =
    attempt.outcome === 'delivered' ? 'delivered' : retryAt ? 'retry' : 'failed';
  logger.info('work order dispatch attempt', {
    eventId,
    workOrderId: record.workOrderId,
    channel: record.channel,
    outcome: attempt.outcome,
    status: attempt.status,
    latencyMs: attempt.latencyMs,
    result,
  });

  try {
    await changeWorkOrder({
      workOrderId: record.workOrderId,
      tenantId: record.tenantId,
      actor: SYSTEM_ACTOR,
      authorize: () => undefined,
      decide: async ({ workOrder }, now) =>
        recordAttempt(workOrder, record, attempt, result, retryAt, attemptsSoFar, now),
    });
  } catch (error) {
    // Another worker finished this record first (its outbox delete/update, or the same
    // attempt's item, won): nothing to add. A change of the order itself is not this: it is
    // a version conflict, retried on fresh data by changeWorkOrder.
    if (error instanceof ExtraItemConflict) return 'skipped';
    // The case was archived before this message went out: it is final, not worth retrying.
    if (error instanceof ConflictError && error.code === 'archived') {
      logger.warn('case archived before the message was delivered; dropping it', { eventId });
      await discardOutbox(eventId);
      return 'skipped';
    }
    throw error;
  }
  return result;
}

async function recordAttempt(
  workOrder: WorkOrder,
  record: OutboxRecord,
  attempt: DeliveryAttempt,
  result: 'delivered' | 'retry' | 'failed',
  retryAt: Date | undefined,
  attemptsSoFar: number,
  now: Date,
): Promise<WorkOrderChange> {
  // The attempt is an item of its own beside the order, and recording it leaves the order
  // item (and so its version) alone unless the order's status really moves (first delivery,
  // or failure of the assignment). Why this is safe: the order's version guards the decisions
  // made on the order's fields (status, due time, feedback summary), and an attempt changes
  // none of them — so a department's ack / progress / result racing the dispatcher no longer
  // loses its guard to a mere log line. What does still meet a department's change is the
  // audit chain: a delivered / failed attempt is a case event, and the chain's head lives on
  // the case item, so two events on one case are serialized by the case version whatever we
  // do; those losers are retried on fresh data (changeWorkOrder, closeCase). A retry-outcome
  // attempt — the common one while a receiver is down — has no case event and touches neither.
  const attemptItem = putDeliveryAttempt(workOrder, attempt, attemptsSoFar);
  const type = record.eventType as WebhookEventType;
  if (result === 'retry') {
    return {
      next: workOrder,
      orderUnchanged: true,
      extra: [attemptItem, rescheduleOutbox(record.eventId, attemptsSoFar, retryAt!)],
    };
  }
  if (result === 'delivered') {
    const firstDelivery = type === 'work_order.assigned' && workOrder.status === 'pending_delivery';
    return {
      next: firstDelivery ? { ...workOrder, status: 'delivered' } : workOrder,
      orderUnchanged: !firstDelivery,
      event: {
        action: `${type}.delivered`,
        changes: {
          eventId: record.eventId,
          channel: record.channel,
          attempts: attemptsSoFar,
          ...(firstDelivery ? { status: { from: 'pending_delivery', to: 'delivered' } } : {}),
        },
      },
      extra: [attemptItem, deleteOutbox(record.eventId)],
    };
  }
  const failedAssignment = type === 'work_order.assigned' && workOrder.status === 'pending_delivery';
  const notice = await centreNotice(workOrder.tenantId, now, {
    topic: 'work_order.delivery_failed',
    message: `工单 ${workOrder.number} 自${spokenTime(record.createdAt)}起向${workOrder.departmentName}派发 ${attemptsSoFar} 次均未送达（最后一次：${attempt.error ?? '对方拒收'}），请电话联系承办单位。`,
    caseId: workOrder.caseId,
    workOrderId: workOrder.id,
  });
  const note = notice.note;
  return {
    next: failedAssignment ? { ...workOrder, status: 'delivery_failed' } : workOrder,
    orderUnchanged: !failedAssignment,
    event: {
      action: `${type}.delivery_failed`,
      changes: {
        eventId: record.eventId,
        channel: record.channel,
        attempts: attemptsSoFar,
        lastError: attempt.error,
        notified: note.recipient,
        ...(failedAssignment ? { status: { from: 'pending_delivery', to: 'delivery_failed' } } : {}),
      },
    },
    extra: [attemptItem, deleteOutbox(record.eventId), ...notice.items],
  };
}

interface ComposedMail {
  subject: string;
  html: string;
  headers: Record<string, string>;
}

/** A work order's e-mail, composed from the order and its case as they are now. */
async function workOrderMail(record: OutboxRecord): Promise<ComposedMail> {
  const parsed = parseWorkOrderId(record.workOrderId)!;
  const loaded = await loadForWorkOrder(parsed.caseId, parsed.n, record.tenantId, undefined);
  if (!loaded.stored || !loaded.workOrder || !loaded.tenant) throw new Error('work order not found');
  const mail = workOrderEmail({
    type: record.eventType as WebhookEventType,
    payload: record.payload,
    workOrder: loaded.workOrder,
    case: publicCase(loaded.stored),
    tenant: loaded.tenant,
  });
  return { ...mail, headers: { 'X-Bancheng-Work-Order': record.workOrderId } };
}

/** A test message's e-mail: its own text, marked as a test in the subject and the body. */
async function testMail(record: OutboxRecord): Promise<ComposedMail> {
  const { data } = JSON.parse(record.payload) as {
    data: { message: string; centre: { name: string }; department: { name: string }; requestedBy: string };
  };
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试消息</title></head><body>
<p><strong>${escapeHtml(data.message)}</strong></p>
<p>发送人：${escapeHtml(data.requestedBy)}（${escapeHtml(data.centre.name)}）</p>
<p>收到此邮件说明转办工单能够送达本邮箱。</p>
</body></html>`;
  return {
    subject: `【测试】${data.centre.name} 发给 ${data.department.name} 的测试消息`,
    html,
    headers: { 'X-Bancheng-Test': 'true' },
  };
}

/**
 * One attempt of a test message, exactly as a work order's (attemptDelivery), and its outcome
 * on the test in one transaction with the outbox record's deletion or next retry.
 */
async function deliverTest(
  record: OutboxRecord,
  startedAt: Date,
): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const attempt = await attemptDelivery(record, startedAt, testMail);
  const attemptsSoFar = record.attempts + 1;
  const retryAt =
    attempt.outcome === 'retry'
      ? nextAttemptAt(attemptsSoFar, startedAt, { compress: retryCompression() })
      : undefined;
  const result = attempt.outcome === 'delivered' ? 'delivered' : retryAt ? 'retry' : 'failed';
  logger.info('delivery test attempt', {
    eventId: record.eventId,
    channel: record.channel,
    outcome: attempt.outcome,
    status: attempt.status,
    result,
  });
  const { eventId: _e, type: _t, channel: _c, ...lastAttempt } = attempt;
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          retryAt ? rescheduleOutbox(record.eventId, attemptsSoFar, retryAt) : deleteOutbox(record.eventId),
          recordTestAttempt(record.tenantId, record.eventId, {
            status: result === 'retry' ? 'pending' : result,
            attempts: attemptsSoFar,
            lastAttempt,
            ...(retryAt ? { nextAttemptAt: formatShanghai(retryAt) } : {}),
            ...(result === 'delivered' ? { deliveredAt: attempt.at } : {}),
          }),
        ],
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    // The test itself is gone (its 30 days passed): nobody waits for this message any more.
    if (reasons[1]?.Code === 'ConditionalCheckFailed') await discardOutbox(record.eventId);
    // Otherwise another worker finished this record first.
    return 'skipped';
  }
  return result;
}

async function attemptDelivery(
  record: OutboxRecord,
  now: Date,
  composeMail: (record: OutboxRecord) => Promise<ComposedMail> = workOrderMail,
): Promise<DeliveryAttempt> {
  const base = {
    eventId: record.eventId,
    type: record.eventType,
    channel: record.channel as DeliveryAttempt['channel'],
    at: formatShanghai(now),
  };
  const department = await getDepartment(record.tenantId, record.departmentId);
  if (!department) return { ...base, outcome: 'failed', latencyMs: 0, error: '承办单位已不存在' };

  if ('webhook' in department.delivery) {
    const url = department.delivery.webhook.url;
    try {
      await assertDeliverableUrl(url, { allowInsecureLocal: stage() === 'local' });
    } catch (error) {
      return { ...base, channel: 'webhook', outcome: 'retry', latencyMs: 0, error: (error as Error).message };
    }
    const res = await sendWebhook({
      url,
      secrets: department.webhookSecrets ?? [],
      id: record.eventId,
      timestamp: now,
      payload: record.payload,
    });
    return {
      ...base,
      channel: 'webhook',
      outcome: res.outcome,
      ...(res.status !== undefined ? { status: res.status } : {}),
      latencyMs: Math.round(res.latencyMs),
      ...(res.error ? { error: res.error } : {}),
    };
  }

  const started = performance.now();
  try {
    const mail = await composeMail(record);
    mailer ??= mailerFromEnv();
    const sent = await mailer.send({
      to: department.delivery.email.address,
      subject: mail.subject,
      html: mail.html,
      text: htmlToText(mail.html),
      headers: { 'X-Bancheng-Event-Id': record.eventId, ...mail.headers },
    });
    if (sent.path) logger.info('work order e-mail written', { path: sent.path, eventId: record.eventId });
    return {
      ...base,
      channel: 'email',
      outcome: 'delivered',
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      ...base,
      channel: 'email',
      outcome: 'retry',
      latencyMs: Math.round(performance.now() - started),
      error: (error as Error).message,
    };
  }
}

const SUBJECTS: Record<WebhookEventType, string> = {
  'work_order.assigned': '转办单',
  'work_order.reminder': '办理提醒',
  'work_order.overdue': '超期督办',
  'work_order.escalated': '升级督办',
  'work_order.recalled': '工单撤回',
  'work_order.reopened': '重新办理',
  'work_order.deadline_changed': '办理时限调整',
};

/** The e-mail: Form A.2 as the body, the action links under it, a plain-text alternative. */
export function workOrderEmail(input: {
  type: WebhookEventType;
  payload: string;
  workOrder: WorkOrder;
  case: Case;
  tenant: Tenant;
}): { subject: string; html: string } {
  const { data } = JSON.parse(input.payload) as {
    data: { actions: ReturnType<typeof linksFor>; message?: string };
  };
  const form = renderTransferForm({
    case: input.case,
    workOrder: input.workOrder,
    tenant: input.tenant,
    actionLinks: input.type === 'work_order.recalled' ? [] : labelledActionLinks(data.actions),
  });
  // A reminder, overdue or escalation notice opens with what is due by when (plain block: readable with the
  // styles stripped, and the first line of the text part); the form follows for reference.
  const headline = deadlineHeadline(input.type, input.workOrder);
  const html = headline
    ? form.replace(
        '<body>',
        `<body>\n<p class="deadline-headline" style="font:bold 14pt sans-serif;margin:4mm auto;max-width:180mm">${escapeHtml(headline)}</p>`,
      )
    : form;
  const due = formatDateTime(input.workOrder.dueAt);
  const subject =
    input.type === 'work_order.reminder'
      ? `【${SUBJECTS[input.type]}】${input.workOrder.number} 须于 ${due} 前反馈 ${input.case.matter}`
      : input.type === 'work_order.overdue'
        ? `【${SUBJECTS[input.type]}】${input.workOrder.number} 已超过办理时限 ${due} ${input.case.matter}`
        : input.type === 'work_order.escalated'
          ? `【${SUBJECTS[input.type]}】${input.workOrder.number} 超期未反馈，已升级至${escalatedTo(input.workOrder.tenantId)} ${input.case.matter}`
          : `【${SUBJECTS[input.type]}】${input.workOrder.number} ${input.case.matter}`;
  return { subject, html };
}
