/** GET /notifications — the centre's notifications, newest first. */
import { listNotifications } from '../../shared/adapters/notification-store.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler({ route: 'listNotifications' }, async (req) => ({
  status: 200,
  body: { items: await listNotifications(req.principal!.tenantId ?? '') },
}));
