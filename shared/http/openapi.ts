/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas that also
 * validate requests — so the document cannot drift from what the handlers accept.
 */
import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import {
  Case,
  CaseEvent,
  ConfirmationBody,
  CreateCaseBody,
  ListCasesQuery,
  OpinionBody,
} from '../schemas/case.ts';
import { ErrorResponse, Page } from '../schemas/common.ts';
import { CaseParams, DepartmentParams, DutyDayParams, TenantParams } from '../schemas/params.ts';
import {
  Department,
  DutyDay,
  PutDepartmentBody,
  PutDutyDayBody,
  PutTenantBody,
  Tenant,
} from '../schemas/tenant.ts';
import { type RouteId, routes } from './routes.ts';

type Operation = Omit<ZodOpenApiOperationObject, 'responses' | 'operationId' | 'summary' | 'tags'> & {
  ok: { status: string; schema?: z.ZodType; contentType?: string; description: string };
};

const jsonBody = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: '同一键与相同内容24小时内重复提交只创建一次' }),
});
const IfMatchHeader = z.object({
  'if-match': z.string().optional().meta({ description: '期望的案件版本，例如 "3"' }),
});
const CaseDetail = Case.extend({ workOrders: z.array(z.unknown()), timeline: z.array(CaseEvent) });

const operations: Record<RouteId, Operation> = {
  health: { ok: { status: '200', schema: z.object({ status: z.literal('ok') }), description: '服务正常' } },
  openapi: { ok: { status: '200', schema: z.record(z.string(), z.unknown()), description: 'OpenAPI 文档' } },
  docs: { ok: { status: '200', contentType: 'text/html', description: '接口文档页面' } },
  docsAsset: {
    requestParams: { path: z.object({ asset: z.string() }) },
    ok: { status: '200', contentType: 'application/octet-stream', description: '静态资源' },
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
  putDutyDay: {
    requestParams: { path: DutyDayParams },
    requestBody: jsonBody(PutDutyDayBody),
    ok: { status: '200', schema: DutyDay, description: '已保存' },
  },
  createCase: {
    requestParams: { header: IdempotencyHeader },
    requestBody: jsonBody(CreateCaseBody),
    ok: { status: '201', schema: Case, description: '已受理登记' },
  },
  listCases: {
    requestParams: { query: ListCasesQuery },
    ok: { status: '200', schema: Page(Case), description: '台账' },
  },
  getCase: {
    requestParams: { path: CaseParams },
    ok: { status: '200', schema: CaseDetail, description: '案件详情' },
  },
  confirmCase: {
    requestParams: { path: CaseParams, header: IfMatchHeader },
    requestBody: jsonBody(ConfirmationBody),
    ok: { status: '200', schema: Case, description: '已确认' },
  },
  giveOpinion: {
    requestParams: { path: CaseParams, header: IfMatchHeader },
    requestBody: jsonBody(OpinionBody),
    ok: { status: '200', schema: Case, description: '已记录处理意见' },
  },
  listCaseEvents: {
    requestParams: { path: CaseParams, query: z.object({ verify: z.enum(['true', 'false']).optional() }) },
    ok: {
      status: '200',
      schema: z.object({
        items: z.array(CaseEvent),
        verification: z.object({ intact: z.boolean(), brokenAt: z.number().optional() }).optional(),
      }),
      description: '审计轨迹',
    },
  },
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
};

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const { ok, ...op } = operations[route.id];
    const errors = Object.fromEntries(
      Object.entries(ERROR_STATUSES)
        .filter(([s]) => route.roles !== 'public' || s === '400')
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
