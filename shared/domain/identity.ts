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
