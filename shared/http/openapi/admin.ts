/** OpenAPI operations of the `admin` routes. */
import * as z from 'zod/mini';
import { meta } from '../../schemas/common.ts';
import {
  DepartmentParams,
  DutyDayParams,
  RegionParams,
  TenantParams,
  TestDeliveryParams,
} from '../../schemas/params.ts';
import {
  Department,
  DutyDay,
  DutyRoster,
  RegionContacts,
  Tenant,
  TenantList,
  TestDelivery,
} from '../../schemas/responses/tenant.ts';
import {
  DutyRosterQuery,
  ListTenantsQuery,
  PutDepartmentBody,
  PutDutyDayBody,
  PutRegionContactsBody,
  PutTenantBody,
} from '../../schemas/tenant.ts';
import type { adminRoutes } from '../routes/admin.ts';
import { IdempotencyHeader, jsonBody, type Operation } from './common.ts';

const Rotated = meta(
  z.object({ department: Department, webhookSecret: z.string(), previousStillValid: z.boolean() }),
  { id: 'RotatedWebhookSecret' },
);

const Departments = meta(z.object({ items: z.array(Department) }), { id: 'DepartmentList' });

export const adminOperations: Record<(typeof adminRoutes)[number]['id'], Operation> = {
  getTenant: {
    requestParams: { path: TenantParams },
    ok: { status: '200', schema: Tenant, description: '中心设置' },
  },
  listDepartments: {
    requestParams: { path: TenantParams },
    ok: { status: '200', schema: Departments, description: '承办单位，按编码排序' },
  },
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
  getDutyRoster: {
    requestParams: { path: TenantParams, query: DutyRosterQuery },
    ok: { status: '200', schema: DutyRoster, description: '该月已排班的日子，按日期排序' },
  },
  putDutyDay: {
    requestParams: { path: DutyDayParams },
    requestBody: jsonBody(PutDutyDayBody),
    ok: { status: '200', schema: DutyDay, description: '已保存' },
  },
  rotateWebhookSecret: {
    requestParams: { path: DepartmentParams },
    ok: {
      status: '200',
      schema: Rotated,
      description: '新签名密钥（只显示这一次）；轮换期间新旧密钥都会签名',
    },
  },
  putRegionContacts: {
    requestParams: { path: RegionParams },
    requestBody: jsonBody(PutRegionContactsBody),
    ok: { status: '200', schema: RegionContacts, description: '已保存' },
  },
  listTenants: {
    requestParams: { query: ListTenantsQuery },
    ok: {
      status: '200',
      schema: TenantList,
      description: '中心，按区划代码排序；nextCursor 为 null 时已到末页',
    },
  },
  sendTestDelivery: {
    requestParams: { path: DepartmentParams, header: IdempotencyHeader },
    ok: {
      status: '202',
      schema: TestDelivery,
      description: '已排队发送（status: pending）；用 Location 查询结果',
    },
  },
  getTestDelivery: {
    requestParams: { path: TestDeliveryParams },
    ok: { status: '200', schema: TestDelivery, description: '测试消息的结果' },
  },
};
