/** Routes of the `admin` area; merged into the one route table in ../routes.ts. */
import type { Route } from '../route-types.ts';

export const adminRoutes = [
  {
    id: 'putTenant',
    method: 'PUT',
    path: '/tenants/{tenantId}',
    entry: 'functions/admin/put-tenant.ts',
    roles: ['admin'],
    table: 'readWrite',
    summary: '创建或更新便民服务中心',
    tag: 'admin',
  },
  {
    id: 'putDepartment',
    method: 'PUT',
    path: '/tenants/{tenantId}/departments/{departmentId}',
    entry: 'functions/admin/put-department.ts',
    roles: ['admin', 'director'],
    table: 'readWrite',
    summary: '创建或更新承办单位',
    tag: 'admin',
  },
  {
    id: 'putDutyDay',
    method: 'PUT',
    path: '/tenants/{tenantId}/duty-roster/{date}',
    entry: 'functions/admin/put-duty-day.ts',
    roles: ['director', 'admin'],
    table: 'readWrite',
    summary: '设置某日值班长（值班长制度）',
    tag: 'admin',
  },
  {
    id: 'rotateWebhookSecret',
    method: 'POST',
    path: '/tenants/{tenantId}/departments/{departmentId}/webhook-secret',
    entry: 'functions/admin/rotate-webhook-secret.ts',
    roles: ['admin', 'director'],
    table: 'readWrite',
    summary: '轮换承办单位的 webhook 签名密钥（新密钥只显示一次，旧密钥在下次轮换前仍有效）',
    tag: 'admin',
  },
] as const satisfies readonly Route[];
