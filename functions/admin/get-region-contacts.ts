/** GET /regions/{regionCode}/contacts — who is told of the region's escalations (督办联系人). */
import { httpHandler } from '../../shared/http/handler.ts';
import { RegionParams } from '../../shared/schemas/params.ts';
import { readRegionContacts } from '../../shared/use-cases/region-contacts.ts';

export const handler = httpHandler({ route: 'getRegionContacts', params: RegionParams }, async (req) => ({
  status: 200,
  body: await readRegionContacts(req.principal!, req.params.regionCode),
}));
