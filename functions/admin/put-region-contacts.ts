/** PUT /regions/{regionCode}/contacts — replace the region's supervision contacts (admin). */
import { httpHandler } from '../../shared/http/handler.ts';
import { RegionParams } from '../../shared/schemas/params.ts';
import { PutRegionContactsBody } from '../../shared/schemas/tenant.ts';
import { saveRegionContacts } from '../../shared/use-cases/region-contacts.ts';

export const handler = httpHandler(
  { route: 'putRegionContacts', params: RegionParams, body: PutRegionContactsBody },
  async (req) => ({
    status: 200,
    body: await saveRegionContacts(req.principal!, req.params.regionCode, req.body),
  }),
);
