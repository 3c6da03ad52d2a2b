/**
 * One AWS JSON-protocol call (`X-Amz-Target`, `application/x-amz-json-1.1`), signed with
 * SigV4 by the SDK's own signer and credentials chain — the pieces every bundle already carries
 * for DynamoDB — instead of a whole service client: the Secrets Manager client plus Powertools
 * parameters cost ≈31 KB of minified code in each function that reads a secret, for one call.
 *
 * Endpoint as the SDK finds it: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the
 * region's public endpoint (`amazonaws.com.cn` in the China regions). Throttling, 5xx and
 * network failures are tried again (3 attempts in all, as the SDK's standard retry mode);
 * any other error answer fails at once with AWS's error type and message.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

export class AwsCallError extends Error {
  constructor(
    message: string,
    /** AWS's error type, e.g. `ResourceNotFoundException`. */
    readonly type: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }
}

let credentials: ReturnType<typeof defaultProvider> | undefined;

const RETRYABLE_TYPES =
  /Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|InternalServiceError/;

export interface AwsJsonCall {
  /** The signing name, e.g. `secretsmanager`. */
  service: string;
  /** The endpoint's service id in `AWS_ENDPOINT_URL_<ID>`, e.g. `SECRETS_MANAGER`. */
  endpointId: string;
  /** `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`. */
  target: string;
  input: unknown;
  env?: NodeJS.ProcessEnv;
  /** The protocol's version: `1.1` (Secrets Manager, the default) or `1.0` (DynamoDB, its streams). */
  jsonVersion?: '1.0' | '1.1';
  /** Fixed credentials instead of the default chain (the local emulators). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

function endpointFor(call: AwsJsonCall, region: string): URL {
  const env = call.env ?? process.env;
  const configured = env[`AWS_ENDPOINT_URL_${call.endpointId}`] ?? env['AWS_ENDPOINT_URL'];
  if (configured) return new URL(configured);
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://${call.service}.${region}.${suffix}`);
}

export async function awsJsonCall<T>(call: AwsJsonCall): Promise<T> {
  const env = call.env ?? process.env;
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (!region) throw new Error('missing required environment variable AWS_REGION');
  const url = endpointFor(call, region);
  credentials ??= defaultProvider();
  const signer = new SignatureV4({
    service: call.service,
    region,
    credentials: call.credentials ?? credentials,
    sha256: Sha256,
  });
  const body = JSON.stringify(call.input);
  let lastError: Error = new Error('no attempt made');
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * Math.random()));
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': `application/x-amz-json-${call.jsonVersion ?? '1.1'}`,
        'x-amz-target': call.target,
      },
      body,
    });
    let res: Response;
    try {
      // fetch sets Host from the URL itself (the same value that was signed).
      const { host: _host, ...headers } = signed.headers;
      res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      lastError = error as Error;
      continue;
    }
    const text = await res.text();
    if (res.ok) return (text ? JSON.parse(text) : {}) as T;
    const parsed = safeJson(text);
    const type = String(parsed['__type'] ?? res.headers.get('x-amzn-errortype') ?? `HTTP ${res.status}`)
      .split('#')
      .pop()!
      .split(':')[0]!;
    const message = String(parsed['message'] ?? parsed['Message'] ?? text.slice(0, 200));
    lastError = new AwsCallError(`${call.target}: ${type}: ${message}`, type, res.status);
    if (res.status < 500 && !RETRYABLE_TYPES.test(type)) throw lastError;
  }
  throw lastError;
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
