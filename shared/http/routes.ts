/**
 * The route table, declared once. The CDK stateless stack makes one Lambda function and one
 * HTTP API route per entry; the local HTTP front serves the same entries by importing the
 * same handler modules; handlers read their allowed roles from here; the OpenAPI document
 * lists these paths. Plain data only: no imports beyond types, so every bundle stays small.
 */
import type { Role } from '../domain/identity.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  /** Stable id: names the Lambda function and the OpenAPI operationId. */
  id: string;
  method: Method;
  /** API Gateway path syntax: `/cases/{caseId}`. */
  path: string;
  /** Handler module, relative to the repository root; exports `handler`. */
  entry: string;
  /** Who may call it; `public` routes need no token. */
  roles: readonly Role[] | 'public';
  /** What the function may do to the table. */
  table: 'none' | 'read' | 'readWrite';
  summary: string;
  tag: string;
  /** Files (package paths under node_modules) the handler reads at run time; copied beside the bundle. */
  assets?: readonly string[];
}

const SWAGGER_ASSETS = ['swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui.css'] as const;

export const STAFF_PLUS = ['staff', 'duty_chief', 'director'] as const satisfies readonly Role[];
export const CASE_READERS = [...STAFF_PLUS, 'supervisor'] as const satisfies readonly Role[];

export const routes = [
  {
    id: 'health',
    method: 'GET',
    path: '/health',
    entry: 'functions/http/health.ts',
    roles: 'public',
    table: 'none',
    summary: '健康检查',
    tag: 'system',
  },
  {
    id: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/http/openapi.ts',
    roles: 'public',
    table: 'none',
    summary: 'OpenAPI 3.1 文档',
    tag: 'system',
  },
  {
    id: 'docs',
    method: 'GET',
    path: '/docs',
    entry: 'functions/http/docs.ts',
    roles: 'public',
    table: 'none',
    summary: '接口文档页面',
    tag: 'system',
    assets: SWAGGER_ASSETS,
  },
  {
    id: 'docsAsset',
    method: 'GET',
    path: '/docs/{asset}',
    entry: 'functions/http/docs.ts',
    roles: 'public',
    table: 'none',
    summary: '接口文档页面的静态资源',
    tag: 'system',
    assets: SWAGGER_ASSETS,
  },
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
    id: 'createCase',
    method: 'POST',
    path: '/cases',
    entry: 'functions/cases/create.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '受理：登记“办不成事”反映',
    tag: 'cases',
  },
  {
    id: 'listCases',
    method: 'GET',
    path: '/cases',
    entry: 'functions/cases/list.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '台账：按条件查询案件',
    tag: 'cases',
  },
  {
    id: 'getCase',
    method: 'GET',
    path: '/cases/{caseId}',
    entry: 'functions/cases/get.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '案件详情（含工单与时间线）',
    tag: 'cases',
  },
  {
    id: 'confirmCase',
    method: 'POST',
    path: '/cases/{caseId}/confirmation',
    entry: 'functions/cases/confirm.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '办理对象确认（签字/日期）',
    tag: 'cases',
  },
  {
    id: 'giveOpinion',
    method: 'POST',
    path: '/cases/{caseId}/opinion',
    entry: 'functions/cases/opinion.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '处理意见：当场答复或专班会议研究',
    tag: 'cases',
  },
  {
    id: 'listCaseEvents',
    method: 'GET',
    path: '/cases/{caseId}/events',
    entry: 'functions/cases/events.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '审计轨迹（不可更改）',
    tag: 'cases',
  },
] as const satisfies readonly Route[];

export type RouteId = (typeof routes)[number]['id'];

export function routeById(id: RouteId): Route {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`unknown route ${id}`);
  return route;
}
