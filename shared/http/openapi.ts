/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas that also
 * validate requests — so the document cannot drift from what the handlers accept.
 */
import * as z from 'zod/mini';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ErrorResponse } from '../schemas/common.ts';
import { adminOperations } from './openapi/admin.ts';
import { archiveOperations } from './openapi/archive.ts';
import { calendarOperations } from './openapi/calendar.ts';
import { caseOperations } from './openapi/cases.ts';
import { catalogueOperations } from './openapi/catalogue.ts';
import { citizenOperations } from './openapi/citizen.ts';
import { closureOperations } from './openapi/closure.ts';
import type { Operation } from './openapi/common.ts';
import { documentOperations } from './openapi/documents.ts';
import { reportOperations } from './openapi/reports.ts';
import { systemOperations } from './openapi/system.ts';
import { workOrderOperations } from './openapi/work-orders.ts';
import { type RouteId, routes } from './routes.ts';

const operations: Record<RouteId, Operation> = {
  ...systemOperations,
  ...adminOperations,
  ...caseOperations,
  ...calendarOperations,
  ...workOrderOperations,
  ...documentOperations,
  ...catalogueOperations,
  ...archiveOperations,
  ...closureOperations,
  ...reportOperations,
  ...citizenOperations,
};

const ERROR_STATUSES: Record<string, string> = {
  '400': '请求内容有误（每个错误字段一条说明）',
  '401': '未登录',
  '403': '无权限',
  '404': '不存在（或属于其他中心）',
  '409': '状态不允许或版本冲突',
  '413': '请求内容过大',
  '415': '内容类型不支持',
  '422': '被业务规则拒绝',
  '503': '系统繁忙或数据库暂时不可用，按 Retry-After 稍后重试',
};

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const { ok, ...op } = operations[route.id];
    const errors = Object.fromEntries(
      Object.entries(ERROR_STATUSES)
        .filter(([s]) => route.roles !== 'public' || s === '400' || s === '503')
        .map(([s, description]) => [
          s,
          { description, content: { 'application/json': { schema: ErrorResponse } } },
        ]),
    );
    const operation: ZodOpenApiOperationObject = {
      ...op,
      operationId: route.id,
      summary: route.summary,
      tags: [route.tag],
      ...(route.roles === 'public' ? { security: [] } : { description: `角色：${route.roles.join('、')}` }),
      responses: {
        [ok.status]: {
          description: ok.description,
          ...(ok.schema
            ? { content: { 'application/json': { schema: ok.schema } } }
            : { content: { [ok.contentType ?? 'text/plain']: { schema: z.string() } } }),
        },
        ...errors,
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'bancheng 办成 — “办不成事”反映窗口',
      version: '1.0.0',
      description: '四川省乡镇（街道）便民服务中心“办不成事”反映窗口案件系统接口。',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  });
  return cached;
}
