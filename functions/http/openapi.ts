/** GET /openapi.json */
import { httpHandler } from '../../shared/http/handler.ts';
import { openApiDocument } from '../../shared/http/openapi.ts';

export const handler = httpHandler({ route: 'openapi' }, async () => ({
  status: 200,
  body: openApiDocument(),
}));
