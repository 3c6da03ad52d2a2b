/** GET /calendar/deadline — the due time a transfer by the caller's centre would get. */
import { httpHandler } from '../../shared/http/handler.ts';
import { DeadlineQuery } from '../../shared/schemas/calendar.ts';
import { previewDeadline } from '../../shared/use-cases/calendar.ts';

export const handler = httpHandler({ route: 'getDeadline', query: DeadlineQuery }, async (req) => {
  const { start, category } = req.query;
  return { status: 200, body: await previewDeadline(req.principal!, new Date(start), category) };
});
