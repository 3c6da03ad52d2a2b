/**
 * A case's growing lists, one page at a time (`limit`, `cursor`, `order`), in one function:
 * GET /cases/{caseId}/events — the immutable audit trail; `?verify=true` also checks the whole
 * hash chain; GET /cases/{caseId}/sms — the text messages to the reporter and how each ended;
 * GET /cases/{caseId}/meetings — its task-force meetings (专班会议纪要);
 * GET /cases/{caseId}/follow-ups — its follow-up records (回访记录).
 */
import * as z from 'zod/mini';
import {
  caseEventPage,
  followUpPage,
  meetingPage,
  smsPage,
  wholeTrail,
} from '../../shared/adapters/case-records.ts';
import { verifyChain } from '../../shared/domain/case.ts';
import { scopeOf } from '../../shared/domain/identity.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routeSwitch } from '../../shared/http/route-switch.ts';
import { RecordPageQuery } from '../../shared/schemas/case.ts';
import { CaseParams } from '../../shared/schemas/params.ts';

const EventsQuery = z.extend(RecordPageQuery, { verify: z.optional(z.enum(['true', 'false'])) });

const events = httpHandler(
  { route: 'listCaseEvents', params: CaseParams, query: EventsQuery },
  async (req) => {
    const scope = scopeOf(req.principal!);
    const { verify, ...request } = req.query;
    const [page, trail] = await Promise.all([
      caseEventPage(scope, req.params.caseId, request),
      verify === 'true' ? wholeTrail(scope, req.params.caseId) : undefined,
    ]);
    return {
      status: 200,
      body: trail ? { ...page, verification: verifyChain(trail.events, trail.stored) } : page,
    };
  },
);

const sms = httpHandler(
  { route: 'listSmsMessages', params: CaseParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await smsPage(scopeOf(req.principal!), req.params.caseId, req.query),
  }),
);

const meetings = httpHandler(
  { route: 'listMeetings', params: CaseParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await meetingPage(scopeOf(req.principal!), req.params.caseId, req.query),
  }),
);

const followUps = httpHandler(
  { route: 'listFollowUps', params: CaseParams, query: RecordPageQuery },
  async (req) => ({
    status: 200,
    body: await followUpPage(scopeOf(req.principal!), req.params.caseId, req.query),
  }),
);

export const handler = routeSwitch({
  listCaseEvents: events,
  listSmsMessages: sms,
  listMeetings: meetings,
  listFollowUps: followUps,
});
