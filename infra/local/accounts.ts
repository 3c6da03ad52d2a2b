/**
 * The demo accounts of the local stack, one per role the console knows, with the Chinese label
 * the local sign-in page shows on its button. Local only: no deployed stack has a sign-in page
 * like this (it signs in through the OIDC issuer).
 */
import type { TokenRequest } from './tokens.ts';

export const DEMO_TENANT = '510104001';

export interface DemoAccount {
  /** The button's label: the role as the centre says it. */
  label: string;
  person: Omit<TokenRequest, 'ttlSeconds'>;
}

export const DEMO_ACCOUNTS = {
  staff: {
    label: '窗口人员',
    person: { sub: 'staff-li', name: '李娜', role: 'staff', tenantId: DEMO_TENANT },
  },
  duty_chief: {
    label: '值班长',
    person: { sub: 'chief-wang', name: '王强', role: 'duty_chief', tenantId: DEMO_TENANT },
  },
  director: {
    label: '中心主任',
    person: { sub: 'director-zhao', name: '赵敏', role: 'director', tenantId: DEMO_TENANT },
  },
  department: {
    label: '承办单位',
    person: {
      sub: 'dept-shebao-chen',
      name: '陈刚',
      role: 'department',
      tenantId: DEMO_TENANT,
      departmentId: 'shebao',
    },
  },
  supervisor: {
    label: '县级督查',
    person: { sub: 'county-liu', name: '刘洋', role: 'supervisor', regionCode: '510104' },
  },
  supervisor_city: {
    label: '市级督查',
    person: { sub: 'city-he', name: '何静', role: 'supervisor', regionCode: '5101' },
  },
  supervisor_province: {
    label: '省级督查',
    person: { sub: 'province-zhou', name: '周涛', role: 'supervisor', regionCode: '51' },
  },
  admin: { label: '管理员', person: { sub: 'admin-sc', name: '省平台管理员', role: 'admin' } },
} as const satisfies Record<string, DemoAccount>;

/** A console sign-in lasts a working day; moving the local clock past it shows "登录已过期". */
export const CONSOLE_SESSION_SECONDS = 10 * 3600;
