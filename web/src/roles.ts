/**
 * Who the console serves, and which screens each role sees — one table, like the server's route
 * table (its role groups are the route table's own: a screen shown is a route the role may call).
 */
import type { Role } from '../../shared/domain/identity.ts';

import * as groups from '../../shared/http/route-types.ts';
import { adminRoutes } from '../../shared/http/routes/admin.ts';

export type { Role };
// The route table's own groups, widened so that any role can be looked up in them.
export const STAFF_PLUS: readonly Role[] = groups.STAFF_PLUS;
export const CASE_READERS: readonly Role[] = groups.CASE_READERS;
/** GET /supervision. */
export const SUPERVISION_READERS: readonly Role[] = groups.SUPERVISION_READERS;
/** The 督办 board's inbox (GET /notifications) and its count in the header; a supervisor's is the region's. */
export const INBOX_READERS: readonly Role[] = ['duty_chief', 'director', 'supervisor'];
/** The board's pending extension requests (the centre's, for the director to decide). */
export const EXTENSION_READERS: readonly Role[] = ['duty_chief', 'director'];
export const DEPARTMENTS: readonly Role[] = ['department'];
/** 值班: the centre's own people see the roster (GET /tenants/{id}/duty-roster). */
export const ROSTER_READERS: readonly Role[] = ['director', 'duty_chief', 'staff'];
/** Who may change a day of it: PUT /tenants/{id}/duty-roster/{date}, as the route table says. */
export const ROSTER_EDITORS: readonly Role[] = adminRoutes.find((r) => r.id === 'putDutyDay')?.roles ?? [];
/** The monthly bulletin and the annual score (the route table's report readers). */
export const REPORT_READERS: readonly Role[] = ['director', 'supervisor'];
/** The provincial operator: centres, the calendar (PUT /calendar/years/{year}). */
export const ADMINS: readonly Role[] = ['admin'];
/** 承办单位 settings (PUT /tenants/{id}/departments/{dept}): the admin, or a director for its own centre. */
export const DEPARTMENT_MANAGERS: readonly Role[] = ['admin', 'director'];

/** The role as the centre says it; a supervisor by the level of the region supervised. */
export function roleLabel(role: Role, regionCode?: string): string {
  if (role === 'supervisor') {
    return regionCode?.length === 2 ? '省级督查' : regionCode?.length === 4 ? '市级督查' : '县级督查';
  }
  return {
    staff: '窗口人员',
    duty_chief: '值班长',
    director: '中心主任',
    department: '承办单位',
    admin: '管理员',
  }[role];
}
