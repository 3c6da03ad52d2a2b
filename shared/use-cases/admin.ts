/**
 * Centre administration: centres (admin), handling units (admin, or the centre's director
 * for their own centre) and the duty roster (值班长制度).
 */
import { clock } from '../adapters/clock.ts';
import { newWebhookSecret } from '../adapters/ids.ts';
import {
  getTenant,
  listDutyDays,
  putDepartment,
  putDutyDay,
  putTenant,
  rotateWebhookSecret,
} from '../adapters/tenant-store.ts';
import { assertDeliverableUrl } from '../adapters/url-guard.ts';
import { stage } from '../config.ts';
import { type Principal, scopeCovers, scopeOf } from '../domain/identity.ts';
import { formatShanghai, shanghaiDate } from '../domain/time.ts';
import { NotFoundError } from '../errors.ts';
import type {
  Department,
  DutyDay,
  DutyRoster,
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

/**
 * 值班表: a month of a centre's duty days (the duty chief, 乡镇长进大厅), for its own people.
 *
 * Primary course:
 *  1. The month asked for, or this month on the clock (Asia/Shanghai).
 *  2. Another centre is a 404 (scope); the centre's duty days of the month in one Query.
 */
export async function dutyRoster(
  principal: Principal,
  tenantId: string,
  month?: string,
): Promise<DutyRoster> {
  const today = shanghaiDate(clock.now());
  const asked = month ?? today.slice(0, 7);
  const days = await listDutyDays(scopeOf(principal), tenantId, asked);
  return {
    tenantId,
    month: asked,
    today,
    items: days.map(({ tenantId: _t, ...day }) => day),
  };
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
