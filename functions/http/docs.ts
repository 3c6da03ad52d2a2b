/**
 * GET /docs — Swagger UI, served from the npm package's own files (no CDN), so the page
 * works offline. In Lambda the two asset files sit beside the bundle (copied at bundling).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { NotFoundError } from '../../shared/errors.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';

const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

const cache = new Map<string, string>();

function readAsset(name: string): string {
  const hit = cache.get(name);
  if (hit) return hit;
  const root = process.env.LAMBDA_TASK_ROOT;
  const path = root ? join(root, name) : createRequire(import.meta.url).resolve(`swagger-ui-dist/${name}`);
  const text = readFileSync(path, 'utf8');
  cache.set(name, text);
  return text;
}

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>bancheng 办成 — 接口文档</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true });
</script>
</body>
</html>`;

const page = httpHandler({ route: 'docs' }, async () => ({
  status: 200,
  body: PAGE,
  contentType: 'text/html; charset=utf-8',
}));

const AssetParams = z.object({ asset: z.string() });

const asset = httpHandler({ route: 'docsAsset', params: AssetParams }, async (req) => {
  const type = ASSETS[req.params.asset];
  if (!type) throw new NotFoundError('文件不存在');
  return {
    status: 200,
    body: readAsset(req.params.asset),
    contentType: type,
    headers: { 'cache-control': 'public, max-age=86400' },
  };
});

/** One function serves both routes: the page and its two asset files. */
export const handler = (event: HttpEvent, context: Context) =>
  event.pathParameters?.asset ? asset(event, context) : page(event, context);
