/**
 * A small S3 client for the few operations the product uses — presigned PUT/GET URLs, PutObject,
 * GetObject, HeadObject, ListObjectsV2 — assembled from parts every bundle already carries for
 * DynamoDB: Smithy's SigV4 signer, the SDK's default credential chain and region loader, its
 * node HTTP handler and its partition table. `@aws-sdk/client-s3` would add ~135 KB to every
 * function that touches S3 (its operation schemas cannot be tree-shaken) and that much import
 * time to each cold start (issue 16).
 *
 * It does what the SDK does for these operations (test/adapters/s3.test.ts holds it against the
 * SDK as an oracle: same inputs, same clock → the same URL, headers and signature):
 *  - addressing: virtual-hosted `{bucket}.s3.{region}.{dnsSuffix}` when the bucket name is one
 *    DNS label, else path-style; the suffix from the SDK's partition table (`amazonaws.com`,
 *    `amazonaws.com.cn`, …); with an endpoint override (the local emulator) always path-style;
 *  - keys: each path segment URI-escaped once and signed as sent (S3 does not normalise paths);
 *  - requests: header-signed, the body's SHA-256 as `x-amz-content-sha256`;
 *  - presigned URLs: query-signed over `UNSIGNED-PAYLOAD` (the browser's bytes are checked by
 *    the headers the caller chooses to sign, e.g. `x-amz-checksum-sha256`);
 *  - retries: up to 3 attempts on throttling, 5xx and network errors, jittered exponential
 *    backoff; `RequestTimeTooSkewed` corrects the signing clock from S3's `Date` and retries;
 *  - errors: an `S3Error` named after S3's XML `<Code>` (NoSuchKey, NoSuchBucket, AccessDenied…),
 *    or after the status when the answer has no body (HEAD: 404 `NotFound`), with the SDK's
 *    `$fault` / `$metadata.httpStatusCode`, so `isServiceFault` maps a 5xx to 503 as before.
 * Not supported (nothing here needs them): FIPS and dual-stack endpoints, access points,
 * S3 Express, multipart, streaming bodies.
 */
import { isVirtualHostableS3Bucket, partition } from '@aws-sdk/core/client';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
import { buildQueryString, escapeUri, HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { systemClock } from './clock.ts';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface S3ClientOptions {
  /** Default: AWS_REGION / the shared config files, as the SDK resolves it. */
  region?: string;
  /** Default: the SDK's default credential chain (Lambda: the function role's env credentials). */
  credentials?: S3Credentials | (() => Promise<S3Credentials>);
  /** An emulator's origin (e.g. `http://127.0.0.1:4566`): path-style addressing. */
  endpoint?: string;
  maxAttempts?: number;
}

/** One S3 request: the object (or the bucket, without a key) and what goes with it. */
export interface S3Request {
  method: 'GET' | 'PUT' | 'HEAD';
  bucket: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

export interface S3Response {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** An error S3 answered (or none reached it); shaped like the SDK's service exceptions. */
export class S3Error extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  constructor(name: string, message: string, status: number, requestId?: string) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
  }
}

/** What S3 says when there is no body to say it in (HEAD), named as the SDK names it. */
const STATUS_NAMES: Record<number, string> = {
  301: 'PermanentRedirect',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
};
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
]);
const SKEW_CODES = new Set(['RequestTimeTooSkewed', 'RequestExpired']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of an XML element as S3 writes it (entities, numeric references). */
export function xmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (XML_ENTITIES[e.toLowerCase()] ?? _),
  );
}

/** Every `<tag>…</tag>` text in an XML document, in order. */
export function xmlValues(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(xmlText(m[1]!));
  return out;
}

/** `/a/b c` → `/a/b%20c`: every segment escaped once (the SDK's `{Key+}` label). */
function keyPath(key: string): string {
  return key
    .split('/')
    .map((segment) => escapeUri(segment))
    .join('/');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class S3Client {
  private readonly region: () => Promise<string>;
  private readonly credentials: () => Promise<S3Credentials>;
  private readonly endpoint: URL | undefined;
  private readonly maxAttempts: number;
  private readonly signer: SignatureV4;
  private http: NodeHttpHandler | undefined;
  /** S3's clock minus ours, learnt from a `RequestTimeTooSkewed` answer. */
  private clockOffsetMs = 0;

  constructor(options: S3ClientOptions = {}) {
    const { region, credentials, endpoint } = options;
    if (
      !endpoint &&
      (process.env.AWS_USE_FIPS_ENDPOINT === 'true' || process.env.AWS_USE_DUALSTACK_ENDPOINT === 'true')
    ) {
      throw new Error('shared/adapters/s3.ts supports neither FIPS nor dual-stack endpoints');
    }
    this.region = region
      ? async () => region
      : loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS);
    this.credentials =
      typeof credentials === 'function'
        ? credentials
        : credentials
          ? async () => credentials
          : defaultProvider();
    this.endpoint = endpoint ? new URL(endpoint) : undefined;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.signer = new SignatureV4({
      service: 's3',
      region: this.region,
      credentials: this.credentials,
      sha256: Sha256,
      // S3 signs the path as sent: no normalising, no second escaping.
      uriEscapePath: false,
    });
  }

  /** The unsigned request, addressed as the SDK addresses it. */
  async request(r: S3Request): Promise<HttpRequest> {
    const path = r.key === undefined ? '' : keyPath(r.key);
    let protocol: string;
    let hostname: string;
    let port: number | undefined;
    let fullPath: string;
    if (this.endpoint) {
      protocol = this.endpoint.protocol;
      hostname = this.endpoint.hostname;
      port = this.endpoint.port ? Number(this.endpoint.port) : undefined;
      fullPath = `${this.endpoint.pathname.replace(/\/$/, '')}/${escapeUri(r.bucket)}/${path}`;
    } else {
      const region = await this.region();
      const { dnsSuffix } = partition(region);
      protocol = 'https:';
      if (isVirtualHostableS3Bucket(r.bucket, false)) {
        hostname = `${r.bucket}.s3.${region}.${dnsSuffix}`;
        fullPath = `/${path}`;
      } else {
        hostname = `s3.${region}.${dnsSuffix}`;
        fullPath = `/${escapeUri(r.bucket)}/${path}`;
      }
    }
    const headers: Record<string, string> = {
      ...r.headers,
      host: port === undefined ? hostname : `${hostname}:${port}`,
    };
    if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
    return new HttpRequest({
      method: r.method,
      protocol,
      hostname,
      ...(port !== undefined ? { port } : {}),
      path: fullPath,
      query: { ...r.query },
      headers,
      ...(r.body !== undefined ? { body: r.body } : {}),
    });
  }

  /** The request signed in its headers, as it goes on the wire. */
  async sign(r: S3Request, signingDate?: Date): Promise<HttpRequest> {
    return (await this.signer.sign(await this.request(r), {
      signingDate: signingDate ?? new Date(systemClock.now().getTime() + this.clockOffsetMs),
    })) as HttpRequest;
  }

  /**
   * A URL that performs the request without credentials until `expiresIn` seconds after
   * `signingDate`. `signHeaders` names the request headers the URL holder must send exactly as
   * given; they stay headers (not hoisted into the query), so S3 checks them on the request.
   */
  async presign(
    r: S3Request,
    opts: { signingDate: Date; expiresIn: number; signHeaders?: readonly string[] },
  ): Promise<string> {
    const request = await this.request(r);
    // Hoisted into the query under this very name (its case is part of the canonical query).
    request.headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    const signHeaders = new Set(opts.signHeaders?.map((h) => h.toLowerCase()));
    const presigned = await this.signer.presign(request, {
      signingDate: opts.signingDate,
      expiresIn: opts.expiresIn,
      // Only `host` and what the caller names: the browser adds headers of its own.
      unsignableHeaders: new Set(
        Object.keys(request.headers)
          .map((h) => h.toLowerCase())
          .filter((h) => h !== 'host' && !signHeaders.has(h)),
      ),
      signableHeaders: signHeaders,
      unhoistableHeaders: signHeaders,
    });
    const port = presigned.port ? `:${presigned.port}` : '';
    return `${presigned.protocol}//${presigned.hostname}${port}${presigned.path}?${buildQueryString(presigned.query ?? {})}`;
  }

  /** Sends the request, retrying what a retry may cure; answers 2xx, throws S3Error otherwise. */
  async send(r: S3Request): Promise<S3Response> {
    this.http ??= new NodeHttpHandler();
    for (let attempt = 1; ; attempt++) {
      let retry: boolean;
      let failure: unknown;
      try {
        const { response } = await this.http.handle(await this.sign(r));
        const body = response.body ? await streamCollector(response.body) : new Uint8Array();
        const headers = response.headers as Record<string, string>;
        if (response.statusCode >= 200 && response.statusCode < 300) {
          return { status: response.statusCode, headers, body };
        }
        failure = errorOf(response.statusCode, headers, body);
        const name = (failure as S3Error).name;
        if (SKEW_CODES.has(name) && headers.date) {
          this.clockOffsetMs = Date.parse(headers.date) - systemClock.now().getTime();
        }
        retry =
          response.statusCode >= 500 ||
          response.statusCode === 429 ||
          RETRYABLE_CODES.has(name) ||
          (SKEW_CODES.has(name) && attempt === 1);
      } catch (error) {
        failure = error;
        const e = error as { code?: string; name?: string };
        retry = (e.code !== undefined && NETWORK_CODES.has(e.code)) || e.name === 'TimeoutError';
      }
      if (!retry || attempt >= this.maxAttempts) throw failure;
      await sleep(Math.random() * Math.min(20_000, 100 * 2 ** attempt));
    }
  }

  destroy(): void {
    this.http?.destroy();
    this.http = undefined;
  }
}

function errorOf(status: number, headers: Record<string, string>, body: Uint8Array): S3Error {
  const xml = Buffer.from(body).toString('utf8');
  const code = xmlValues(xml, 'Code')[0];
  const message = xmlValues(xml, 'Message')[0];
  const name = code ?? STATUS_NAMES[status] ?? (status >= 500 ? 'ServiceUnavailable' : 'UnknownError');
  return new S3Error(name, message ?? `S3 answered ${status}`, status, headers['x-amz-request-id']);
}
