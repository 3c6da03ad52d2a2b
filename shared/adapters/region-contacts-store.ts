/**
 * The people told of a region's escalations (督办联系人): one item per region,
 * `REGION#{regionCode}` / `CONTACTS`, replaced whole by an admin. Read once per escalation.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RegionContacts } from '../schemas/tenant.ts';
import { keys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';

export async function putRegionContacts(c: RegionContacts): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.regionContacts(c.regionCode), type: 'regionContacts', ...c },
    }),
  );
}

/** The region's contacts; none set is an empty list. */
export async function getRegionContacts(regionCode: string): Promise<RegionContacts> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.regionContacts(regionCode) }),
  );
  if (!out.Item) return { regionCode, contacts: [] };
  const { pk: _p, sk: _s, type: _t, ...rest } = out.Item;
  return rest as RegionContacts;
}
