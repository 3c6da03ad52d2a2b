/**
 * What a department receives: the webhook event (Standard Webhooks body per API.md) and the
 * e-mail (Form A.2 with the same signed action links). Built once per event and kept in the
 * outbox, so every retry sends the very same body.
 */

import { actionLinkSecrets } from '../adapters/secrets.ts';
import { ENV, requiredEnv } from '../config.ts';
import { formatDateTime } from '../documents/format.ts';
import { actionLinks } from '../domain/action-links.ts';
import { regionName } from '../domain/divisions.ts';
import { latestFeedback } from '../domain/work-order.ts';
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { WebhookEventType, WorkOrder } from '../schemas/work-order.ts';

/** Action links stay valid this long after the event (a complex order runs for weeks). */
const LINK_VALIDITY_MS = 60 * 24 * 3600 * 1000;

export function linksFor(wo: WorkOrder, now: Date) {
  return actionLinks(
    {
      baseUrl: requiredEnv(ENV.publicBaseUrl),
      workOrderId: wo.id,
      tenantId: wo.tenantId,
      departmentId: wo.departmentId,
      expiresAt: new Date(now.getTime() + LINK_VALIDITY_MS),
    },
    actionLinkSecrets()[0]!,
  );
}

function caseSummary(c: Case, tenant: Tenant) {
  return {
    id: c.id,
    number: c.number,
    channel: c.channel,
    matter: c.matter,
    description: c.description,
    reporter: c.reporter,
    assisted: c.assisted,
    acceptedAt: c.acceptedAt,
    centre: {
      tenantId: tenant.tenantId,
      name: tenant.name,
      ...(tenant.contact ? { contact: tenant.contact } : {}),
    },
  };
}

/**
 * The webhook body: `{type, data: {workOrder, case, dueAt, actions}}`. Bounded whatever the
 * order's history: the order carries its latest report and how many there are, plus `url` (GET
 * /work-orders/{id}) for the whole history, never every report or delivery attempt.
 */
export function webhookPayload(input: {
  type: WebhookEventType;
  eventId: string;
  occurredAt: string;
  workOrder: WorkOrder;
  case: Case;
  tenant: Tenant;
  now: Date;
  extra?: Record<string, unknown>;
}): string {
  const { attempts: _a, feedback: _f, ...rest } = input.workOrder;
  const latest = latestFeedback(input.workOrder);
  const workOrder = {
    ...rest,
    feedbackCount: input.workOrder.feedbackCount ?? input.workOrder.feedback.length,
    ...(latest ? { latestFeedback: latest } : {}),
    url: `${requiredEnv(ENV.publicBaseUrl)}/work-orders/${input.workOrder.id}`,
  };
  return JSON.stringify({
    type: input.type,
    id: input.eventId,
    occurredAt: input.occurredAt,
    data: {
      workOrder,
      case: caseSummary(input.case, input.tenant),
      dueAt: input.workOrder.dueAt,
      actions: linksFor(input.workOrder, input.now),
      ...input.extra,
    },
  });
}

/** Who an escalated order (level 2) was escalated to: the county supervisor of the centre. */
export function escalatedTo(tenantId: string): string {
  const county = tenantId.slice(0, 6);
  return `县级督办（${regionName(county) ?? county}）`;
}

/**
 * The first line of a reminder, overdue or escalation message (e-mail and webhook
 * `data.message`): what is due or overdue, by or since when, and — once escalated — to whom, so
 * none can be mistaken for the original transfer or for one another. Undefined for the other
 * events.
 */
export function deadlineHeadline(type: WebhookEventType, wo: WorkOrder): string | undefined {
  const due = formatDateTime(wo.dueAt);
  if (type === 'work_order.reminder') {
    return `办理提醒：工单 ${wo.number} 须于 ${due} 前反馈办理结果（${wo.departmentName}）。`;
  }
  if (type === 'work_order.overdue') {
    return `超期督办：工单 ${wo.number} 的办理时限 ${due} 已过，仍未反馈办理结果，请立即办理并反馈（${wo.departmentName}）。`;
  }
  if (type === 'work_order.escalated') {
    // The breach is dated by the due time that was missed, whatever due time came later.
    const since = formatDateTime(wo.breachedDueAt ?? wo.dueAt);
    return `升级督办：工单 ${wo.number} 自 ${since} 超过办理时限，超期一个工作日仍未反馈办理结果，已升级至${escalatedTo(wo.tenantId)}，请立即办理并反馈（${wo.departmentName}）。`;
  }
  return undefined;
}
