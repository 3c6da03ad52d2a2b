/** POST /notifications/read — the caller has read the centre's notifications up to a time. */
import { httpHandler } from '../../shared/http/handler.ts';
import { MarkReadBody } from '../../shared/schemas/work-order.ts';
import { markInboxRead } from '../../shared/use-cases/notification-inbox.ts';

export const handler = httpHandler({ route: 'markNotificationsRead', body: MarkReadBody }, async (req) => ({
  status: 200,
  body: await markInboxRead(req.principal!, req.body),
}));
