/**
 * S3 (secondary adapter): one client per process, created on first use so a warm Lambda
 * reuses its connections. The client is our own small one (./s3.ts) — the SDK's S3 client
 * would weigh a third of each bundle that carries it. The local stack points it at fauxqs
 * (which also emulates S3) through S3_ENDPOINT, with path-style addressing and dummy
 * credentials — as queue.ts does for SQS.
 *
 * Two local differences, both keyed on S3_ENDPOINT being set:
 *  - fauxqs has no Object Lock, so `putObject` leaves out the retention headers there
 *    (deployed, the archive bucket is created with Object Lock and the headers are sent);
 *  - fauxqs checks neither presigned signatures nor expiry, so what a presigned URL binds
 *    (expiry, signed headers) is tested on the URL itself, and its signature against the SDK's
 *    presigner (test/adapters/s3.test.ts).
 */
import { createHash } from 'node:crypto';
import { ENV, requiredEnv } from '../config.ts';
import { clock } from './clock.ts';
import { S3Client, S3Error, type S3Request, xmlValues } from './s3.ts';

let client: S3Client | undefined;

function s3(): S3Client {
  if (!client) {
    const endpoint = process.env[ENV.s3Endpoint];
    client = new S3Client(
      endpoint
        ? {
            endpoint,
            region: process.env.AWS_REGION ?? 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : {},
    );
  }
  return client;
}

/** A presigned URL as the browser should use it (locally: through the front's same-origin proxy). */
function forBrowser(url: string): string {
  const endpoint = process.env[ENV.s3Endpoint];
  const publicEndpoint = process.env[ENV.s3PublicEndpoint];
  return endpoint && publicEndpoint && url.startsWith(endpoint)
    ? publicEndpoint + url.slice(endpoint.replace(/\/$/, '').length)
    : url;
}

/** Deployed buckets have Object Lock; the local emulator has none. */
function objectLockAvailable(): boolean {
  return !process.env[ENV.s3Endpoint];
}

/** The bucket for case attachments (materials received, uploaded by presigned PUT). */
export const attachmentBucket = (): string => requiredEnv(ENV.attachmentBucket);
/** The write-once archive bucket (Object Lock, compliance mode). */
export const archiveBucket = (): string => requiredEnv(ENV.archiveBucket);

/** Base64 of the SHA-256 digest, the form S3's `x-amz-checksum-sha256` takes. */
export function sha256Base64(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('base64');
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Signatures carry whole seconds (X-Amz-Date); so does the expiry we report. */
function signingNow(): Date {
  return new Date(Math.floor(clock.now().getTime() / 1000) * 1000);
}

export interface PresignedUpload {
  url: string;
  /** Headers the uploader must send exactly as given (they are part of the signature). */
  headers: { 'content-type': string; 'x-amz-checksum-sha256': string };
  expiresAt: Date;
}

/**
 * A URL to PUT one object. The signature covers content-type, content-length and
 * `x-amz-checksum-sha256` (kept as headers, not hoisted into the query), so S3 refuses a
 * different type, a different size, or bytes whose SHA-256 is not the one declared.
 */
export async function presignPut(input: {
  bucket: string;
  key: string;
  contentType: string;
  size: number;
  sha256Base64: string;
  expiresIn: number;
}): Promise<PresignedUpload> {
  const signingDate = signingNow();
  const url = await s3().presign(
    {
      method: 'PUT',
      bucket: input.bucket,
      key: input.key,
      query: { 'x-id': 'PutObject' },
      headers: {
        'content-type': input.contentType,
        'content-length': String(input.size),
        'x-amz-checksum-sha256': input.sha256Base64,
      },
    },
    {
      expiresIn: input.expiresIn,
      signingDate,
      signHeaders: ['content-type', 'content-length', 'x-amz-checksum-sha256'],
    },
  );
  return {
    url: forBrowser(url),
    headers: { 'content-type': input.contentType, 'x-amz-checksum-sha256': input.sha256Base64 },
    expiresAt: new Date(signingDate.getTime() + input.expiresIn * 1000),
  };
}

/**
 * `Content-Disposition: attachment` with the original name: an ASCII fallback for old
 * clients and the exact UTF-8 name per RFC 5987 / RFC 6266 (`filename*=UTF-8''…`), which
 * every current browser uses for Chinese names.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A URL to download one object under its original file name. */
export async function presignGet(input: {
  bucket: string;
  key: string;
  expiresIn: number;
  fileName: string;
  contentType?: string;
}): Promise<{ url: string; expiresAt: Date }> {
  const signingDate = signingNow();
  const url = await s3().presign(
    {
      method: 'GET',
      bucket: input.bucket,
      key: input.key,
      query: {
        'response-content-disposition': contentDisposition(input.fileName),
        ...(input.contentType ? { 'response-content-type': input.contentType } : {}),
        'x-id': 'GetObject',
      },
    },
    { expiresIn: input.expiresIn, signingDate },
  );
  return { url: forBrowser(url), expiresAt: new Date(signingDate.getTime() + input.expiresIn * 1000) };
}

export interface PutObjectArgs {
  bucket: string;
  key: string;
  body: Uint8Array | string;
  contentType: string;
  /** Keep the object unchangeable until then (Object Lock, compliance mode). */
  retainUntil?: Date;
}

/** `2036-10-09T00:00:00Z`: S3's date-time, whole seconds as the SDK writes them. */
function s3DateTime(d: Date): string {
  return d.toISOString().replace('.000Z', 'Z');
}

/**
 * The PutObject headers: always the body's SHA-256 (S3 refuses the write if the bytes arrive
 * different; Object Lock writes require a checksum anyway), and the compliance retention only
 * where the bucket has Object Lock.
 */
export function putObjectHeaders(args: PutObjectArgs, objectLock: boolean): Record<string, string> {
  return {
    'content-type': args.contentType,
    'x-amz-checksum-sha256': sha256Base64(args.body),
    ...(args.retainUntil && objectLock
      ? {
          'x-amz-object-lock-mode': 'COMPLIANCE',
          'x-amz-object-lock-retain-until-date': s3DateTime(args.retainUntil),
        }
      : {}),
  };
}

/** The requests this adapter sends, as S3's REST API spells them (x-id as the SDK adds it). */
export const s3Requests = {
  putObject: (args: PutObjectArgs, objectLock: boolean): S3Request => ({
    method: 'PUT',
    bucket: args.bucket,
    key: args.key,
    query: { 'x-id': 'PutObject' },
    headers: putObjectHeaders(args, objectLock),
    body: args.body,
  }),
  headObject: (bucket: string, key: string): S3Request => ({
    method: 'HEAD',
    bucket,
    key,
    headers: { 'x-amz-checksum-mode': 'ENABLED' },
  }),
  getObject: (bucket: string, key: string): S3Request => ({
    method: 'GET',
    bucket,
    key,
    query: { 'x-id': 'GetObject' },
  }),
  listObjectsV2: (bucket: string, prefix: string, token?: string, maxKeys?: number): S3Request => ({
    method: 'GET',
    bucket,
    query: {
      'list-type': '2',
      ...(token ? { 'continuation-token': token } : {}),
      ...(maxKeys ? { 'max-keys': String(maxKeys) } : {}),
      prefix,
    },
  }),
};

/** Writes one object; answers its version id where the bucket is versioned (Object Lock buckets are). */
export async function putObject(args: PutObjectArgs): Promise<{ versionId?: string }> {
  const out = await s3().send(s3Requests.putObject(args, objectLockAvailable()));
  const versionId = out.headers['x-amz-version-id'];
  return versionId ? { versionId } : {};
}

export interface ObjectHead {
  size: number;
  contentType?: string;
  /** Base64 SHA-256 as S3 keeps it; absent when the object was written without one (or by an emulator). */
  sha256Base64?: string;
}

/** No such key (GET) or 404 without a body (HEAD); a missing bucket is a configuration error and is thrown. */
function isMissing(error: unknown): boolean {
  return error instanceof S3Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}

/** The object's size, type and stored checksum; undefined when there is no such object. */
export async function headObject(bucket: string, key: string): Promise<ObjectHead | undefined> {
  try {
    const { headers } = await s3().send(s3Requests.headObject(bucket, key));
    const checksum = headers['x-amz-checksum-sha256'];
    return {
      size: Number(headers['content-length'] ?? 0),
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
      // A multipart object's checksum is a checksum of checksums (`…-N`), not the file's.
      ...(checksum && !checksum.includes('-') ? { sha256Base64: checksum } : {}),
    };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The object's bytes; undefined when there is no such object. */
export async function getObject(
  bucket: string,
  key: string,
): Promise<{ body: Uint8Array; contentType?: string } | undefined> {
  try {
    const out = await s3().send(s3Requests.getObject(bucket, key));
    const contentType = out.headers['content-type'];
    return { body: out.body, ...(contentType ? { contentType } : {}) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Every key under a prefix, in key order (`pageSize`: S3's 1,000 unless a test wants pages). */
export async function listKeys(bucket: string, prefix: string, pageSize?: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3().send(s3Requests.listObjectsV2(bucket, prefix, token, pageSize));
    const xml = Buffer.from(out.body).toString('utf8');
    // In ListObjectsV2's answer `<Key>` occurs only inside `<Contents>`, once each.
    keys.push(...xmlValues(xml, 'Key'));
    token =
      xmlValues(xml, 'IsTruncated')[0] === 'true' ? xmlValues(xml, 'NextContinuationToken')[0] : undefined;
  } while (token);
  return keys.sort();
}

/** The local stack and tests re-point the process at another endpoint. */
export function resetBlobStore(): void {
  client?.destroy();
  client = undefined;
}
