/** POST /cases — 受理. */
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotencyKey } from '../../shared/http/headers.ts';
import { CreateCaseBody } from '../../shared/schemas/case.ts';
import { registerCase } from '../../shared/use-cases/intake.ts';

export const handler = httpHandler({ route: 'createCase', body: CreateCaseBody }, async (req) => {
  const result = await registerCase(req.principal!, req.body, idempotencyKey(req.headers));
  return {
    status: 201,
    body: result.case,
    headers: {
      location: `/cases/${result.case.id}`,
      etag: `"${result.case.version}"`,
      ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  };
});
