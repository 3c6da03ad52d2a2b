/**
 * S3 (secondary adapter): one client per process, created on first use so a warm Lambda
 * reuses its connections. The local stack points it at fauxqs (which also emulates S3)
 * through S3_ENDPOINT, with path-style addressing and dummy credentials — as queue.ts does
 * for SQS.
 *
 * Two local differences, both keyed on S3_ENDPOINT being set:
 *  - fauxqs has no Object Lock, so `putObject` leaves out the retention headers there
 *    (deployed, the archive bucket is created with Object Lock and the headers are sent);
 *  - fauxqs checks neither presigned signatures nor expiry, so what a presigned URL binds
 *    (expiry, signed headers) is tested on the URL itself.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ENV, requiredEnv } from '../config.ts';
import { clock } from './clock.ts';

let client: S3Client | undefined;

function s3(): S3Client {
  if (!client) {
    const endpoint = process.env[ENV.s3Endpoint];
    client = new S3Client({
      // The SDK would otherwise add a CRC32 checksum of its own to every PUT, and to presigned
      // URLs a checksum of an empty body; we send the SHA-256 we mean S3 to check, and no other.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(endpoint
        ? {
            endpoint,
            forcePathStyle: true,
            region: process.env.AWS_REGION ?? 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : {}),
    });
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
  const url = await getSignedUrl(
    s3(),
    new PutObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      ContentType: input.contentType,
      ContentLength: input.size,
      ChecksumSHA256: input.sha256Base64,
    }),
    {
      expiresIn: input.expiresIn,
      signingDate,
      signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
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
  const url = await getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      ResponseContentDisposition: contentDisposition(input.fileName),
      ...(input.contentType ? { ResponseContentType: input.contentType } : {}),
    }),
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

/**
 * The PutObject request: always with the body's SHA-256 (S3 refuses the write if the bytes
 * arrive different; Object Lock writes require a checksum anyway), and with the compliance
 * retention only where the bucket has Object Lock.
 */
export function putObjectInput(args: PutObjectArgs, objectLock: boolean): PutObjectCommandInput {
  return {
    Bucket: args.bucket,
    Key: args.key,
    Body: args.body,
    ContentType: args.contentType,
    ChecksumSHA256: sha256Base64(args.body),
    ...(args.retainUntil && objectLock
      ? { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: args.retainUntil }
      : {}),
  };
}

/** Writes one object; answers its version id where the bucket is versioned (Object Lock buckets are). */
export async function putObject(args: PutObjectArgs): Promise<{ versionId?: string }> {
  const out = await s3().send(new PutObjectCommand(putObjectInput(args, objectLockAvailable())));
  return out.VersionId ? { versionId: out.VersionId } : {};
}

export interface ObjectHead {
  size: number;
  contentType?: string;
  /** Base64 SHA-256 as S3 keeps it; absent when the object was written without one (or by an emulator). */
  sha256Base64?: string;
}

/** No such key (GET) or 404 without a body (HEAD); a missing bucket is a configuration error and is thrown. */
function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
  );
}

/** The object's size, type and stored checksum; undefined when there is no such object. */
export async function headObject(bucket: string, key: string): Promise<ObjectHead | undefined> {
  try {
    const out = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    return {
      size: out.ContentLength ?? 0,
      ...(out.ContentType ? { contentType: out.ContentType } : {}),
      // A multipart object's checksum is a checksum of checksums (`…-N`), not the file's.
      ...(out.ChecksumSHA256 && !out.ChecksumSHA256.includes('-')
        ? { sha256Base64: out.ChecksumSHA256 }
        : {}),
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
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    return { body, ...(out.ContentType ? { contentType: out.ContentType } : {}) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Every key under a prefix, in key order. */
export async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** The local stack and tests re-point the process at another endpoint. */
export function resetBlobStore(): void {
  client?.destroy();
  client = undefined;
}
