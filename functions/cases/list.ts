/** GET /cases — the ledger (台账) in the caller's scope. */
import { listCases } from '../../shared/adapters/case-store.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { addDays, shanghaiInstant } from '../../shared/domain/time.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { ListCasesQuery } from '../../shared/schemas/case.ts';

export const handler = httpHandler({ route: 'listCases', query: ListCasesQuery }, async (req) => {
  const { from, to, ...rest } = req.query;
  const page = await listCases(scopeOf(req.principal!), {
    ...rest,
    ...(from ? { fromInstant: shanghaiInstant(from).toISOString() } : {}),
    ...(to ? { toInstant: shanghaiInstant(addDays(to, 1)).toISOString() } : {}),
  });
  return { status: 200, body: page };
});
