/** GET /supervision — overdue and near-due work orders in the caller's scope, oldest breach first. */
import { httpHandler } from '../../shared/http/handler.ts';
import { listSupervision } from '../../shared/use-cases/supervision.ts';

export const handler = httpHandler({ route: 'listSupervision' }, async (req) => ({
  status: 200,
  body: { items: await listSupervision(req.principal!) },
}));
