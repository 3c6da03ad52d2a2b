/**
 * Centre administration: centres (admin), handling units (admin, or the centre's director
 * for their own centre) and the duty roster (值班长制度).
 */
import { clock } from '../adapters/clock.ts';
import { newWebhookSecret } from '../adapters/ids.ts';
import {
  getTenant,
  putDepartment,
  putDutyDay,
  putTenant,
  rotateWebhookSecret,
} from '../adapters/tenant-store.ts';
import { assertDeliverableUrl } from '../adapters/url-guard.ts';
import { stage } from '../config.ts';
import { type Principal, scopeCovers, scopeOf } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import { NotFoundError } from '../errors.ts';
import type {
  Department,
  DutyDay,
  PutDepartmentBody,
  PutDutyDayBody,
  PutTenantBody,
  Tenant,
} from '../schemas/tenant.ts';

/** A director manages only their own centre; anything else is a 404, as for reads. */
function assertManages(principal: Principal, tenantId: string): void {
  if (!scopeCovers(scopeOf(principal), tenantId)) throw new NotFoundError('便民服务中心不存在');
}

export function saveTenant(tenantId: string, body: PutTenantBody): Promise<Tenant> {
  return putTenant(tenantId, body, formatShanghai(clock.now()));
}

export async function saveDepartment(
  principal: Principal,
  tenantId: string,
  departmentId: string,
  body: PutDepartmentBody,
): Promise<Department> {
  assertManages(principal, tenantId);
  if ('webhook' in body.delivery) {
    // Deployed: https only, and never an address inside our network (SSRF); locally http://localhost is fine.
    await assertDeliverableUrl(body.delivery.webhook.url, { allowInsecureLocal: stage() === 'local' });
  }
  await getTenant(scopeOf(principal), tenantId);
  return putDepartment(tenantId, departmentId, body, formatShanghai(clock.now()), newWebhookSecret());
}

export async function saveDutyDay(
  principal: Principal,
  tenantId: string,
  date: string,
  body: PutDutyDayBody,
): Promise<DutyDay> {
  assertManages(principal, tenantId);
  await getTenant(scopeOf(principal), tenantId);
  return putDutyDay({ ...body, tenantId, date, updatedAt: formatShanghai(clock.now()) });
}

/** Rotate a webhook department's signing secret (the previous one stays valid until the next rotation). */
export async function rotateDepartmentSecret(principal: Principal, tenantId: string, departmentId: string) {
  assertManages(principal, tenantId);
  const rotated = await rotateWebhookSecret(
    tenantId,
    departmentId,
    newWebhookSecret(),
    formatShanghai(clock.now()),
  );
  if (!rotated) throw new NotFoundError('没有这个以 webhook 接收工单的承办单位');
  return rotated;
}
