/**
 * What the reporter's status page needs from DynamoDB: the status link (token → case), the
 * case-number index of the second way in (case number + last four phone digits), and the
 * guessing guard — failed look-ups counted per source in items that expire by TTL, so every
 * Lambda instance sees the same count (an in-memory counter would reset on each cold start and
 * differ between concurrent instances).
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';
import { getMany } from './paging.ts';

/** 16 random bytes, base64url: 22 characters, 128 bits — not guessable, short enough for a QR code. */
export function newStatusToken(): string {
  return randomBytes(16).toString('base64url');
}

/** A well-formed token; anything else is refused before a read. */
export const STATUS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface StatusLinkRecord {
  token: string;
  caseId: string;
  tenantId: string;
  issuedAt: string;
  /** Set when the centre revoked the link (a new one replaces it); the page then names the centre. */
  revokedAt?: string;
}

export function putStatusLink(r: StatusLinkRecord): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.statusLink(r.token), type: 'statusLink', ...r },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function revokeStatusLink(token: string, at: string): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.statusLink(token),
      UpdateExpression: 'SET revokedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':at': at },
    },
  };
}

export function putCaseNumber(caseNumber: string, caseId: string, tenantId: string): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.caseNumber(caseNumber), type: 'caseNumber', caseNumber, caseId, tenantId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function findStatusLink(token: string): Promise<StatusLinkRecord | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.statusLink(token) }),
  );
  if (!out.Item) return undefined;
  const { pk: _p, sk: _s, type: _t, ...rest } = out.Item;
  return rest as StatusLinkRecord;
}

export async function findCaseByNumber(
  caseNumber: string,
): Promise<{ caseId: string; tenantId: string } | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.caseNumber(caseNumber) }),
  );
  return out.Item ? { caseId: String(out.Item.caseId), tenantId: String(out.Item.tenantId) } : undefined;
}

export interface RateRule {
  /** e.g. `ip#203.0.113.9` or `case#510104001-2026-00001`. */
  key: string;
  /** Failures allowed per window. */
  limit: number;
  windowSeconds: number;
}

function windowOf(rule: RateRule, now: Date) {
  const startEpoch = Math.floor(now.getTime() / 1000 / rule.windowSeconds) * rule.windowSeconds;
  return { sk: String(startEpoch), expiresAtEpoch: startEpoch + 2 * rule.windowSeconds };
}

/** Whether any rule's failures in its current window reached its limit (one BatchGet). */
export async function rateLimited(rules: readonly RateRule[], now: Date): Promise<boolean> {
  const wanted = rules.map((r) => keys.rateCounter(r.key, windowOf(r, now).sk));
  const found = new Map((await getMany(wanted)).map((i) => [`${i.pk}|${i.sk}`, Number(i.n ?? 0)]));
  return rules.some((r, i) => {
    const k = wanted[i]!;
    return (found.get(`${k.pk}|${k.sk}`) ?? 0) >= r.limit;
  });
}

/** Count one failure against every rule; the counters expire (TTL) two windows later. */
export async function countFailure(rules: readonly RateRule[], now: Date): Promise<void> {
  await Promise.all(
    rules.map((r) => {
      const w = windowOf(r, now);
      return documentClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.rateCounter(r.key, w.sk),
          UpdateExpression: 'ADD n :one SET expiresAtEpoch = :exp, #type = :type',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':exp': w.expiresAtEpoch, ':type': 'rateCounter' },
        }),
      );
    }),
  );
}
