/**
 * Which centres a region should have, from the official division table, and what one PUT
 * would change on an existing centre. Plain functions: the CLI (scripts/onboard.ts) does the I/O.
 *
 * A centre is named `{市}{县区}{乡镇街道}便民服务中心` (the form of the demo centre and of the
 * provincial lists; the county in the name tells apart the 281 township names that recur) and
 * gets its county as calendar region, so county, prefecture and province days all apply to it.
 */
import { regionLevel, regionName } from '../../shared/domain/divisions.ts';
import { isTownshipOrStreet, type Town, townsUnder } from '../../shared/domain/towns.ts';
import { PutTenantBody, type Tenant } from '../../shared/schemas/tenant.ts';

export interface DesiredCentre {
  tenantId: string;
  name: string;
  calendarRegion: string;
}

export interface RegionPlan {
  region: string;
  /** 四川省 / 四川省成都市 / 四川省成都市锦江区 */
  regionLabel: string;
  centres: DesiredCentre[];
  /** Rows of the table under the region that are not a township or street (no centre). */
  skipped: Town[];
}

/** `--region 51`, `--region 5101` or `--county 510104` → the centres under it; undefined if unknown. */
export function planRegion(region: string): RegionPlan | undefined {
  const level = regionLevel(region);
  if (level !== 'province' && level !== 'city' && level !== 'county') return undefined;
  if (!regionName(region)) return undefined;
  const centres: DesiredCentre[] = [];
  const skipped: Town[] = [];
  for (const town of townsUnder(region)) {
    if (!isTownshipOrStreet(town)) {
      skipped.push(town);
      continue;
    }
    const county = town.code.slice(0, 6);
    centres.push({
      tenantId: town.code,
      name: `${regionName(town.code.slice(0, 4)) ?? ''}${regionName(county) ?? ''}${town.name}便民服务中心`,
      calendarRegion: county,
    });
  }
  return { region, regionLabel: labelOf(region), centres, skipped };
}

function labelOf(region: string): string {
  return [2, 4, 6]
    .filter((n) => n <= region.length)
    .map((n) => regionName(region.slice(0, n)) ?? '')
    .join('');
}

/** Settings the command may give every centre it creates (and, with `overwrite`, every one it finds). */
export interface CentreDefaults {
  officeHours?: { start?: string; end: string };
  reminderTime?: string;
}

export type CentreChange =
  | { action: 'create'; body: PutTenantBody }
  /** Fields the centre lacked were filled in; nothing it had was changed. */
  | { action: 'complete'; body: PutTenantBody; fields: string[]; kept: string[] }
  /** `overwrite`: fields that differed from the table or the defaults were replaced. */
  | { action: 'overwrite'; body: PutTenantBody; fields: string[] }
  | { action: 'unchanged' }
  /** Fields differ from the table or the defaults and were left as the centre has them. */
  | { action: 'kept'; fields: string[] };

const BODY_KEYS = Object.keys(PutTenantBody.shape) as (keyof PutTenantBody)[];

/** The centre as a PUT body: exactly the fields the centre has, so a PUT of it changes nothing. */
export function bodyOf(tenant: Tenant): PutTenantBody {
  const body: Record<string, unknown> = {};
  for (const key of BODY_KEYS) if (tenant[key] !== undefined) body[key] = tenant[key];
  return body as PutTenantBody;
}

/**
 * What onboarding does to one centre. The name and calendar region come from the division
 * table, office hours and reminder time from the command's defaults; a field the centre lacks
 * is filled in, a field it has with another value is its own edit and is kept unless `overwrite`.
 */
export function changeFor(
  existing: Tenant | undefined,
  desired: DesiredCentre,
  defaults: CentreDefaults,
  overwrite: boolean,
): CentreChange {
  const wanted: Partial<PutTenantBody> = {
    name: desired.name,
    calendarRegion: desired.calendarRegion,
    ...(defaults.officeHours ? { officeHours: defaults.officeHours } : {}),
    ...(defaults.reminderTime ? { reminderTime: defaults.reminderTime } : {}),
  };
  if (!existing) {
    return { action: 'create', body: { officeHours: { end: '17:30' }, ...wanted } as PutTenantBody };
  }
  const current = bodyOf(existing);
  const missing: string[] = [];
  const differing: string[] = [];
  for (const [key, value] of Object.entries(wanted) as [keyof PutTenantBody, unknown][]) {
    if (current[key] === undefined) missing.push(key);
    else if (!sameValue(current[key], value)) differing.push(key);
  }
  const pick = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, wanted[k as keyof PutTenantBody]]));
  if (overwrite && differing.length > 0) {
    const fields = [...missing, ...differing];
    return { action: 'overwrite', body: { ...current, ...pick(fields) }, fields };
  }
  if (missing.length > 0) {
    return { action: 'complete', body: { ...current, ...pick(missing) }, fields: missing, kept: differing };
  }
  if (differing.length > 0) return { action: 'kept', fields: differing };
  return { action: 'unchanged' };
}

/** Deep equality of JSON values, object keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
