/**
 * The HTTP primary adapter: every API Lambda is `httpHandler(spec, fn)`. Middlewares, one
 * concern each: log context → error mapping → authentication/role check → body and query
 * parsing with zod. `fn` receives typed, validated input and returns a result.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { isServiceFault } from '../adapters/dynamo-errors.ts';
import { runInvocationHooks } from '../adapters/invocation-hooks.ts';
import { appendLogContext, logger, withLogContext } from '../adapters/logger.ts';
import type { Principal, Role } from '../domain/identity.ts';
import { hasSecondFactor, needsSecondFactor, ROLES } from '../domain/identity.ts';
import {
  AppError,
  ForbiddenError,
  PayloadTooLargeError,
  SecondFactorRequiredError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.ts';
import { shapeJson, shapeText } from './least-data.ts';
import { ROUTE_ACCESS } from './route-access.ts';
import type { RouteId } from './routes.ts';
import { parseOrThrow } from './validation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** Bodies above this are refused with 413 before parsing (a case record is a few KB). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<B, Q, P> {
  principal: Principal | undefined;
  body: B;
  query: Q;
  params: P;
  headers: Record<string, string | undefined>;
  requestId: string;
  /** The caller's address as API Gateway saw it (the guessing guard of public pages counts by it). */
  sourceIp: string;
  /** The body's bytes as sent (base64 undone), for routes that read it themselves (`rawBody`). */
  rawBody?: Buffer;
}

export interface HttpResult {
  status: number;
  /** JSON-serialized unless `contentType` is given, then sent as is. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Spec<B, Q, P> {
  route: RouteId;
  body?: z.ZodMiniType<B>;
  query?: z.ZodMiniType<Q>;
  params?: z.ZodMiniType<P>;
  /** An empty body reads as `{}` (actions that may carry nothing, like 签收). */
  emptyBodyAllowed?: boolean;
  /** Also accept a plain HTML form post (`application/x-www-form-urlencoded`), read as string fields. */
  form?: boolean;
  /** Hand the body over as bytes, unparsed (a `multipart/form-data` upload); no `body` schema then. */
  rawBody?: boolean;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Seconds a client should wait before retrying a 503 (the SDK's own retries are already spent). */
export const RETRY_AFTER_SECONDS = 5;

const SERVICE_FAULT_MESSAGE = '系统繁忙或数据库暂时不可用，请稍后重试';

export function errorResponse(error: unknown): HttpResponse {
  if (error instanceof AppError) {
    const payload: Record<string, unknown> = { code: error.code, message: error.message };
    if (error.details?.length) payload.details = error.details;
    const retry: Record<string, string> =
      error.status === 503 || error.status === 429 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
    return json(error.status, { error: payload }, retry);
  }
  if (isServiceFault(error)) {
    return json(
      503,
      { error: { code: 'service_unavailable', message: SERVICE_FAULT_MESSAGE } },
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
  return json(500, {
    error: { code: 'internal_error', message: '系统内部错误，请稍后重试；如持续出现请联系管理员' },
  });
}

/** Claims as API Gateway's JWT authorizer (or the local front, which plays its part) hands them over. */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal | undefined {
  if (!claims) return undefined;
  const claim = (name: string): string | undefined => {
    const v = claims[name] ?? claims[`custom:${name}`];
    return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
  };
  const sub = claim('sub');
  const role = claim('role');
  if (!sub || !role || !(ROLES as readonly string[]).includes(role)) return undefined;
  const principal: Principal = { id: sub, name: claim('name') ?? sub, role: role as Role };
  const tenantId = claim('tenantId');
  const departmentId = claim('departmentId');
  const regionCode = claim('regionCode');
  if (tenantId) principal.tenantId = tenantId;
  if (departmentId) principal.departmentId = departmentId;
  if (regionCode) principal.regionCode = regionCode;
  return principal;
}

/**
 * The token's `amr` (authentication methods) as a list. A verified JWT carries an array; API
 * Gateway's JWT authorizer hands array claims to the function as one string (`[pwd otp]`), and
 * some issuers write a JSON string or a space/comma-separated list: all read the same.
 */
export function authenticationMethods(claims: Record<string, unknown> | undefined): string[] {
  const amr = claims?.amr;
  if (Array.isArray(amr)) return amr.filter((v): v is string => typeof v === 'string');
  if (typeof amr !== 'string') return [];
  const text = amr.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string');
    } catch {
      // Not JSON: API Gateway's `[pwd otp]`, read below.
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((v) => v.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

/**
 * 等保 2.0: an admin or supervisor acts only with a token whose sign-in used a second factor
 * (see docs/operations.md, "Identity"); other roles sign in as their issuer allows.
 */
export function assertSecondFactor(principal: Principal, claims: Record<string, unknown> | undefined): void {
  if (needsSecondFactor(principal.role) && !hasSecondFactor(authenticationMethods(claims))) {
    throw new SecondFactorRequiredError(
      '管理员和督查账号须使用双因素登录（密码 + 动态口令）：请先在登录页绑定动态口令（TOTP），再重新登录',
    );
  }
}

const logContext = (routeId: string): MiddlewareObj<HttpEvent, HttpResponse> => ({
  before: (request) => {
    appendLogContext({ requestId: request.event.requestContext?.requestId, route: routeId });
  },
});

const errorMapper = (): MiddlewareObj<HttpEvent, HttpResponse> => ({
  onError: (request) => {
    const error = request.error;
    if (error instanceof AppError) {
      if (error.status >= 500) logger.warn('request failed', { status: error.status, code: error.code });
    } else if (isServiceFault(error)) {
      logger.warn('service fault, answered 503', { error });
    } else {
      logger.error('unhandled error', { error });
    }
    request.response = errorResponse(error);
  },
});

function readBody(event: HttpEvent, emptyAllowed = false, form = false): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (emptyAllowed && text.trim() === '') return {};
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`请求内容过大（上限 ${MAX_BODY_BYTES / 1024} KB）`);
  }
  const type = event.headers?.['content-type'] ?? '';
  if (form && /^application\/x-www-form-urlencoded\b/i.test(type.trim())) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (!/^application\/json\b/i.test(type.trim())) {
    throw new UnsupportedMediaTypeError('请求内容类型应为 application/json');
  }
  if (text.trim() === '')
    throw new ValidationError('请求内容为空', [{ field: '(body)', message: '请提交 JSON 内容' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(
      '请求内容不是有效的 JSON',
      [{ field: '(body)', message: 'JSON 格式错误，无法解析' }],
      'malformed_json',
    );
  }
}

export function httpHandler<B = undefined, Q = undefined, P = undefined>(
  spec: Spec<B, Q, P>,
  fn: (req: HttpRequest<B, Q, P>) => Promise<HttpResult>,
) {
  // The run-time slice of the route table: the table itself stays out of the bundle.
  const { roles } = ROUTE_ACCESS[spec.route];

  const core = async (event: HttpEvent): Promise<HttpResponse> => {
    let principal: Principal | undefined;
    if (roles !== 'public') {
      const claims = event.requestContext?.authorizer?.jwt?.claims;
      principal = principalFromClaims(claims);
      if (!principal) throw new UnauthorizedError('请先登录（缺少或无效的身份令牌）');
      assertSecondFactor(principal, claims);
      appendLogContext({ tenantId: principal.tenantId ?? principal.regionCode, role: principal.role });
      if (!(roles as readonly string[]).includes(principal.role)) {
        throw new ForbiddenError('当前角色无权执行此操作');
      }
    }
    const params = spec.params
      ? parseOrThrow(spec.params, event.pathParameters ?? {}, '路径参数', spec.route)
      : (undefined as P);
    const query = spec.query
      ? parseOrThrow(spec.query, event.queryStringParameters ?? {}, '查询参数', spec.route)
      : (undefined as Q);
    const body = spec.body
      ? parseOrThrow(spec.body, readBody(event, spec.emptyBodyAllowed, spec.form), '提交内容', spec.route)
      : (undefined as B);
    const result = await fn({
      principal,
      body,
      query,
      params,
      headers: event.headers ?? {},
      requestId: event.requestContext?.requestId ?? '',
      sourceIp: event.requestContext?.http?.sourceIp ?? '',
      ...(spec.rawBody
        ? { rawBody: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8') }
        : {}),
    });
    // Least data by role (phone numbers masked for supervisors) is shaped here, for every route.
    if (result.contentType) {
      const text = typeof result.body === 'string' ? result.body : String(result.body ?? '');
      return {
        statusCode: result.status,
        headers: { 'content-type': result.contentType, ...result.headers },
        body: shapeText(principal, result.contentType, text),
      };
    }
    if (result.body === undefined) return { statusCode: result.status, headers: result.headers ?? {} };
    return json(result.status, shapeJson(principal, result.body), result.headers);
  };

  const wrapped = middy<HttpEvent, HttpResponse>({ timeoutEarlyInMillis: 0 })
    .use(logContext(spec.route))
    .use(errorMapper())
    // After the error mapper: a secret that cannot be read answers 500 in the error contract.
    .use({ before: () => runInvocationHooks() })
    .handler(core);

  return (event: HttpEvent, context: Context) => withLogContext({}, () => wrapped(event, context));
}
