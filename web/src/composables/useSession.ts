/**
 * The signed-in person: the bearer token and what its claims say (role, centre, department,
 * region — plain or as Cognito `custom:` attributes, as the API reads them). Kept in
 * sessionStorage, so a reload keeps the sign-in and closing the tab ends it. When the API says
 * the token is no longer good (401), the session ends once and the app shows "登录已过期".
 */
import { computed, ref } from 'vue';
import type { Principal } from '../../../shared/domain/identity.ts';
import type { Role } from '../roles.ts';

/** Who is signed in, as the API's own `Principal` reads the token. */
export type SignedInUser = Principal;

interface Session {
  token: string;
  user: SignedInUser;
}

const KEY = 'bancheng.session';

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function userOf(token: string): SignedInUser {
  const claims = claimsOf(token);
  const claim = (name: string) => {
    const value = claims[name] ?? claims[`custom:${name}`];
    return typeof value === 'string' && value ? value : undefined;
  };
  const user: SignedInUser = {
    id: String(claims.sub ?? ''),
    name: claim('name') ?? String(claims.sub ?? ''),
    role: (claim('role') ?? 'staff') as Role,
  };
  for (const key of ['tenantId', 'departmentId', 'regionCode'] as const) {
    const value = claim(key);
    if (value) user[key] = value;
  }
  return user;
}

function read(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

const session = ref<Session | undefined>(read());
let expiredListener: () => void = () => {};

export function onSessionExpired(listener: () => void): void {
  expiredListener = listener;
}

export function useSession() {
  return {
    user: computed(() => session.value?.user),
    signedIn: computed(() => session.value !== undefined),
  };
}

export function bearerToken(): string | undefined {
  return session.value?.token;
}

export function startSession(token: string): SignedInUser {
  const user = userOf(token);
  session.value = { token, user };
  sessionStorage.setItem(KEY, JSON.stringify(session.value));
  return user;
}

export function endSession(): void {
  session.value = undefined;
  sessionStorage.removeItem(KEY);
}

/** The API refused the token: end the session once and let the app send the person to sign in. */
export function sessionExpired(): void {
  if (!session.value) return;
  endSession();
  expiredListener();
}
