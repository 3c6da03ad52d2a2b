/** OpenAPI operations of the `admin` routes. */
import { DepartmentParams, DutyDayParams, TenantParams } from '../../schemas/params.ts';
import {
  Department,
  DutyDay,
  PutDepartmentBody,
  PutDutyDayBody,
  PutTenantBody,
  Tenant,
} from '../../schemas/tenant.ts';
import type { adminRoutes } from '../routes/admin.ts';
import { jsonBody, type Operation } from './common.ts';

export const adminOperations: Record<(typeof adminRoutes)[number]['id'], Operation> = {
  putTenant: {
    requestParams: { path: TenantParams },
    requestBody: jsonBody(PutTenantBody),
    ok: { status: '200', schema: Tenant, description: '已保存（新建时 201）' },
  },
  putDepartment: {
    requestParams: { path: DepartmentParams },
    requestBody: jsonBody(PutDepartmentBody),
    ok: {
      status: '200',
      schema: Department,
      description: '已保存（新建时 201，webhook 签名密钥只在新建时返回一次）',
    },
  },
  putDutyDay: {
    requestParams: { path: DutyDayParams },
    requestBody: jsonBody(PutDutyDayBody),
    ok: { status: '200', schema: DutyDay, description: '已保存' },
  },
};
