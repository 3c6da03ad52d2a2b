/**
 * The local identity issuer: signs ES256 JWTs with the same claims Cognito (or any OIDC
 * issuer) puts in a deployed token. The key is kept under .local/ so printed tokens keep
 * working across restarts. Exists only in the local stack.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CryptoKey,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import * as z from 'zod/mini';
import { needsSecondFactor, ROLES } from '../../shared/domain/identity.ts';

export const LOCAL_ISSUER = 'https://bancheng.local/issuer';
export const LOCAL_AUDIENCE = 'bancheng-local';

export const TokenRequest = z.strictObject({
  sub: z.string().check(z.minLength(1), z.maxLength(128)),
  name: z.string().check(z.minLength(1), z.maxLength(50)),
  role: z.enum(ROLES),
  tenantId: z.optional(z.string().check(z.regex(/^\d{9}$/))),
  departmentId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  regionCode: z.optional(z.string().check(z.regex(/^(\d{2}|\d{4}|\d{6})$/))),
  /**
   * Authentication methods (RFC 8176) the sign-in used. Default: `["pwd","otp"]` for the roles
   * that need a second factor (admin, supervisor), `["pwd"]` for the others; give `["pwd"]` to an
   * admin to see the API refuse it.
   */
  amr: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(16))).check(z.maxLength(8))),
  /** Lifetime in seconds (default 30 days: a demo token should survive a long session). */
  ttlSeconds: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(365 * 24 * 3600))),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

export interface LocalIssuer {
  issue(claims: TokenRequest, now: Date): Promise<string>;
  /** Verify as API Gateway's JWT authorizer would; returns the claims or undefined. */
  verify(token: string, now: Date): Promise<Record<string, unknown> | undefined>;
  /** A token of ours, correctly signed, whose time is up (so the answer can say "expired"). */
  isExpired(token: string, now: Date): Promise<boolean>;
}

async function loadOrCreateKey(
  path: string | undefined,
): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  if (path && existsSync(path)) {
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(path, 'utf8')) as {
      privateJwk: JWK;
      publicJwk: JWK;
    };
    return {
      privateKey: (await importJWK(privateJwk, 'ES256')) as CryptoKey,
      publicKey: (await importJWK(publicJwk, 'ES256')) as CryptoKey,
    };
  }
  const pair = await generateKeyPair('ES256', { extractable: true });
  if (path) {
    mkdirSync(dirname(path), { recursive: true });
    const privateJwk = await exportJWK(pair.privateKey);
    const publicJwk = await exportJWK(pair.publicKey);
    writeFileSync(path, JSON.stringify({ privateJwk, publicJwk }), { mode: 0o600 });
  }
  return pair;
}

function verifyOptions(now: Date) {
  return { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, currentDate: now, algorithms: ['ES256'] };
}

/** How many verified tokens the front remembers (a local session uses a handful). */
const VERIFIED_CACHE_SIZE = 1000;

/** jose's own time rule for `exp` and `nbf` (no clock tolerance): valid while now < exp and now >= nbf. */
function inTime(payload: Record<string, unknown>, now: Date): boolean {
  const t = Math.floor(now.getTime() / 1000);
  return (
    (typeof payload.exp !== 'number' || t < payload.exp) &&
    (typeof payload.nbf !== 'number' || t >= payload.nbf)
  );
}

export async function createLocalIssuer(keyPath?: string): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await loadOrCreateKey(keyPath);
  // A token's signature, issuer and audience never change: each distinct token is verified once
  // (jose's ES256 check through WebCrypto costs ~1.5 ms of CPU, more than the handler itself),
  // and its times are checked on every request against the local clock.
  const verified = new Map<string, Record<string, unknown>>();
  return {
    async issue(claims, now) {
      const { sub, ttlSeconds, amr, ...rest } = claims;
      const iat = Math.floor(now.getTime() / 1000);
      const methods = amr ?? (needsSecondFactor(claims.role) ? ['pwd', 'otp'] : ['pwd']);
      return new SignJWT({ ...rest, amr: methods })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (ttlSeconds ?? 30 * 24 * 3600))
        .sign(privateKey);
    },
    async verify(token, now) {
      const known = verified.get(token);
      if (known) return inTime(known, now) ? known : undefined;
      try {
        const { payload } = await jwtVerify(token, publicKey, verifyOptions(now));
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, payload as Record<string, unknown>);
        return payload as Record<string, unknown>;
      } catch {
        return undefined;
      }
    },
    async isExpired(token, now) {
      try {
        await jwtVerify(token, publicKey, verifyOptions(now));
        return false;
      } catch (error) {
        // jose checks the signature before the claims: a forged token never reads as expired.
        return error instanceof errors.JWTExpired;
      }
    },
  };
}
