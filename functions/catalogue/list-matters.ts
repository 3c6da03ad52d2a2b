/** GET /catalogue/{countyCode}/matters */
import { httpHandler } from '../../shared/http/handler.ts';
import { CountyParams } from '../../shared/schemas/catalogue.ts';
import { listMatters } from '../../shared/use-cases/catalogue.ts';

export const handler = httpHandler({ route: 'listCatalogueMatters', params: CountyParams }, async (req) => ({
  status: 200,
  body: { items: await listMatters(req.params.countyCode) },
}));
