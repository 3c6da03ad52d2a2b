/**
 * 督办联系人: who is told, by e-mail and SMS, when a work order is escalated to a region's
 * supervision (escalation level 2 reaches the county's). An admin replaces the list whole and
 * gets the saved list back; each notification shows (masked) whom it reached.
 *
 * Primary course (PUT /regions/{regionCode}/contacts):
 *  1. The code must name a known province, city or county (the division table), else 404.
 *  2. The list replaces the region's contacts in one write.
 */
import { clock } from '../adapters/clock.ts';
import { putRegionContacts } from '../adapters/region-contacts-store.ts';
import { regionName } from '../domain/divisions.ts';
import type { Principal } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import { NotFoundError } from '../errors.ts';
import type { PutRegionContactsBody, RegionContacts } from '../schemas/tenant.ts';

function assertKnown(principal: Principal, regionCode: string): void {
  if (principal.role !== 'admin' || !regionName(regionCode)) throw new NotFoundError('区域不存在');
}

export async function saveRegionContacts(
  principal: Principal,
  regionCode: string,
  body: PutRegionContactsBody,
): Promise<RegionContacts> {
  assertKnown(principal, regionCode);
  const saved: RegionContacts = {
    regionCode,
    contacts: body.contacts,
    updatedAt: formatShanghai(clock.now()),
  };
  await putRegionContacts(saved);
  return saved;
}
