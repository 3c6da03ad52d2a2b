/**
 * Regions and centres named as people name them, in every report, ranking, export and file name:
 * a region from the official division table (锦江区, 成都市, 四川省), a centre by its registered
 * name (成都市锦江区春熙路街道便民服务中心), as its bulletins name it.
 *
 * Centres are not named from the township table (shared/domain/towns.ts): its 3,111 rows are
 * ~110 KB of every report function's bundle, and the registry already holds each centre's name.
 */
import { listCentres } from '../../adapters/report-store.ts';
import { regionName as officialName } from '../../domain/divisions.ts';
import { LEVEL_LABELS, levelOf } from '../../domain/statistics.ts';

/**
 * A region (2, 4 or 6 digits) named from the division table. Only a code the table lacks — or a
 * centre's code, which `placeName` names — falls back to the level's label with the code.
 */
export function regionName(region: string): string {
  return officialName(region) ?? `${LEVEL_LABELS[levelOf(region)]}（${region}）`;
}

/** A centre's name: the centre's own (tenant) name, else its level's label with the code. */
export function centreName(tenantId: string, registered: string | undefined): string {
  return registered && registered !== tenantId ? registered : regionName(tenantId);
}

/** A region or a centre (9 digits), the centre from the registry (one Query). */
export async function placeName(code: string): Promise<string> {
  if (code.length !== 9) return regionName(code);
  const entry = (await listCentres(code)).find((c) => c.tenantId === code);
  return centreName(code, entry?.name);
}
