/** Who is calling, as the verified token says. Plain types: no AWS, no HTTP. */

export const ROLES = ['staff', 'duty_chief', 'director', 'department', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable user id (the token's `sub`). */
  id: string;
  name: string;
  role: Role;
  /** The centre (9-digit division code) for centre roles and departments. */
  tenantId?: string;
  /** For department officers: the handling unit they act for. */
  departmentId?: string;
  /** For supervisors: `51` province, `5101` city, `510104` county. */
  regionCode?: string;
}

/**
 * What data a principal may see. Every data-layer read takes one of these, so tenancy is
 * enforced where the data is, not in each handler.
 */
export type Scope =
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'region'; regionCode: string }
  | { kind: 'all' };

export function scopeOf(p: Principal): Scope {
  if (p.role === 'admin') return { kind: 'all' };
  if (p.role === 'supervisor') return { kind: 'region', regionCode: p.regionCode ?? '__none__' };
  return { kind: 'tenant', tenantId: p.tenantId ?? '__none__' };
}

/** Does this scope cover the given centre? */
export function scopeCovers(scope: Scope, tenantId: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'tenant':
      return scope.tenantId === tenantId;
    case 'region':
      return tenantId.startsWith(scope.regionCode);
  }
}

/**
 * Roles that may act only after signing in with two factors: 等保 2.0 (GB/T 22239-2019, 8.1.4.1)
 * asks two or more authentication techniques for administrators, and a supervisor reads every
 * centre of a region.
 */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['admin', 'supervisor'];

/**
 * RFC 8176 `amr` values that are a factor beyond the password: possession (one-time code, keys,
 * smart card, a code by text or call) or inherence (biometrics). `mfa` says so outright (Cognito
 * writes `["pwd","otp","mfa"]`). Knowledge methods (`pwd`, `pin`, `kba`) never count.
 */
const SECOND_FACTOR_METHODS = new Set([
  'mfa',
  'otp',
  'hwk',
  'swk',
  'sc',
  'sms',
  'tel',
  'fpt',
  'face',
  'iris',
  'retina',
  'vbm',
]);

/** Did the sign-in the token records use a second factor? `amr` as the token lists it. */
export function hasSecondFactor(amr: readonly string[]): boolean {
  return amr.some((method) => SECOND_FACTOR_METHODS.has(method.toLowerCase()));
}

export function needsSecondFactor(role: Role): boolean {
  return SECOND_FACTOR_ROLES.includes(role);
}
