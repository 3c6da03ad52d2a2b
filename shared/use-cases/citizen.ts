/**
 * The reporter's own view of the case (办理进度查询), without an account.
 *
 * Primary course:
 *  1. The status link's token (printed as a QR code on the one-time notice and Form A.1, sent in
 *     the intake text) names one case. A token that names nothing — guessed, mistyped, or
 *     revoked — is refused, and each failure counts against the caller's address: past the
 *     limit every look-up from it is refused for the rest of the window (DynamoDB counters with
 *     TTL, shared by every Lambda instance).
 *  2. The page shows the case number, the matter, the status in plain words, each step with its
 *     date and the department's answer for the reporter (对申请人的答复) — no staff names, no
 *     phone numbers, nothing of other cases.
 *  3. Second way in: case number + the last four digits of the phone given at intake; failures
 *     count per address and per case number, so one case cannot be guessed from many addresses.
 *  4. Once the case is closed the reporter may rate it once (好差评, five levels, optional
 *     comment), kept as the reporter's own evaluation beside the centre's 回访; and may stop the
 *     text messages (退订).
 */
import { timingSafeEqual } from 'node:crypto';
import { getCaseCollection, type StoredCase, saveCaseChange } from '../adapters/case-store.ts';
import {
  countFailure,
  findCaseByNumber,
  findStatusLink,
  newStatusToken,
  putStatusLink,
  type RateRule,
  rateLimited,
  revokeStatusLink,
  STATUS_TOKEN_PATTERN,
} from '../adapters/citizen-store.ts';
import { clock } from '../adapters/clock.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { fallbackHotline } from '../config.ts';
import { formatDateTime } from '../documents/format.ts';
import { SATISFACTION_LABELS } from '../documents/labels.ts';
import { type Actor, buildEvent } from '../domain/case.ts';
import type { Principal } from '../domain/identity.ts';
import { spokenTime } from '../domain/notices.ts';
import { formatShanghai } from '../domain/time.ts';
import { ConflictError, NotFoundError, TooManyRequestsError } from '../errors.ts';
import type { Case, CitizenRatingBody } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { changeCase } from './case-changes.ts';
import { centreNotice, type OwedNotice } from './staff-notices.ts';

/** Failed token look-ups allowed per address in 15 minutes. */
export const TOKEN_FAILURES_PER_ADDRESS = 10;
/** Failed case-number look-ups allowed per address in 15 minutes, and per case number in a day. */
export const LOOKUP_FAILURES_PER_ADDRESS = 10;
export const LOOKUP_FAILURES_PER_CASE = 5;

const QUARTER_HOUR = 15 * 60;
const DAY = 24 * 60 * 60;

export { fallbackHotline };

/** A refused link: the page names the centre's phone when the centre is known. */
export class StatusLinkError extends NotFoundError {
  constructor(
    message: string,
    readonly centre: { name?: string; phone: string },
  ) {
    super(message);
  }
}

/** Statuses in the reporter's words. */
export const CITIZEN_STATUS_TEXT: Record<Case['status'], string> = {
  registered: '已受理，正在处理',
  rejected: '不予受理（理由见一次性告知书）',
  answered_on_spot: '已当场答复',
  in_meeting: '正在由专班研究办理',
  transferred: '已转交承办单位办理',
  closed: '已办结',
  reopened: '正在重新办理',
  followed_up: '已办结，已回访',
  archived: '已办结',
};

export interface StatusStep {
  label: string;
  at: string;
  done: boolean;
}

export interface StatusView {
  token: string;
  caseNumber: string;
  matter: string;
  statusText: string;
  steps: StatusStep[];
  answers: { from: string; text: string; at: string }[];
  canRate: boolean;
  rating?: { satisfaction: number; label: string; comment?: string; at: string };
  smsOptOut: boolean;
  centre: { name: string; phone?: string };
}

const addressRule = (ip: string, limit: number): RateRule => ({
  key: `ip#${ip || 'unknown'}`,
  limit,
  windowSeconds: QUARTER_HOUR,
});

/** The case a status token names, after the guessing guard; refused tokens count as failures. */
async function resolveToken(token: string, sourceIp: string) {
  const now = clock.now();
  const rules = [addressRule(sourceIp, TOKEN_FAILURES_PER_ADDRESS)];
  const wellFormed = STATUS_TOKEN_PATTERN.test(token);
  const [limited, link] = await Promise.all([
    rateLimited(rules, now),
    wellFormed ? findStatusLink(token) : Promise.resolve(undefined),
  ]);
  if (limited) throw new TooManyRequestsError('查询过于频繁，请 15 分钟后再试');
  if (!link) {
    await countFailure(rules, now);
    throw new StatusLinkError('查询链接无效，请核对告知书上的链接或二维码', { phone: fallbackHotline() });
  }
  const [collection, tenant] = await Promise.all([
    getCaseCollection({ kind: 'all' }, link.caseId),
    getTenant({ kind: 'all' }, link.tenantId).catch(() => undefined),
  ]);
  if (link.revokedAt || collection.stored.statusLink?.token !== token) {
    throw new StatusLinkError('此查询链接已停用，请联系受理您反映事项的便民服务中心', {
      ...(tenant ? { name: tenant.name } : {}),
      phone: tenant?.contact?.phone ?? fallbackHotline(),
    });
  }
  return { ...collection, tenant };
}

export function statusView(
  stored: StoredCase,
  workOrders: WorkOrder[],
  tenant: Tenant | undefined,
): StatusView {
  const steps: StatusStep[] = [{ label: '受理', at: stored.acceptedAt, done: true }];
  const answers: StatusView['answers'] = [];
  if (stored.opinion?.kind === 'on_the_spot' && stored.opinion.answer) {
    steps.push({ label: '当场答复', at: stored.opinion.handledAt, done: true });
    answers.push({ from: '便民服务中心', text: stored.opinion.answer, at: stored.opinion.handledAt });
  }
  const now = clock.now().getTime();
  for (const wo of [...workOrders].sort((a, b) => a.transferredAt.localeCompare(b.transferredAt))) {
    if (wo.status === 'recalled') continue;
    steps.push({ label: `转办至${wo.departmentName}`, at: wo.transferredAt, done: true });
    const result = wo.feedback.find((f) => f.kind === 'result');
    if (!result && wo.status !== 'returned') {
      steps.push({ label: '办理时限', at: wo.dueAt, done: new Date(wo.dueAt).getTime() <= now });
    }
    if (result) {
      steps.push({ label: `${wo.departmentName}已反馈`, at: result.at, done: true });
      if (result.citizenReply)
        answers.push({ from: wo.departmentName, text: result.citizenReply, at: result.at });
    }
  }
  if (stored.closure) steps.push({ label: '办结', at: stored.closure.closedAt, done: true });
  for (const f of stored.followUps ?? []) steps.push({ label: '回访', at: f.at, done: true });
  const rating = stored.citizenRating;
  return {
    token: stored.statusLink?.token ?? '',
    caseNumber: stored.number,
    matter: stored.matter,
    statusText: CITIZEN_STATUS_TEXT[stored.status],
    steps,
    answers,
    canRate: !rating && (stored.status === 'closed' || stored.status === 'followed_up'),
    ...(rating
      ? {
          rating: {
            satisfaction: rating.satisfaction,
            label: SATISFACTION_LABELS[rating.satisfaction] ?? '',
            ...(rating.comment ? { comment: rating.comment } : {}),
            at: rating.at,
          },
        }
      : {}),
    smsOptOut: stored.smsOptOut === true,
    centre: {
      name: tenant?.name ?? '便民服务中心',
      ...(tenant?.contact?.phone ? { phone: tenant.contact.phone } : {}),
    },
  };
}

const workOrdersOf = (others: Record<string, unknown>[]) =>
  others.filter((o) => o.type === 'workOrder') as unknown as WorkOrder[];

export async function statusByToken(token: string, sourceIp: string): Promise<StatusView> {
  const { stored, others, tenant } = await resolveToken(token, sourceIp);
  return statusView(stored, workOrdersOf(others), tenant);
}

/** Second way in: the status token of the case, when the number and the phone's last four digits match. */
export async function tokenByCaseNumber(
  caseNumber: string,
  lastFour: string,
  sourceIp: string,
): Promise<string> {
  const now = clock.now();
  const rules = [
    addressRule(sourceIp, LOOKUP_FAILURES_PER_ADDRESS),
    { key: `case#${caseNumber}`, limit: LOOKUP_FAILURES_PER_CASE, windowSeconds: DAY },
  ];
  const [limited, found] = await Promise.all([rateLimited(rules, now), findCaseByNumber(caseNumber)]);
  if (limited) throw new TooManyRequestsError('查询失败次数过多，请稍后再试，或联系受理中心');
  const collection = found
    ? await getCaseCollection({ kind: 'all' }, found.caseId).catch(() => undefined)
    : undefined;
  const phone = collection?.stored.reporter.phone.replace(/\D/g, '') ?? '';
  const matches =
    phone.length >= 4 &&
    lastFour.length === 4 &&
    timingSafeEqual(Buffer.from(phone.slice(-4)), Buffer.from(lastFour));
  const token = collection?.stored.statusLink?.token;
  if (!matches || token === undefined) {
    await countFailure(rules, now);
    throw new NotFoundError('未找到该案件，请核对编号和手机号后四位');
  }
  return token;
}

const CITIZEN_ACTOR: Actor = { id: 'reporter', name: '反映人', role: 'reporter' };

/** A change the reporter makes from the status page, on fresh data and guarded by the version. */
async function changeByReporter(
  token: string,
  sourceIp: string,
  decide: (current: StoredCase) => ReporterChange | undefined | Promise<ReporterChange | undefined>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { stored: current } = await resolveToken(token, sourceIp);
    const change = await decide(current);
    if (!change) return;
    const at = formatShanghai(clock.now());
    const event = buildEvent({
      caseId: current.id,
      seq: current.lastEventSeq + 1,
      at,
      actor: CITIZEN_ACTOR,
      action: change.action,
      changes: change.changes,
      prevHash: current.lastEventHash,
    });
    const next: StoredCase = {
      ...current,
      ...change.patch,
      version: current.version + 1,
      updatedAt: at,
      lastEventSeq: event.seq,
      lastEventHash: event.hash,
    };
    try {
      await saveCaseChange(current.version, next, event, change.notice?.items ?? []);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      continue;
    }
    return;
  }
}

interface ReporterChange {
  action: string;
  patch: Partial<StoredCase>;
  changes: Record<string, unknown>;
  /** A staff notification written with the change (a bad rating). */
  notice?: OwedNotice;
}

/** The reporter's 好差评, once, after closure. */
export function rateByReporter(token: string, sourceIp: string, body: CitizenRatingBody): Promise<void> {
  return changeByReporter(token, sourceIp, async (current) => {
    if (current.citizenRating) throw new ConflictError('您已评价过，感谢您的反馈', 'already_rated');
    if (current.status !== 'closed' && current.status !== 'followed_up') {
      throw new ConflictError('案件办结后才能评价', 'not_closed');
    }
    const now = clock.now();
    const rating = {
      satisfaction: body.satisfaction,
      ...(body.comment ? { comment: body.comment } : {}),
      at: formatShanghai(now),
    };
    // 差评 (不满意 or worse) reaches the duty chief and the director, as a bad follow-up does.
    const notice =
      body.satisfaction <= 2
        ? await centreNotice(
            current.tenantId,
            now,
            {
              topic: 'case.rated_badly',
              message: `案件 ${current.number}（${current.matter}）的反映人在${spokenTime(rating.at)}评价为“${SATISFACTION_LABELS[body.satisfaction]}”${body.comment ? `，意见：${body.comment}` : ''}。请核实并整改。`,
              caseId: current.id,
            },
            { addressee: 'director' },
          )
        : undefined;
    return {
      action: 'case.rated_by_reporter',
      patch: { citizenRating: rating },
      changes: { citizenRating: rating },
      ...(notice ? { notice } : {}),
    };
  });
}

/** 退订: no more text messages for this case (already queued ones are cancelled at send time). */
export function optOutOfSms(token: string, sourceIp: string): Promise<void> {
  return changeByReporter(token, sourceIp, (current) =>
    current.smsOptOut
      ? undefined
      : { action: 'case.sms_opted_out', patch: { smsOptOut: true }, changes: { smsOptOut: true } },
  );
}

export { formatDateTime };

/**
 * 停用并重发查询链接: the centre revokes the reporter's status link (e.g. the notice was lost or
 * shown to others) and issues a new one, in one transaction with the case change; the forms
 * print the new one from then on. The old link then names the centre's phone.
 */
export function reissueStatusLink(principal: Principal, caseId: string): Promise<Case> {
  return changeCase(principal, caseId, undefined, (current, now) => {
    const token = newStatusToken();
    const old = current.statusLink?.token;
    return {
      action: 'case.status_link_reissued',
      patch: { statusLink: { token, issuedAt: now } },
      // The tokens are credentials: the trail records that it happened, not the values.
      changes: { revokedPrevious: old !== undefined },
      extra: () => [
        ...(old ? [revokeStatusLink(old, now)] : []),
        putStatusLink({ token, caseId, tenantId: current.tenantId, issuedAt: now }),
      ],
    };
  });
}
