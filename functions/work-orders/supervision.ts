/** GET /supervision — overdue and near-due work orders in the caller's scope, oldest breach first. */
import { httpHandler } from '../../shared/http/handler.ts';
import { supervisionBoard } from '../../shared/use-cases/supervision-view.ts';

export const handler = httpHandler({ route: 'listSupervision' }, async (req) => ({
  status: 200,
  body: { items: await supervisionBoard(req.principal!) },
}));
