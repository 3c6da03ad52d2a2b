/** Routes of the `system` area; merged into the one route table in ../routes.ts. */
import type { Route } from '../route-types.ts';

const SWAGGER_ASSETS = ['swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui.css'] as const;

export const systemRoutes = [
  {
    id: 'health',
    method: 'GET',
    path: '/health',
    entry: 'functions/http/health.ts',
    roles: 'public',
    // one GetItem: /health says whether the database answers
    table: 'read',
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
] as const satisfies readonly Route[];
