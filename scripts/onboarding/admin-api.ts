/**
 * The admin API as an operator's script calls it: JSON over HTTP with a bearer token, retried
 * on 429 and 503 (API Gateway or Lambda throttling, a DynamoDB hiccup the API already answered
 * with Retry-After) with exponential backoff and jitter; every other status is the answer.
 * A retried PUT is safe: PUT /tenants/{id} and PUT …/departments/{id} set the same values again.
 */

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the caller reads the JSON of the route it called
  body: any;
}

export interface AdminApiOptions {
  baseUrl: string;
  token: string;
  /** Attempts after the first on 429/503 or a dropped connection (default 6). */
  retries?: number;
  /** First backoff in ms, doubled each time, ±50 % jitter (default 500). */
  baseDelayMs?: number;
}

const RETRIED = new Set([429, 503]);

/** 401/403: the token will not do for any request; the run stops instead of failing 3,000 times. */
export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

export class AdminApi {
  /** How many requests were retried (for the summary). */
  retried = 0;
  private readonly base: string;

  constructor(private readonly opts: AdminApiOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  async call(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<ApiResponse> {
    const retries = this.opts.retries ?? 6;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.opts.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        if (attempt >= retries) throw error;
        this.retried++;
        await sleep(this.delay(attempt));
        continue;
      }
      if (RETRIED.has(res.status) && attempt < retries) {
        await res.arrayBuffer();
        this.retried++;
        await sleep(this.delay(attempt, res.headers.get('retry-after')));
        continue;
      }
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      const answer = { status: res.status, body: parsed };
      if (res.status === 401 || res.status === 403) {
        throw new AccessDeniedError(
          `管理员令牌不被接受（${problemOf(answer)}）：请用 --token 提供有效的 admin 令牌（须为双因素登录所得）`,
        );
      }
      return answer;
    }
  }

  private delay(attempt: number, retryAfter?: string | null): number {
    const seconds = Number(retryAfter);
    if (retryAfter && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const base = (this.opts.baseDelayMs ?? 500) * 2 ** attempt;
    return base * (0.5 + Math.random());
  }
}

/** The error message of an API answer, as the API wrote it (Chinese), with its field details. */
export function problemOf(res: ApiResponse): string {
  const error = res.body?.error;
  if (!error) return `HTTP ${res.status}`;
  const details = Array.isArray(error.details)
    ? error.details.map((d: { field: string; message: string }) => `${d.field}：${d.message}`).join('；')
    : '';
  return `${res.status} ${error.message ?? error.code}${details ? `（${details}）` : ''}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run `fn` over `items` with at most `limit` at a time; results in input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
