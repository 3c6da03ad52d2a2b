/**
 * One webhook delivery attempt to a department (转办推送), signed per Standard Webhooks.
 *
 * The caller (the dispatch worker) owns everything around the attempt: it checks the URL with
 * `assertDeliverableUrl` right before calling, keeps `id` the same for every retry of one event,
 * passes the attempt's own `timestamp` (receivers refuse signatures older than 5 minutes, so a
 * retry is signed afresh), and asks `nextAttemptAt` when the outcome is `retry`.
 *
 * Outcomes: any 2xx → `delivered`; 410 Gone → `gone` (the receiver says "stop sending here");
 * anything else — another status, a redirect (never followed: it could lead past the URL
 * guard), a network error, a timeout — → `retry`. This function never throws for the
 * receiver's behaviour; it throws only for a programming error (no secret, a bad id).
 */
import { createHmac } from 'node:crypto';

export type WebhookOutcome = 'delivered' | 'gone' | 'retry';

export interface WebhookResult {
  outcome: WebhookOutcome;
  /** The HTTP status, when the receiver answered. */
  status?: number;
  /** From just before the request to the end of reading the answer, in milliseconds. */
  latencyMs: number;
  /** Why it was not delivered: status and the start of the body, or the network failure. */
  error?: string;
}

export interface WebhookRequest {
  url: string;
  /** `whsec_…` secrets; during rotation the old and the new one, each signs the message. */
  secrets: readonly string[];
  /** `webhook-id`: the event's id, the same on every retry so receivers can de-duplicate. */
  id: string;
  /** `webhook-timestamp`: when this attempt is made (from the clock). */
  timestamp: Date;
  /** The JSON body, exactly as signed. */
  payload: string;
  /** Abort the attempt after this long. Default 10 s. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export const WEBHOOK_USER_AGENT = 'bancheng-webhooks/1';
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a failing receiver's body is kept for the error text. */
const ERROR_BODY_BYTES = 2048;
const ERROR_TEXT_CHARS = 500;

/** The `webhook-signature` header: one `v1,<base64>` per secret, space-separated. */
export function webhookSignature(
  secrets: readonly string[],
  id: string,
  timestamp: Date,
  payload: string,
): string {
  if (secrets.length === 0) throw new TypeError('a webhook needs at least one signing secret');
  const signed = `${id}.${Math.floor(timestamp.getTime() / 1000)}.${payload}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', signingKey(secret)).update(signed, 'utf8').digest('base64')}`)
    .join(' ');
}

/**
 * The key of a `whsec_<base64>` secret, as the Standard Webhooks libraries read it (signed here
 * with node:crypto rather than the `standardwebhooks` package, which is kept for the tests'
 * verification). Strict base64: a mangled secret is a programming error, not a silent wrong key.
 */
function signingKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!b64 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw new TypeError('a webhook secret must be whsec_ followed by base64');
  return Buffer.from(b64, 'base64');
}

/** The headers of one attempt; exported so the local stack can show what a receiver gets. */
export function webhookHeaders(
  req: Pick<WebhookRequest, 'secrets' | 'id' | 'timestamp' | 'payload'>,
): Record<string, string> {
  // An id goes into a header and into the signed string `{id}.{timestamp}.{body}`.
  if (!/^[\w.:-]{1,200}$/.test(req.id)) throw new TypeError(`invalid webhook id: ${JSON.stringify(req.id)}`);
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': req.id,
    'webhook-timestamp': String(Math.floor(req.timestamp.getTime() / 1000)),
    'webhook-signature': webhookSignature(req.secrets, req.id, req.timestamp, req.payload),
  };
}

/** Makes one attempt; see the module comment for the outcomes. */
export async function sendWebhook(req: WebhookRequest): Promise<WebhookResult> {
  const headers = webhookHeaders(req);
  const timeoutMs = req.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const fetchImpl = req.fetchImpl ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetchImpl(req.url, {
      method: 'POST',
      headers,
      body: req.payload,
      redirect: 'manual',
      signal: controller.signal,
    });
    const { status } = response;
    if ((status >= 200 && status < 300) || status === 410) {
      await response.body?.cancel().catch(() => undefined);
      return { outcome: status === 410 ? 'gone' : 'delivered', status, latencyMs: elapsed() };
    }
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const to = location ? ` to ${location.slice(0, 200)}` : '';
      return {
        outcome: 'retry',
        status,
        latencyMs: elapsed(),
        error: `HTTP ${status}: redirect${to} not followed`,
      };
    }
    const body = await readSnippet(response);
    return {
      outcome: 'retry',
      status,
      latencyMs: elapsed(),
      error: body ? `HTTP ${status}: ${body}` : `HTTP ${status}`,
    };
  } catch (error) {
    const why = controller.signal.aborted ? `timed out after ${timeoutMs} ms` : networkError(error);
    return { outcome: 'retry', latencyMs: elapsed(), error: why };
  } finally {
    clearTimeout(timer);
  }
}

/** The first few KB of the body as one line of text; a body that breaks off mid-read is cut there. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // Timed out or reset while reading: keep what arrived.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES));
  return text.replace(/\s+/g, ' ').trim().slice(0, ERROR_TEXT_CHARS);
}

/** `fetch failed` says nothing; the cause (ECONNREFUSED, a TLS error…) does. */
function networkError(error: unknown): string {
  if (!(error instanceof Error)) return `network error: ${String(error)}`;
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `network error: ${code ? `${code} ` : ''}${cause.message}`.trim();
  }
  return `network error: ${error.message}`;
}
