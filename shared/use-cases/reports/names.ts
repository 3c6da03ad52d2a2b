/** Regions and centres named as people name them, in every report, ranking, export and file name. */
import { regionName as officialName } from '../../domain/divisions.ts';
import { LEVEL_LABELS, levelOf } from '../../domain/statistics.ts';
import { townName } from '../../domain/towns.ts';

/**
 * A region or centre named as people name it, from the official division table (锦江区, 成都市,
 * 四川省; a centre by its township or street). Only a code the table lacks falls back to the
 * level's label with the code.
 */
export function regionName(region: string): string {
  const name = region.length === 9 ? townName(region) : officialName(region);
  return name ?? `${LEVEL_LABELS[levelOf(region)]}（${region}）`;
}

/** A centre's name: the centre's own (tenant) name, else its township's. */
export function centreName(tenantId: string, registered: string | undefined): string {
  return registered && registered !== tenantId ? registered : regionName(tenantId);
}
