/**
 * Who the console serves, and which screens each role sees — one table, like the server's route
 * table (whose role lists these mirror: a screen shown is a route the role may call).
 */
export type Role = 'staff' | 'duty_chief' | 'director' | 'department' | 'supervisor' | 'admin';

export const STAFF_PLUS: readonly Role[] = ['staff', 'duty_chief', 'director'];
export const CASE_READERS: readonly Role[] = [...STAFF_PLUS, 'supervisor'];
/** GET /supervision. */
export const SUPERVISION_READERS: readonly Role[] = ['duty_chief', 'director', 'supervisor'];
/** The 督办 board's inbox (GET /notifications) and its count in the header. */
export const INBOX_READERS: readonly Role[] = ['duty_chief', 'director'];
export const DEPARTMENTS: readonly Role[] = ['department'];

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
