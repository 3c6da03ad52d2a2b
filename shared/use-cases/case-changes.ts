/**
 * Changes to a registered case: 办理对象确认 and 处理意见. Each one reads the case in the
 * caller's scope, checks the transition is legal, and writes the new version together with
 * its chained audit event.
 */

import {
  getCase,
  publicCase,
  type StoredCase,
  saveCaseChange,
  type TransactItem,
} from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { assertTransition, buildEvent } from '../domain/case.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import { ConflictError } from '../errors.ts';
import type { Case, ConfirmationBody, OpinionBody } from '../schemas/case.ts';

export interface Change {
  action: string;
  patch: Partial<StoredCase>;
  changes: Record<string, unknown>;
  /** Written in the same transaction (a work order, an outbox record, an idempotency record). */
  extra?: (next: StoredCase) => TransactItem[];
}

const RETRIES_WITHOUT_IF_MATCH = 3;

/**
 * Read → decide → write with the version as the guard. Without If-Match a lost race is
 * retried on fresh data (the decision is re-made, so a now-illegal change becomes a 409);
 * with If-Match the caller asked for exactly that version, so a mismatch is a 409.
 */
export async function changeCase(
  principal: Principal,
  caseId: string,
  expectedVersion: number | undefined,
  decide: (current: StoredCase, now: string) => Change | Promise<Change>,
): Promise<Case> {
  const scope = scopeOf(principal);
  for (let attempt = 0; ; attempt++) {
    const current = await getCase(scope, caseId);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError(`案件已更新（当前版本 ${current.version}），请刷新后重试`, 'version_conflict');
    }
    const now = formatShanghai(clock.now());
    const change = await decide(current, now);
    const event = buildEvent({
      caseId,
      seq: current.lastEventSeq + 1,
      at: now,
      actor: principal,
      action: change.action,
      changes: change.changes,
      prevHash: current.lastEventHash,
    });
    const next: StoredCase = {
      ...current,
      ...change.patch,
      version: current.version + 1,
      updatedAt: now,
      lastEventSeq: event.seq,
      lastEventHash: event.hash,
    };
    try {
      await saveCaseChange(current.version, next, event, change.extra?.(next) ?? []);
      return publicCase(next);
    } catch (error) {
      const retry =
        error instanceof ConflictError && expectedVersion === undefined && attempt < RETRIES_WITHOUT_IF_MATCH;
      if (!retry) throw error;
    }
  }
}

/** 办理对象确认: the reporter signs the intake record; once. */
export function confirmCase(principal: Principal, caseId: string, body: ConfirmationBody, ifMatch?: number) {
  return changeCase(principal, caseId, ifMatch, (current) => {
    assertTransition('confirm', current.status);
    if (current.confirmation) throw new ConflictError('反映人已签字确认，不能重复确认', 'already_confirmed');
    return { action: 'case.confirmed', patch: { confirmation: body }, changes: { confirmation: body } };
  });
}

/** 处理意见: answered on the spot (当场答复) or referred to a task-force meeting (专班会议研究). */
export function giveOpinion(principal: Principal, caseId: string, body: OpinionBody, ifMatch?: number) {
  return changeCase(principal, caseId, ifMatch, (current, now) => {
    const handledBy = { id: principal.id, name: principal.name };
    if (body.kind === 'on_the_spot') {
      assertTransition('answer_on_the_spot', current.status);
      const opinion = { kind: body.kind, answer: body.answer, handledBy, handledAt: now };
      return {
        action: 'case.answered_on_spot',
        patch: { status: 'answered_on_spot', opinion },
        changes: { status: { from: current.status, to: 'answered_on_spot' }, opinion },
      };
    }
    assertTransition('refer_to_task_force', current.status);
    const opinion = { kind: body.kind, ...(body.note ? { note: body.note } : {}), handledBy, handledAt: now };
    return {
      action: 'case.referred_to_task_force',
      patch: { status: 'in_meeting', opinion },
      changes: { status: { from: current.status, to: 'in_meeting' }, opinion },
    };
  });
}
