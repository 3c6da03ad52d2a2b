/** GET /health */
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler({ route: 'health' }, async () => ({
  status: 200,
  body: { status: 'ok' },
}));
