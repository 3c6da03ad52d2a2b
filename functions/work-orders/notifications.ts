/** GET /notifications — the centre's notifications, newest first, with the caller's unread count. */
import { httpHandler } from '../../shared/http/handler.ts';
import { inboxOf } from '../../shared/use-cases/notification-inbox.ts';

export const handler = httpHandler({ route: 'listNotifications' }, async (req) => ({
  status: 200,
  body: await inboxOf(req.principal!),
}));
