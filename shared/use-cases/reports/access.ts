/**
 * Who may read which report. A centre's people read their own centre; a supervisor reads any
 * region or centre inside their region code. Anything else is a 404 — never a 403 that would
 * reveal that another centre's report exists.
 */
import type { Principal } from '../../domain/identity.ts';
import { NotFoundError } from '../../errors.ts';
import { placeName } from './names.ts';

/** The report region a request reads: `requested` when the caller may, its own by default. */
export function reportRegionFor(principal: Principal, requested?: string): string {
  if (principal.role === 'supervisor') {
    const own = principal.regionCode ?? '';
    const region = requested ?? own;
    if (!own || !region.startsWith(own)) throw new NotFoundError('报告不存在');
    return region;
  }
  const own = principal.tenantId ?? '';
  if (!own || (requested !== undefined && requested !== own)) throw new NotFoundError('报告不存在');
  return own;
}

/**
 * Supervisors see phone numbers masked (`138****0000`); a centre's own people see them in full.
 * Text and JSON answers are masked for every route in shared/http/least-data.ts; this serves the
 * workbook, whose bytes that shaper cannot rewrite.
 */
export function seesFullPhones(principal: Principal): boolean {
  return principal.role !== 'supervisor';
}

/** What the caller's exports are named after: their region (锦江区) or their centre (its registered name). */
export async function scopeName(principal: Principal): Promise<string> {
  const code = principal.role === 'supervisor' ? principal.regionCode : principal.tenantId;
  return code && /^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(code) ? placeName(code) : '全部';
}

/** Run `work` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
