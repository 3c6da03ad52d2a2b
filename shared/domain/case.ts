/**
 * Case (案件) rules: scope triage (服务范围), numbering, the lifecycle's legal transitions and
 * the tamper-evident audit event. Plain functions, no AWS, no HTTP.
 */
import { createHash } from 'node:crypto';
import { CASE_STATUS_NAMES } from '../documents/labels.ts';
import { ConflictError } from '../errors.ts';
import type { Case, CaseEvent, CreateCaseBody } from '../schemas/case.ts';
import { ACCEPTED_SCOPE_KINDS, CASE_STATUSES } from '../schemas/case-values.ts';
import type { Principal } from './identity.ts';

/**
 * Who did it: a signed-in person, a department acting by a signed link, the reporter from the
 * status page, or the system itself.
 */
export type Actor = Pick<Principal, 'id' | 'name'> & {
  role: Principal['role'] | 'system' | 'department_link' | 'reporter';
};

/** The dispatcher, schedulers and sweepers act as this. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统', role: 'system' };

type CaseStatus = Case['status'];

/** 服务范围: the standard accepts four kinds of matter and refuses two (§5). */
export function isAcceptedScope(kind: CreateCaseBody['scope']['kind']): boolean {
  return (ACCEPTED_SCOPE_KINDS as readonly string[]).includes(kind);
}

/** 编号: `{tenantId}-{yyyy}-{nnnnn}`, gapless per centre and year. */
export function formatCaseNumber(tenantId: string, year: string, seq: number): string {
  return `${tenantId}-${year}-${String(seq).padStart(5, '0')}`;
}

/** Every action that changes a case, and the states it may start from. */
const NOT_ARCHIVED = CASE_STATUSES.filter((s) => s !== 'archived');

const LEGAL_FROM = {
  confirm: NOT_ARCHIVED,
  answer_on_the_spot: ['registered', 'in_meeting', 'reopened'],
  refer_to_task_force: ['registered', 'reopened'],
  transfer: ['registered', 'in_meeting', 'answered_on_spot', 'transferred', 'reopened'],
  close: ['registered', 'answered_on_spot', 'in_meeting', 'transferred', 'reopened'],
  follow_up: ['closed'],
  record_meeting: [
    'registered',
    'in_meeting',
    'answered_on_spot',
    'transferred',
    'reopened',
    'closed',
    'followed_up',
  ],
  attach: NOT_ARCHIVED,
  /** 存档: after the follow-up (回访), or a refused case straight away. */
  archive: ['followed_up', 'rejected'],
} as const satisfies Record<string, readonly CaseStatus[]>;

export type CaseAction = keyof typeof LEGAL_FROM;
export const CASE_ACTIONS = Object.keys(LEGAL_FROM) as [CaseAction, ...CaseAction[]];

const ACTION_NAMES: Record<CaseAction, string> = {
  confirm: '办理对象确认',
  answer_on_the_spot: '当场答复',
  refer_to_task_force: '提交专班会议研究',
  transfer: '转办',
  close: '办结',
  follow_up: '回访',
  record_meeting: '记录专班会议',
  attach: '上传附件',
  archive: '存档',
};

export { CASE_STATUS_NAMES };

export function canApply(action: CaseAction, status: CaseStatus): boolean {
  return (LEGAL_FROM[action] as readonly CaseStatus[]).includes(status);
}

/** Throws 409 when `action` is not legal from `status`. */
export function assertTransition(action: CaseAction, status: CaseStatus): void {
  if (!canApply(action, status)) {
    throw new ConflictError(
      `案件当前状态为“${CASE_STATUS_NAMES[status]}”，不能${ACTION_NAMES[action]}`,
      'illegal_transition',
    );
  }
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so a hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * An audit event chained to the one before it: its hash covers its own content and the
 * previous event's hash, so editing any stored event breaks every hash after it.
 */
export function buildEvent(input: {
  caseId: string;
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  changes: Record<string, unknown>;
  prevHash: string;
}): CaseEvent {
  const body = {
    caseId: input.caseId,
    seq: input.seq,
    at: input.at,
    actor: { id: input.actor.id, name: input.actor.name, role: input.actor.role },
    action: input.action,
    changes: input.changes,
    prevHash: input.prevHash,
  };
  return { ...body, hash: sha256(canonicalJson(body)) };
}

/**
 * What the intake registered and the case item keeps unchanged for good. The first audit event
 * (case.registered / case.rejected) does not copy these — the case item holds them — but carries
 * their digest, so the trail still proves what was registered (verifyChain with the case).
 */
export const INTAKE_FIELDS = [
  'id',
  'number',
  'tenantId',
  'channel',
  'reporter',
  'scope',
  'matter',
  'description',
  'assisted',
  'station',
  'notice',
  'acceptedAt',
  'acceptedBy',
] as const;

/** The digest of a case's intake record (INTAKE_FIELDS, canonical JSON, SHA-256). */
export function intakeDigest(c: Pick<Case, (typeof INTAKE_FIELDS)[number]>): string {
  return sha256(canonicalJson(Object.fromEntries(INTAKE_FIELDS.map((f) => [f, c[f]]))));
}

/** The first event's changes: the status it set and a reference to the record, not a copy. */
export function intakeChanges(c: Case): Record<string, unknown> {
  return { status: c.status, intake: { fields: [...INTAKE_FIELDS], digest: intakeDigest(c) } };
}

/**
 * Walks a case's events in order; the first event whose hash or link does not hold is the break.
 * Given the case, the first event's intake digest must also match the case item (a case written
 * before the digest copied its record into that event, which the hash already covers).
 */
export function verifyChain(
  events: readonly CaseEvent[],
  intakeOf?: Pick<Case, (typeof INTAKE_FIELDS)[number]>,
): { intact: boolean; brokenAt?: number } {
  let prev = GENESIS_HASH;
  for (const e of events) {
    const { hash, ...body } = e;
    if (e.prevHash !== prev || sha256(canonicalJson(body)) !== hash)
      return { intact: false, brokenAt: e.seq };
    prev = hash;
  }
  const digest = (events[0]?.changes.intake as { digest?: unknown } | undefined)?.digest;
  if (intakeOf && events[0]?.seq === 1 && digest !== undefined && digest !== intakeDigest(intakeOf))
    return { intact: false, brokenAt: 1 };
  return { intact: true };
}

/**
 * The actions legal on a case now, in the order the window takes them — what the console offers.
 * Closing also needs every work order answered (办结 waits for the departments). The use cases
 * still check each action when it is taken.
 */
export function legalCaseActions(status: CaseStatus, hasOpenWorkOrders: boolean): CaseAction[] {
  return (Object.keys(LEGAL_FROM) as CaseAction[]).filter(
    (action) => canApply(action, status) && !(action === 'close' && hasOpenWorkOrders),
  );
}
