/** OpenAPI operations of the `system` routes. */
import * as z from 'zod/mini';
import type { systemRoutes } from '../routes/system.ts';
import type { Operation } from './common.ts';

export const systemOperations: Record<(typeof systemRoutes)[number]['id'], Operation> = {
  health: {
    ok: {
      status: '200',
      schema: z.object({ status: z.literal('ok'), database: z.literal('ok') }),
      description: '服务正常，数据库可用（数据库不可用时 503，带 Retry-After）',
    },
  },
  openapi: { ok: { status: '200', schema: z.record(z.string(), z.unknown()), description: 'OpenAPI 文档' } },
  docs: { ok: { status: '200', contentType: 'text/html', description: '接口文档页面' } },
  docsAsset: {
    requestParams: { path: z.object({ asset: z.string() }) },
    ok: { status: '200', contentType: 'application/octet-stream', description: '静态资源' },
  },
};
