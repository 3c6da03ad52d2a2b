/** GET /cases/{caseId}/events — the immutable audit trail; `?verify=true` checks the hash chain. */
import * as z from 'zod';
import { getCaseCollection } from '../../shared/adapters/case-store.ts';
import { verifyChain } from '../../shared/domain/case.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';

const Query = z.strictObject({ verify: z.enum(['true', 'false']).optional() });

export const handler = httpHandler(
  { route: 'listCaseEvents', params: CaseParams, query: Query },
  async (req) => {
    const { events } = await getCaseCollection(scopeOf(req.principal!), req.params.caseId);
    if (req.query.verify === 'true')
      return { status: 200, body: { items: events, verification: verifyChain(events) } };
    return { status: 200, body: { items: events } };
  },
);
