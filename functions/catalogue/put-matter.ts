/** PUT /catalogue/{countyCode}/matters/{matterId} */
import { httpHandler } from '../../shared/http/handler.ts';
import { MatterParams, PutMatterBody } from '../../shared/schemas/catalogue.ts';
import { putMatter } from '../../shared/use-cases/catalogue.ts';

export const handler = httpHandler(
  { route: 'putCatalogueMatter', params: MatterParams, body: PutMatterBody },
  async (req) => ({
    status: 200,
    body: await putMatter(req.params.countyCode, req.params.matterId, req.body),
  }),
);
