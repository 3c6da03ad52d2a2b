/**
 * The one API client: paths and types generated from the served OpenAPI document
 * (`npm run gen:api` → schema.d.ts), the bearer token added to every call, a 401 handled once
 * (the session ends, "登录已过期"), and the error contract turned into an `ApiError` whose
 * details the forms show on their fields.
 */
import createClient from 'openapi-fetch';
import { bearerToken, sessionExpired } from '../composables/useSession.ts';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
/** An item of GET /work-orders: a summary, and on a handling unit's own list the whole order. */
export type ListedWorkOrder =
  paths['/work-orders']['get']['responses']['200']['content']['application/json']['items'][number];

export const api = createClient<paths>({ baseUrl: window.location.origin });

api.use({
  onRequest({ request }) {
    const token = bearerToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) sessionExpired();
    return response;
  },
});

export interface ErrorDetail {
  field: string;
  message: string;
}

/** An answer in the error contract: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } })?.error;
  if (status === 401) return new ApiError(401, 'unauthorized', '登录已过期，请重新登录');
  return new ApiError(
    status,
    error?.code ?? 'http_error',
    error?.message ?? `请求未成功（${status}），请稍后重试`,
    error?.details ?? [],
  );
}

/** The data of a call, or an `ApiError` thrown. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/**
 * A GET of a document or a file (printable forms, exports) with the token: the API's own paths,
 * not a JSON body, so the generated client's JSON handling is not wanted here.
 */
export async function fetchDocument(path: string, accept: string): Promise<Blob> {
  const token = bearerToken();
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  if (res.status === 401) sessionExpired();
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => undefined));
  return res.blob();
}
