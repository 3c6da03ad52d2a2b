/**
 * Our S3 client (shared/adapters/s3.ts) held against the AWS SDK as an oracle: the same inputs
 * and the same clock give the same presigned URL and the same signed request — byte for byte,
 * signature included — for the regions and partitions the product may run in. Then the failure
 * branches the emulator cannot produce (throttling, 5xx, a skewed clock, a refusal), on a local
 * HTTP server that answers as S3 does.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client as SdkS3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type PutObjectArgs,
  presignGet,
  presignPut,
  resetBlobStore,
  s3Requests,
} from '../../shared/adapters/blob-store.ts';
import { AdjustableClock, useClock } from '../../shared/adapters/clock.ts';
import { isServiceFault } from '../../shared/adapters/dynamo-errors.ts';
import { S3Client, S3Error, xmlText } from '../../shared/adapters/s3.ts';
import { ENV } from '../../shared/config.ts';

const NOW = new Date('2026-03-09T01:02:03Z');
const KEY_ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjE/session+token==';

const REGIONS = ['cn-north-1', 'cn-northwest-1', 'ap-east-1', 'us-east-1', 'eu-central-1', 'us-gov-west-1'];
const BUCKETS = ['bancheng-attachments-0a1b2c', 'bancheng.archive.example'];
const KEYS = ['t_1/case_2/att_3', "t_1/c 2/户口簿 (复印件)+~!*'.pdf"];

const ENV_NAMES = [
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  ENV.s3Endpoint,
  ENV.s3PublicEndpoint,
];
const savedEnv = Object.fromEntries(ENV_NAMES.map((n) => [n, process.env[n]]));

/** The process as Lambda runs it: the region and the role's credentials in the environment. */
function lambdaEnv(region: string, sessionToken: string | undefined): void {
  for (const n of ENV_NAMES) delete process.env[n];
  process.env.AWS_REGION = region;
  process.env.AWS_ACCESS_KEY_ID = KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = SECRET;
  if (sessionToken) process.env.AWS_SESSION_TOKEN = sessionToken;
  resetBlobStore();
}

function sdk(region: string, sessionToken?: string, extra: Record<string, unknown> = {}): SdkS3Client {
  return new SdkS3Client({
    region,
    credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET, ...(sessionToken ? { sessionToken } : {}) },
    // As blob-store.ts configured the SDK before: no checksum of the SDK's own.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...extra,
  });
}

let restoreClock: ReturnType<typeof useClock>;
beforeEach(() => {
  restoreClock = useClock(new AdjustableClock({ frozenAt: NOW }));
});
afterEach(() => {
  useClock(restoreClock);
  vi.useRealTimers();
});
afterAll(() => {
  for (const n of ENV_NAMES) {
    if (savedEnv[n] === undefined) delete process.env[n];
    else process.env[n] = savedEnv[n];
  }
  resetBlobStore();
});

describe('presigned URLs are the SDK presigner’s, signature included', () => {
  const cases = REGIONS.flatMap((region) =>
    BUCKETS.flatMap((bucket) =>
      KEYS.map((key, i) => ({ region, bucket, key, sessionToken: i === 0 ? TOKEN : undefined })),
    ),
  );

  it.each(cases)('PUT $region $bucket $key', async ({ region, bucket, key, sessionToken }) => {
    // Prepare
    lambdaEnv(region, sessionToken);
    const sha = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';
    const oracle = await getSignedUrl(
      sdk(region, sessionToken),
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: 'application/pdf',
        ContentLength: 1234,
        ChecksumSHA256: sha,
      }),
      {
        expiresIn: 900,
        signingDate: NOW,
        signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    // Act
    const ours = await presignPut({
      bucket,
      key,
      contentType: 'application/pdf',
      size: 1234,
      sha256Base64: sha,
      expiresIn: 900,
    });
    // Assert
    expect(ours.url).toBe(oracle);
    expect(ours.expiresAt).toEqual(new Date(NOW.getTime() + 900_000));
  });

  it.each(cases)('GET $region $bucket $key', async ({ region, bucket, key, sessionToken }) => {
    // Prepare
    lambdaEnv(region, sessionToken);
    const oracle = await getSignedUrl(
      sdk(region, sessionToken),
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="___.pdf"; filename*=UTF-8''%E6%88%B7%E5%8F%A3%E7%B0%BF.pdf`,
        ResponseContentType: 'application/pdf',
      }),
      { expiresIn: 300, signingDate: NOW },
    );
    // Act
    const ours = await presignGet({
      bucket,
      key,
      expiresIn: 300,
      fileName: '户口簿.pdf',
      contentType: 'application/pdf',
    });
    // Assert
    expect(ours.url).toBe(oracle);
  });

  it('the China regions sign for amazonaws.com.cn, virtual-hosted, in their own region', async () => {
    // Prepare
    lambdaEnv('cn-northwest-1', undefined);
    // Act
    const url = new URL(
      (await presignGet({ bucket: BUCKETS[0]!, key: 'k', expiresIn: 60, fileName: 'a' })).url,
    );
    // Assert
    expect(url.host).toBe(`${BUCKETS[0]}.s3.cn-northwest-1.amazonaws.com.cn`);
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      `${KEY_ID}/20260309/cn-northwest-1/s3/aws4_request`,
    );
  });

  it('against the local emulator: path-style on its endpoint, as the SDK with forcePathStyle', async () => {
    // Prepare
    lambdaEnv('us-east-1', undefined);
    process.env[ENV.s3Endpoint] = 'http://127.0.0.1:4566';
    resetBlobStore();
    const local = new SdkS3Client({
      endpoint: 'http://127.0.0.1:4566',
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const oracle = await getSignedUrl(
      local,
      new GetObjectCommand({
        Bucket: 'attachments',
        Key: KEYS[1],
        ResponseContentDisposition: `attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`,
      }),
      { expiresIn: 300, signingDate: NOW },
    );
    // Act
    const ours = await presignGet({
      bucket: 'attachments',
      key: KEYS[1]!,
      expiresIn: 300,
      fileName: 'a.pdf',
    });
    // Assert
    expect(ours.url).toBe(oracle);
  });
});

describe('signed requests are the SDK’s, signature included', () => {
  /** What the SDK would put on the wire, without its telemetry headers (as its presigner drops them). */
  async function sdkRequest(region: string, command: unknown) {
    type Captured = {
      method: string;
      hostname: string;
      path: string;
      query: unknown;
      headers: Record<string, string>;
    };
    let captured: Captured | undefined;
    const client = sdk(region, TOKEN, {
      maxAttempts: 1,
      requestHandler: {
        handle: async (request: Captured) => {
          captured = request;
          throw new Error('captured');
        },
      },
    });
    const dropTelemetry = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      const { headers } = (args as { request: { headers: Record<string, string> } }).request;
      for (const h of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']) delete headers[h];
      return next(args);
    };
    client.middlewareStack.addRelativeTo(dropTelemetry as never, {
      name: 'dropTelemetry',
      relation: 'before',
      toMiddleware: 'awsAuthMiddleware',
      override: true,
    });
    await client.send(command as never).catch(() => undefined);
    const { 'user-agent': _ua, ...headers } = captured!.headers;
    return {
      method: captured!.method,
      hostname: captured!.hostname,
      path: captured!.path,
      query: captured!.query,
      headers,
    };
  }

  async function ourRequest(client: S3Client, request: ReturnType<typeof s3Requests.getObject>) {
    const signed = await client.sign(request);
    return {
      method: signed.method,
      hostname: signed.hostname,
      path: signed.path,
      query: signed.query,
      headers: signed.headers,
    };
  }

  const retainUntil = new Date('2036-10-09T00:00:00.250Z');
  const put: PutObjectArgs = {
    bucket: BUCKETS[0]!,
    key: KEYS[1]!,
    body: '{"案件":"川办2026-0001"}',
    contentType: 'application/json',
    retainUntil,
  };

  it.each(['cn-north-1', 'ap-east-1', 'us-east-1'])(
    'PutObject with checksum and compliance retention, HeadObject, GetObject, ListObjectsV2 in %s',
    async (region) => {
      // Prepare: the same second on both sides
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW);
      const ours = new S3Client({
        region,
        credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: TOKEN },
      });
      const { createHash } = await import('node:crypto');
      const sha = createHash('sha256').update(put.body).digest('base64');
      for (const bucket of BUCKETS) {
        // Act
        const pairs = [
          [
            await ourRequest(ours, s3Requests.putObject({ ...put, bucket }, true)),
            await sdkRequest(
              region,
              new PutObjectCommand({
                Bucket: bucket,
                Key: put.key,
                Body: put.body as string,
                ContentType: put.contentType,
                ChecksumSHA256: sha,
                ObjectLockMode: 'COMPLIANCE',
                ObjectLockRetainUntilDate: retainUntil,
              }),
            ),
          ],
          [
            await ourRequest(ours, s3Requests.headObject(bucket, put.key)),
            await sdkRequest(
              region,
              new HeadObjectCommand({ Bucket: bucket, Key: put.key, ChecksumMode: 'ENABLED' }),
            ),
          ],
          [
            await ourRequest(ours, s3Requests.getObject(bucket, put.key)),
            await sdkRequest(region, new GetObjectCommand({ Bucket: bucket, Key: put.key })),
          ],
          [
            await ourRequest(ours, s3Requests.listObjectsV2(bucket, 't_1/c 2/', 'MS0tMQ==+/', 2)),
            await sdkRequest(
              region,
              new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: 't_1/c 2/',
                ContinuationToken: 'MS0tMQ==+/',
                MaxKeys: 2,
              }),
            ),
          ],
        ];
        // Assert
        for (const [mine, oracle] of pairs) expect(mine).toEqual(oracle);
      }
    },
  );
});

describe('failures S3 answers', () => {
  let server: Server;
  let endpoint: string;
  let answer: (
    req: IncomingMessage,
    n: number,
  ) => { status: number; body?: string; headers?: Record<string, string> };
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const a = answer(req, seen.length);
      res.writeHead(a.status, { 'content-type': 'application/xml', ...a.headers });
      res.end(req.method === 'HEAD' ? undefined : a.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const client = () =>
    new S3Client({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const xmlError = (code: string, message = 'm') =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r1</RequestId></Error>`;

  it('retries throttling until S3 answers, at most three attempts', async () => {
    // Prepare
    answer = (_req, n) => (n < 3 ? { status: 503, body: xmlError('SlowDown') } : { status: 200, body: 'ok' });
    // Act
    const out = await client().send({ method: 'GET', bucket: 'b', key: 'k' });
    // Assert
    expect(seen).toHaveLength(3);
    expect(Buffer.from(out.body).toString()).toBe('ok');
  });

  it('a lasting 5xx is an S3Error the HTTP layer maps to 503 (a service fault)', async () => {
    // Prepare
    answer = () => ({ status: 500, body: xmlError('InternalError', 'We encountered an internal error.') });
    // Act
    const error = await client()
      .send({ method: 'PUT', bucket: 'b', key: 'k', body: 'x' })
      .catch((e: unknown) => e);
    // Assert
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(S3Error);
    expect(error).toMatchObject({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    expect(isServiceFault(error)).toBe(true);
  });

  it('a refusal is thrown at once, named by its XML code, and is no service fault', async () => {
    // Prepare
    answer = () => ({ status: 403, body: xmlError('AccessDenied', 'Access &amp; denied') });
    // Act
    const error = await client()
      .send({ method: 'GET', bucket: 'b', key: 'k' })
      .catch((e: unknown) => e);
    // Assert
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ name: 'AccessDenied', message: 'Access & denied', $fault: 'client' });
    expect(isServiceFault(error)).toBe(false);
  });

  it('a HEAD without a body is named after its status, as the SDK names it', async () => {
    // Prepare
    answer = () => ({ status: 404 });
    // Act
    const error = await client()
      .send({ method: 'HEAD', bucket: 'b', key: 'k' })
      .catch((e: unknown) => e);
    // Assert
    expect(error).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('a clock S3 finds skewed is corrected from its Date header and the request signed again', async () => {
    // Prepare: S3's clock two hours ahead of ours
    const theirs = new Date(Date.now() + 2 * 3600_000);
    answer = (req) => {
      const amzDate = String(req.headers['x-amz-date']);
      const signedAt = Date.parse(
        amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      );
      return Math.abs(signedAt - theirs.getTime()) > 15 * 60_000
        ? { status: 403, body: xmlError('RequestTimeTooSkewed'), headers: { date: theirs.toUTCString() } }
        : { status: 200, body: 'ok' };
    };
    // Act
    const out = await client().send({ method: 'GET', bucket: 'b', key: 'k' });
    // Assert
    expect(seen).toHaveLength(2);
    expect(out.status).toBe(200);
  });
});

describe('xmlText', () => {
  it('decodes the named entities and numeric references S3 writes in keys', () => {
    expect(xmlText('a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#13;&#x4e2d;')).toBe(
      `a&b <c> "d" 'e' \r中`,
    );
  });
});
