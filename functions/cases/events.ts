/**
 * GET /cases/{caseId}/events — the immutable audit trail, one page at a time (`limit`, `cursor`,
 * `order`); `?verify=true` also checks the whole hash chain.
 */
import * as z from 'zod';
import { caseEventPage, wholeTrail } from '../../shared/adapters/case-records.ts';
import { verifyChain } from '../../shared/domain/case.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { RecordPageQuery } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';

export const EventsQuery = RecordPageQuery.extend({ verify: z.enum(['true', 'false']).optional() });

export const handler = httpHandler(
  { route: 'listCaseEvents', params: CaseParams, query: EventsQuery },
  async (req) => {
    const scope = scopeOf(req.principal!);
    const { verify, ...request } = req.query;
    const [page, trail] = await Promise.all([
      caseEventPage(scope, req.params.caseId, request),
      verify === 'true' ? wholeTrail(scope, req.params.caseId) : undefined,
    ]);
    return { status: 200, body: trail ? { ...page, verification: verifyChain(trail) } : page };
  },
);
