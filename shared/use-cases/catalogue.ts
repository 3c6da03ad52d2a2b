/**
 * 县乡两级联合办理事项库: matters a county handles jointly with its townships, each with its
 * responsible county department. A transfer of a case whose matter is in the catalogue gets
 * that department as a suggestion — never forced; the clerk decides.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { documentClient, table } from '../adapters/dynamo.ts';
import { queryAll } from '../adapters/paging.ts';
import { getDepartment } from '../adapters/work-order-store.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import type { CatalogueMatter, PutMatterBody } from '../schemas/catalogue.ts';
import { keys } from '../table.ts';

export async function putMatter(
  countyCode: string,
  matterId: string,
  body: PutMatterBody,
): Promise<CatalogueMatter> {
  const matter: CatalogueMatter = { ...body, countyCode, matterId, updatedAt: formatShanghai(clock.now()) };
  await documentClient().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.catalogueMatter(countyCode, matterId), type: 'matter', ...matter },
    }),
  );
  return matter;
}

export async function listMatters(countyCode: string): Promise<CatalogueMatter[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `CATALOGUE#${countyCode}` },
  });
  return items.map(({ pk: _p, sk: _s, type: _t, ...m }) => m as CatalogueMatter);
}

/** How well a catalogue matter fits a case's matter text: the name, or any keyword, inside it (or it inside the name). */
export function matches(matter: Pick<CatalogueMatter, 'name' | 'keywords'>, caseMatter: string): boolean {
  const text = caseMatter.trim();
  if (!text) return false;
  if (text.includes(matter.name) || matter.name.includes(text)) return true;
  return matter.keywords.some((k) => k && text.includes(k));
}

/** GET /cases/{id}/transfer-suggestion: the catalogue's departments for this case's matter. */
export async function suggestDepartments(principal: Principal, caseId: string) {
  const stored = await getCase(scopeOf(principal), caseId);
  const county = stored.tenantId.slice(0, 6);
  const found = (await listMatters(county)).filter((m) => matches(m, stored.matter));
  const suggestions = await Promise.all(
    found.map(async (m) => ({
      ...m,
      departmentAvailable: (await getDepartment(stored.tenantId, m.departmentId)) !== undefined,
    })),
  );
  return { suggestions };
}
