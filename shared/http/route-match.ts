/**
 * Matching a request path against the route table, written once: the local front routes with
 * it, and the `$default` route's function in AWS uses it to tell a wrong method (405) from an
 * unknown address (404). Paths are decoded segment by segment, so `%2F` inside an id never
 * splits a segment and a malformed escape (`%C0%AF`, `%`) is a 400, not a crash.
 */
import type { Method, Route } from './route-types.ts';
import { routes } from './routes.ts';

interface CompiledRoute {
  route: Route;
  /** A literal segment, or `{ param }` for a `{name}` placeholder. */
  segments: Array<string | { param: string }>;
}

const compiled: CompiledRoute[] = routes.map((route) => ({
  route,
  segments: route.path.split('/').map((s) => {
    const param = /^\{(\w+)\}$/.exec(s)?.[1];
    return param ? { param } : s;
  }),
}));

/** The path's decoded segments (leading empty one included), or undefined for a malformed escape. */
export function decodePath(rawPath: string): string[] | undefined {
  try {
    return rawPath.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function matchSegments(c: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  if (c.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, want] of c.segments.entries()) {
    const got = segments[i] ?? '';
    if (typeof want === 'string') {
      if (want !== got) return undefined;
    } else {
      if (got === '') return undefined;
      params[want.param] = got;
    }
  }
  return params;
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  /** The path exists with other methods (405 with `Allow`), or not at all (`allow` empty: 404). */
  | { kind: 'unmatched'; allow: Method[] };

export function matchRoute(method: string, segments: readonly string[]): RouteMatch {
  const allow = new Set<Method>();
  for (const c of compiled) {
    const params = matchSegments(c, segments);
    if (!params) continue;
    if (c.route.method === method) return { kind: 'route', route: c.route, params };
    allow.add(c.route.method);
  }
  return { kind: 'unmatched', allow: [...allow] };
}

export interface ContractResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: string; message: string; details?: Array<{ field: string; message: string }> } };
}

/** 404 for an unknown address, 405 (with `Allow`) for a known one with another method. */
export function unmatchedResponse(method: string, allow: readonly Method[]): ContractResponse {
  if (allow.length > 0) {
    return {
      status: 405,
      headers: { allow: allow.join(', ') },
      body: {
        error: {
          code: 'method_not_allowed',
          message: `此地址不支持 ${method} 请求，可用：${allow.join('、')}`,
        },
      },
    };
  }
  return {
    status: 404,
    headers: {},
    body: { error: { code: 'not_found', message: '没有这个接口地址，请对照接口文档（/docs）' } },
  };
}

export function malformedPathResponse(): ContractResponse {
  return {
    status: 400,
    headers: {},
    body: {
      error: {
        code: 'invalid_request',
        message: '请求地址有误',
        details: [{ field: '(path)', message: '地址中有无效的百分号编码（如 %C0%AF 或单独的 %）' }],
      },
    },
  };
}
