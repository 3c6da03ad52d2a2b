/**
 * The township/street (乡镇、街道) names of the official division table — one centre each — from
 * shared/data/sichuan-towns.json (scripts/gen-divisions.ts). Kept apart from ./divisions.ts
 * because only onboarding and centre naming need its 3,111 rows.
 */
import data from '../data/sichuan-towns.json' with { type: 'json' };

export interface Town {
  /** 9-digit statistical code: county (6) + township (3). */
  code: string;
  name: string;
}

const towns: Town[] = data.towns.map(([code, name]) => ({ code: code!, name: name! }));
const byCode = new Map(towns.map((t) => [t.code, t]));

export function townName(code: string): string | undefined {
  return byCode.get(code)?.name;
}

/** Every township/street under a region prefix ('51', '5101', '510104'), in code order. */
export function townsUnder(prefix: string): Town[] {
  return towns.filter((t) => t.code.startsWith(prefix));
}

/**
 * Township-level units of the statistical table that are not a 乡/镇/街道 (farms, nature
 * reserves, labour camps: codes 4xx) and so have no 便民服务中心.
 */
export function isTownshipOrStreet(town: Town): boolean {
  return /(街道|镇|乡)$/.test(town.name);
}
