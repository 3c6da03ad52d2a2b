/**
 * What a department receives: the webhook event (Standard Webhooks body per API.md) and the
 * e-mail (Form A.2 with the same signed action links). Built once per event and kept in the
 * outbox, so every retry sends the very same body.
 */

import { actionLinkSecrets, ENV, requiredEnv } from '../config.ts';
import { renderTransferForm } from '../documents/transfer-form.ts';
import { actionLinks, labelledActionLinks } from '../domain/action-links.ts';
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

/** The webhook body: `{type, data: {workOrder, case, dueAt, actions}}`. */
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
  const { attempts: _a, ...workOrder } = input.workOrder;
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

const SUBJECTS: Record<WebhookEventType, string> = {
  'work_order.assigned': '转办单',
  'work_order.reminder': '办理提醒',
  'work_order.overdue': '超期督办',
  'work_order.recalled': '工单撤回',
  'work_order.reopened': '重新办理',
};

/** The e-mail: Form A.2 as the body, the action links under it, a plain-text alternative. */
export function workOrderEmail(input: {
  type: WebhookEventType;
  payload: string;
  workOrder: WorkOrder;
  case: Case;
  tenant: Tenant;
}): { subject: string; html: string } {
  const { data } = JSON.parse(input.payload) as { data: { actions: ReturnType<typeof linksFor> } };
  const html = renderTransferForm({
    case: input.case,
    workOrder: input.workOrder,
    tenant: input.tenant,
    actionLinks: input.type === 'work_order.recalled' ? [] : labelledActionLinks(data.actions),
  });
  const subject = `【${SUBJECTS[input.type]}】${input.workOrder.number} ${input.case.matter}`;
  return { subject, html };
}
