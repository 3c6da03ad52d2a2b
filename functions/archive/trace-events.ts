/** GET /events — 责任倒查 by person (`actor`) or handling unit (`departmentId`), in the caller's scope. */
import { httpHandler } from '../../shared/http/handler.ts';
import { TraceQuery } from '../../shared/schemas/attachment.ts';
import { traceEvents } from '../../shared/use-cases/trace.ts';

export const handler = httpHandler({ route: 'traceEvents', query: TraceQuery }, async (req) => ({
  status: 200,
  body: await traceEvents(req.principal!, req.query),
}));
