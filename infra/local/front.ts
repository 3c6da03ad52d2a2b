/**
 * The local HTTP front: plays API Gateway (HTTP API, payload v2) for the local stack. It
 * matches the request against the shared route table, verifies the bearer token as the JWT
 * authorizer would, builds a v2 event and calls the very handler module Lambda runs.
 * `/_local/token` and `/_local/clock` exist only here.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { AdjustableClock } from '../../shared/adapters/clock.ts';
import { logger, maskPhones, withLogContext } from '../../shared/adapters/logger.ts';
import { html, trustedHtml } from '../../shared/documents/html.ts';
import { renderMobilePage } from '../../shared/documents/mobile-page.ts';
import type { HttpEvent, HttpResponse } from '../../shared/http/handler.ts';
import {
  type ContractResponse,
  decodePath,
  malformedPathResponse,
  matchRoute,
  unmatchedResponse,
} from '../../shared/http/route-match.ts';
import type { Method } from '../../shared/http/routes.ts';
import { CONSOLE_SESSION_SECONDS, DEMO_ACCOUNTS } from './accounts.ts';
import { serveConsole } from './console.ts';
import { parseDurationMs } from './duration.ts';
import { type LocalIssuer, TokenRequest } from './tokens.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** API Gateway's own payload limit. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResponse>;

const modules = new Map<string, Promise<Handler>>();

function loadHandler(entry: string): Promise<Handler> {
  let mod = modules.get(entry);
  if (!mod) {
    mod = import(pathToFileURL(join(ROOT, entry)).href).then((m: { handler: Handler }) => m.handler);
    modules.set(entry, mod);
  }
  return mod;
}

function lambdaContext(fn: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn,
    functionVersion: '$LATEST',
    invokedFunctionArn: `local:${fn}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/local/${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The body, or 'too_large' — read to its end either way: a 413 that stopped reading would leave
 * the rest of the body on the keep-alive connection, to be parsed as the next request (reset).
 */
async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_REQUEST_BYTES ? 'too_large' : Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

// zod/mini ships no locale: `/_local/token` keeps answering in zod's English wording, as before.
// (The API's 400s never read zod's wording: shared/http/validation.ts words them in Chinese.)
z.config(z.locales.en());

const ClockRequest = z.union([
  z.strictObject({ advanceBy: z.string() }),
  z.strictObject({ setTo: z.iso.datetime({ offset: true }) }),
]);

export interface LocalFrontOptions {
  port: number;
  /** The folder of text messages listed at `/_local/sms`. */
  smsDir?: string;
  issuer: LocalIssuer;
  clock: AdjustableClock;
  host?: string;
  /** The S3 emulator, reached by the browser through `/_local/s3/…` (same origin as the console). */
  s3Endpoint?: string;
}

export interface LocalFront {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startLocalFront(opts: LocalFrontOptions): Promise<LocalFront> {
  const server: Server = createServer((req, res) => {
    const requestId = randomUUID();
    withLogContext({ requestId }, () =>
      serve(req, res, requestId, opts).catch((error: unknown) => {
        logger.error('local front failed', { error });
        if (!res.headersSent)
          send(res, 500, {
            error: { code: 'internal_error', message: '本地网关内部错误，请查看控制台日志' },
          });
      }),
    );
  });
  server.keepAliveTimeout = 5_000;
  // Requests Node refuses before any handler runs (headers or URL too large, malformed HTTP)
  // are answered in the error contract too, then the connection is closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'headers_too_large', message: '请求地址或请求头过长' }
        : { code: 'bad_request', message: '请求格式不正确（不是有效的 HTTP 请求）' },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendContract(res: ServerResponse, answer: ContractResponse): void {
  send(res, answer.status, answer.body, answer.headers);
}

/**
 * A request no route matches: 404, or 405 when the address exists with other methods — in the
 * error contract, as the `$default` route's function answers in AWS. The one place to add
 * what else the front serves outside the API.
 */
function serveUnmatched(res: ServerResponse, method: string, allow: readonly Method[]): void {
  sendContract(res, unmatchedResponse(method, allow));
}

/** Token problems in the error contract (API Gateway's own authorizer answers a bare 401 in AWS). */
async function unauthorized(res: ServerResponse, bearer: string | undefined, opts: LocalFrontOptions) {
  const expired = bearer !== undefined && (await opts.issuer.isExpired(bearer, opts.clock.now()));
  const hint =
    '请重新登录；本地环境可用 POST /_local/token 取得新令牌（npm start 启动时也会打印各角色的令牌）';
  send(
    res,
    401,
    {
      error: expired
        ? { code: 'token_expired', message: '登录已过期，请重新登录', hint }
        : {
            code: 'unauthorized',
            message: bearer ? '身份令牌无效，请重新登录' : '请先登录（缺少 Authorization: Bearer 身份令牌）',
            hint,
          },
    },
    { 'www-authenticate': expired ? 'Bearer error="invalid_token", error_description="expired"' : 'Bearer' },
  );
}

async function serve(req: IncomingMessage, res: ServerResponse, requestId: string, opts: LocalFrontOptions) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith(S3_PROXY_PREFIX) && opts.s3Endpoint) {
    return proxyS3(req, res, opts.s3Endpoint, url);
  }
  const body = await readBody(req);
  if (body === 'too_large') {
    return send(res, 413, {
      error: {
        code: 'payload_too_large',
        message: `请求内容过大（网关上限 ${MAX_REQUEST_BYTES / 1024 / 1024} MB）`,
      },
    });
  }
  const segments = decodePath(url.pathname);
  if (!segments) return sendContract(res, malformedPathResponse());

  if (url.pathname === '/_local/sms' && method === 'GET') return serveSmsInbox(res, opts.smsDir);
  if (url.pathname.startsWith('/_local/inbox/'))
    return serveInbox(segments.slice(3).join('/'), method, body, req, res, opts.clock.now());
  if (url.pathname.startsWith('/_local/')) return serveLocal(url.pathname, method, body, res, opts);

  const match = matchRoute(method, segments);
  if (match.kind === 'unmatched') {
    // Any GET the API does not take may be the console's (a page or a file of its build).
    if ((method === 'GET' || method === 'HEAD') && serveConsole(url.pathname, res)) return;
    return serveUnmatched(res, method, match.allow);
  }
  const { route, params: pathParameters } = match;
  const hasParams = Object.keys(pathParameters).length > 0;

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }

  let claims: Record<string, unknown> | undefined;
  if (route.roles !== 'public') {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    claims = bearer ? await opts.issuer.verify(bearer, opts.clock.now()) : undefined;
    // API Gateway's JWT authorizer answers this itself, before any Lambda runs.
    if (!claims) return unauthorized(res, bearer, opts);
  }

  const base64Body = body.length > 0 && !isTextContentType(headers['content-type']);
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  const now = opts.clock.now();
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(hasParams ? { pathParameters } : {}),
    ...(body.length ? { body: base64Body ? body.toString('base64') : body.toString('utf8') } : {}),
    isBase64Encoded: base64Body,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
  } as unknown as HttpEvent;

  const handler = await loadHandler(route.entry);
  const result = await handler(event, lambdaContext(route.id, requestId));
  const outHeaders: Record<string, string> = { 'x-request-id': requestId };
  for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k] = String(v);
  res.writeHead(result.statusCode ?? 200, outHeaders);
  res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
}

/**
 * Which bodies API Gateway's HTTP API hands to Lambda as text: `text/*`, JSON, XML and
 * JavaScript. Every other body — a form post (`application/x-www-form-urlencoded` too), a
 * `multipart/form-data` upload, a missing type — arrives base64-encoded with
 * `isBase64Encoded: true`, and the local front does the same so the handlers meet that here.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript'
  );
}

const S3_PROXY_PREFIX = '/_local/s3/';

/**
 * Presigned uploads and downloads from the console go through here to the S3 emulator, streamed
 * both ways: in AWS the browser talks to S3 itself; locally this keeps it on the console's origin.
 */
function proxyS3(req: IncomingMessage, res: ServerResponse, s3Endpoint: string, url: URL): Promise<void> {
  const target = new URL(url.pathname.slice(S3_PROXY_PREFIX.length - 1) + url.search, s3Endpoint);
  const headers: Record<string, string> = {};
  for (const key of ['content-type', 'content-length', 'x-amz-checksum-sha256', 'range']) {
    const v = req.headers[key];
    if (typeof v === 'string') headers[key] = v;
  }
  return new Promise((resolve) => {
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res).on('finish', () => resolve());
    });
    upstream.on('error', (error) => {
      logger.warn('local S3 proxy failed', { error });
      if (!res.headersSent)
        send(res, 502, { error: { code: 'storage_unavailable', message: '文件存储暂不可用' } });
      resolve();
    });
    req.pipe(upstream);
  });
}

/**
 * The local stand-in for the reporter's phone: every text message written by the file SMS
 * sender, newest first, as a page (JSON with `Accept: application/json`). Local only.
 */
async function serveSmsInbox(res: ServerResponse, dir: string | undefined) {
  const messages = dir ? await readSmsFiles(dir) : [];
  const rows = messages
    .map(
      (m) =>
        html`<li><p><strong>${maskPhones(m.to)}</strong> · ${m.template} · <time>${m.at}</time></p><blockquote>${m.text}</blockquote></li>`,
    )
    .map((h) => h.value)
    .join('');
  const page = renderMobilePage({
    title: '本地短信收件箱',
    body: trustedHtml(
      `<section class="card"><h1>本地短信收件箱</h1><p class="muted">${messages.length} 条，最新在前（${dir ?? ''}）</p><ol class="steps">${rows}</ol></section>`,
    ),
  });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page);
}

export async function readSmsFiles(
  dir: string,
): Promise<{ to: string; template: string; params: string[]; text: string; at: string }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .map((n) => readFile(join(dir, n), 'utf8').then((t) => JSON.parse(t))),
  );
  return files.sort((a, b) => String(b.at).localeCompare(String(a.at)));
}

/**
 * A demo department's webhook receiver: POSTs are kept (headers and body) and listed by GET, so
 * a clerk can see what the handling unit received. Local only.
 */
const inboxes = new Map<
  string,
  Array<{ receivedAt: string; headers: Record<string, string>; body: unknown }>
>();

function serveInbox(
  name: string,
  method: string,
  body: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
  now: Date,
) {
  const box = inboxes.get(name) ?? [];
  inboxes.set(name, box);
  if (method === 'GET') return send(res, 200, { items: box });
  if (method !== 'POST') return serveUnmatched(res, method, ['GET', 'POST']);
  const headers: Record<string, string> = {};
  for (const key of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'user-agent']) {
    const v = req.headers[key];
    if (typeof v === 'string') headers[key] = v;
  }
  let parsed: unknown = body.toString('utf8');
  try {
    parsed = JSON.parse(String(parsed));
  } catch {
    // keep the text
  }
  box.push({ receivedAt: now.toISOString(), headers, body: parsed });
  if (box.length > 100) box.shift();
  logger.info('local inbox received a webhook', { inbox: name, webhookId: headers['webhook-id'] });
  res.writeHead(204);
  res.end();
}

async function serveLocal(
  path: string,
  method: string,
  body: Buffer,
  res: ServerResponse,
  opts: LocalFrontOptions,
) {
  let json: unknown;
  try {
    json = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return send(res, 400, { error: { code: 'malformed_json', message: '请求内容不是有效的 JSON' } });
  }
  if (method === 'POST' && path === '/_local/token') {
    const parsed = TokenRequest.safeParse(json);
    if (!parsed.success) {
      return send(res, 400, {
        error: {
          code: 'invalid_request',
          message: '令牌请求有误',
          details: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      });
    }
    return send(res, 200, { token: await opts.issuer.issue(parsed.data, opts.clock.now()) });
  }
  if (method === 'POST' && path === '/_local/clock') {
    const parsed = ClockRequest.safeParse(json);
    if (!parsed.success) {
      return send(res, 400, {
        error: {
          code: 'invalid_request',
          message: '请提交 {"advanceBy":"PT48H"} 或 {"setTo":"2026-10-09T17:30:00+08:00"}',
        },
      });
    }
    if ('advanceBy' in parsed.data) {
      const ms = parseDurationMs(parsed.data.advanceBy);
      if (ms === undefined) {
        return send(res, 400, {
          error: {
            code: 'invalid_request',
            message: 'advanceBy 应为 ISO-8601 时长，例如 PT48H',
            details: [{ field: 'advanceBy', message: '时长格式不正确，例如 PT48H、P3D' }],
          },
        });
      }
      const now = await opts.clock.advanceBy(ms);
      return send(res, 200, { now: now.toISOString() });
    }
    const now = await opts.clock.setTo(new Date(parsed.data.setTo));
    return send(res, 200, { now: now.toISOString() });
  }
  if (method === 'GET' && path === '/_local/accounts') {
    return send(res, 200, { sessionSeconds: CONSOLE_SESSION_SECONDS, accounts: DEMO_ACCOUNTS });
  }
  if (method === 'GET' && path === '/_local/clock')
    return send(res, 200, { now: opts.clock.now().toISOString() });
  return serveUnmatched(res, method, []);
}
