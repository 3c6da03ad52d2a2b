/**
 * 受理: register a "could not get it done" report (Form A.1).
 *
 * Primary course:
 *  1. The clerk's centre is the tenant; the acceptance time is now (Asia/Shanghai).
 *  2. Scope triage decides accepted or refused (a refusal is still registered, with its reason).
 *  3. One transaction writes the next gapless number, the case, its first audit event and the
 *     idempotency record.
 *     The same transaction writes the reporter's status link (an unguessable token → the case),
 *     the case-number index of the status page's second way in, and the intake text message
 *     (number + status link) in the outbox, published after the commit.
 *  4. A repeated Idempotency-Key with the same body answers the first response; with a
 *     different body it is refused (422).
 */

import { insertCase, publicCase, type StoredCase } from '../adapters/case-store.ts';
import { newStatusToken, putCaseNumber, putStatusLink } from '../adapters/citizen-store.ts';
import { clock } from '../adapters/clock.ts';
import { newId } from '../adapters/ids.ts';
import {
  buildEvent,
  canonicalJson,
  formatCaseNumber,
  GENESIS_HASH,
  intakeChanges,
  isAcceptedScope,
  sha256,
} from '../domain/case.ts';
import type { Principal } from '../domain/identity.ts';
import { formatShanghai, shanghaiYear } from '../domain/time.ts';
import { ForbiddenError, UnprocessableError } from '../errors.ts';
import type { Case, CreateCaseBody } from '../schemas/case.ts';
import { owedSms } from './sms-owed.ts';
import { statusLinkUrl } from './status-link.ts';

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface RegisterResult {
  case: Case;
  replayed: boolean;
}

export async function registerCase(
  principal: Principal,
  body: CreateCaseBody,
  idempotencyKey?: string,
): Promise<RegisterResult> {
  const tenantId = principal.tenantId;
  if (!tenantId) throw new ForbiddenError('当前账号未关联便民服务中心');
  const now = clock.now();
  const acceptedAt = formatShanghai(now);
  const year = shanghaiYear(now);
  const id = newId('case');
  const accepted = isAcceptedScope(body.scope.kind);
  const bodyHash = sha256(canonicalJson(body));
  const token = newStatusToken();

  const build = (seq: number) => {
    const base: Case = {
      id,
      number: formatCaseNumber(tenantId, year, seq),
      tenantId,
      status: accepted ? 'registered' : 'rejected',
      version: 1,
      channel: body.channel,
      reporter: body.reporter,
      scope: { kind: body.scope.kind, accepted, ...(body.scope.reason ? { reason: body.scope.reason } : {}) },
      matter: body.matter,
      description: body.description,
      assisted: body.assisted,
      ...(body.station ? { station: body.station } : {}),
      ...(body.smsOptOut ? { smsOptOut: true } : {}),
      statusLink: { token, issuedAt: acceptedAt },
      notice: {
        ...body.notice,
        accepted,
        ...(body.scope.reason ? { reason: body.scope.reason } : {}),
      },
      acceptedAt,
      acceptedBy: { id: principal.id, name: principal.name },
      confirmation: null,
      opinion: null,
      updatedAt: acceptedAt,
    };
    const event = buildEvent({
      caseId: id,
      seq: 1,
      at: acceptedAt,
      actor: principal,
      action: accepted ? 'case.registered' : 'case.rejected',
      // The case item holds the record: the trail references it by digest, not a second copy
      // (and the status link's token, a credential, stays off the trail).
      changes: intakeChanges(base),
      prevHash: GENESIS_HASH,
    });
    const stored: StoredCase = { ...base, lastEventSeq: 1, lastEventHash: event.hash };
    return { stored, event };
  };

  const outcome = await insertCase({
    tenantId,
    year,
    build,
    response: publicCase,
    extra: (stored) => {
      const sms = owedSms(stored, 'intake', [stored.number, statusLinkUrl(token)], { now });
      return [
        putStatusLink({ token, caseId: id, tenantId, issuedAt: acceptedAt }),
        putCaseNumber(stored.number, id, tenantId),
        ...(sms ? [sms.item] : []),
      ];
    },
    ...(idempotencyKey
      ? {
          idempotency: {
            scope: `createCase#${tenantId}`,
            key: idempotencyKey,
            bodyHash,
            nowEpoch: Math.floor(now.getTime() / 1000),
            ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
          },
        }
      : {}),
  });
  if (outcome.kind === 'created') {
    return { case: publicCase(outcome.stored), replayed: false };
  }
  if (outcome.bodyHash !== bodyHash) {
    throw new UnprocessableError(
      '该幂等键（Idempotency-Key）已用于另一份不同的提交，请换用新的键',
      'idempotency_key_reused',
    );
  }
  return { case: outcome.response as Case, replayed: true };
}
