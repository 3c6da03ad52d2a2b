/**
 * Signed action links (操作链接): a handling unit (承办单位) signs for, feeds back on, returns or
 * views a work order from the e-mail or webhook, without an account. The link is the
 * credential, so it names exactly one work order, tenant, department and action, expires, and
 * cannot be altered without the secret.
 *
 * Token: `v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(secret, "v1.<payload part>"))>`,
 * URL-safe as it stands. The payload is signed as the exact characters sent, so there is no
 * second encoding of the same claims to check. Expiry is read only after the signature holds,
 * so an attacker learns nothing from the difference between "expired" and "invalid".
 *
 * Key rotation: sign with the current secret; verify with `[current, previous]` until the
 * longest-lived link signed with the previous one has expired.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors.ts';

export const ACTIONS = ['ack', 'feedback', 'return', 'form'] as const;
export type Action = (typeof ACTIONS)[number];

/** Button labels for the e-mail and the form page (签收 / 反馈 / 退回 / 查看转办单). */
export const ACTION_LABELS: Record<Action, string> = {
  ack: '签收工单',
  feedback: '反馈办理情况',
  return: '退回工单',
  form: '查看转办单',
};

export interface ActionClaims {
  workOrderId: string;
  tenantId: string;
  departmentId: string;
  action: Action;
  expiresAt: Date;
}

/** Messages of the `UnauthorizedError`s thrown by `verifyActionToken`, for the route's page. */
export const ACTION_LINK_MESSAGES = {
  invalid: '操作链接无效，请使用邮件或推送中的原始链接',
  expired: '操作链接已过期，请联系便民服务中心重新发送',
} as const;

const VERSION = 'v1';
/** Shortest secret accepted: 32 characters (e.g. 24 random bytes in base64). */
const MIN_SECRET_LENGTH = 32;
/** Longer tokens are refused before any parsing; real ones are about 250 characters. */
const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** 32 bytes of HMAC-SHA256 in unpadded base64url. */
const SIGNATURE_LENGTH = 43;

/** The claims as they travel: short keys keep the URL short; times in unix seconds. */
interface WireClaims {
  w: string;
  t: string;
  d: string;
  a: Action;
  e: number;
}

export function signActionToken(claims: ActionClaims, secret: string): string {
  checkSecret(secret);
  const expiresAt = Math.floor(claims.expiresAt.getTime() / 1000);
  if (!Number.isFinite(expiresAt)) throw new RangeError('expiresAt must be a valid date');
  if (!ACTIONS.includes(claims.action)) throw new RangeError(`unknown action ${String(claims.action)}`);
  const wire: WireClaims = {
    w: claims.workOrderId,
    t: claims.tenantId,
    d: claims.departmentId,
    a: claims.action,
    e: expiresAt,
  };
  const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${VERSION}.${payload}.${mac(secret, payload)}`;
}

/**
 * The claims of a genuine, unexpired token; otherwise `UnauthorizedError` (invalid or expired).
 * `secrets`: the current secret, or `[current, previous]` during rotation. The route must still
 * check that the claims match what is acted on (the work order of the page, the action).
 */
export function verifyActionToken(
  token: string,
  secrets: string | readonly string[],
  now: Date,
): ActionClaims {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (keys.length === 0) throw new TypeError('verifyActionToken needs at least one secret');
  for (const key of keys) checkSecret(key);

  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  const [version, payload, signature] = parts;
  if (
    parts.length !== 3 ||
    version !== VERSION ||
    !payload ||
    !BASE64URL.test(payload) ||
    !signature ||
    signature.length !== SIGNATURE_LENGTH ||
    !BASE64URL.test(signature)
  ) {
    throw invalid();
  }
  // Compared as text, not decoded bytes: base64url has several spellings of the same last
  // byte, and only the canonical one is accepted. Every key is tried, so the time taken does
  // not tell which one (if any) matched.
  const given = Buffer.from(signature, 'ascii');
  const matches = keys.map((key) => timingSafeEqual(Buffer.from(mac(key, payload), 'ascii'), given));
  if (!matches.includes(true)) throw invalid();

  const claims = readClaims(payload);
  if (!claims) throw invalid();
  if (now.getTime() >= claims.expiresAt.getTime()) {
    throw new UnauthorizedError(ACTION_LINK_MESSAGES.expired);
  }
  return claims;
}

export type ActionLinks = Record<Action, string>;

export interface ActionLinksInput extends Omit<ActionClaims, 'action'> {
  /** Public origin of the action pages, e.g. `https://bancheng.example.gov.cn`; a trailing `/` is ignored. */
  baseUrl: string;
}

/** One signed link per action: `${baseUrl}/actions/${token}`, all expiring at `expiresAt`. */
export function actionLinks({ baseUrl, ...claims }: ActionLinksInput, secret: string): ActionLinks {
  const base = baseUrl.replace(/\/+$/, '');
  const link = (action: Action) => `${base}/actions/${signActionToken({ ...claims, action }, secret)}`;
  return { ack: link('ack'), feedback: link('feedback'), return: link('return'), form: link('form') };
}

/** The links with their labels, in the order they are shown (`renderTransferForm`'s `actionLinks`). */
export function labelledActionLinks(links: ActionLinks): { label: string; url: string }[] {
  return ACTIONS.map((action) => ({ label: ACTION_LABELS[action], url: links[action] }));
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}

function checkSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`an action-link secret needs at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function invalid(): UnauthorizedError {
  return new UnauthorizedError(ACTION_LINK_MESSAGES.invalid);
}

function readClaims(payload: string): ActionClaims | undefined {
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null) return undefined;
  const { w, t, d, a, e } = wire as Record<string, unknown>;
  const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  if (!isId(w) || !isId(t) || !isId(d) || !Number.isSafeInteger(e)) return undefined;
  if (typeof a !== 'string' || !(ACTIONS as readonly string[]).includes(a)) return undefined;
  return {
    workOrderId: w,
    tenantId: t,
    departmentId: d,
    action: a as Action,
    expiresAt: new Date((e as number) * 1000),
  };
}
