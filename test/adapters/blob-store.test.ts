/**
 * The S3 adapter against fauxqs, and what its presigned URLs bind — checked on the URL itself,
 * because fauxqs verifies neither signatures nor expiry.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/emulators.ts';
import {
  contentDisposition,
  getObject,
  headObject,
  listKeys,
  presignGet,
  presignPut,
  putObject,
  putObjectHeaders,
  resetBlobStore,
  sha256Base64,
} from '../../shared/adapters/blob-store.ts';
import { ENV } from '../../shared/config.ts';

const BUCKET = `blob-test-${Date.now().toString(36)}`;
const bytes = Buffer.from('户口簿复印件 — scanned\n');

beforeAll(async () => {
  const endpoint = inject('sqsEndpoint'); // fauxqs serves S3 on the same port
  process.env[ENV.s3Endpoint] = endpoint;
  resetBlobStore();
  const s3 = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
});
afterAll(() => {
  resetBlobStore();
  delete process.env[ENV.s3Endpoint];
});

describe('presignPut', () => {
  it('signs content-type, content-length and x-amz-checksum-sha256 as headers, with the given expiry', async () => {
    // Prepare
    const sha = sha256Base64(bytes);
    // Act
    const signed = await presignPut({
      bucket: BUCKET,
      key: 'a/b/c',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256Base64: sha,
      expiresIn: 900,
    });
    // Assert
    const url = new URL(signed.url);
    expect(url.pathname).toBe(`/${BUCKET}/a/b/c`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    const signedHeaders = url.searchParams.get('X-Amz-SignedHeaders')?.split(';');
    expect(signedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'content-length', 'x-amz-checksum-sha256', 'host']),
    );
    // The checksum stays a header (S3 checks the body against it), not a query parameter.
    expect([...url.searchParams.keys()].map((k) => k.toLowerCase())).not.toContain('x-amz-checksum-sha256');
    expect([...url.searchParams.keys()].some((k) => /checksum-crc/i.test(k))).toBe(false);
    expect(signed.headers).toEqual({ 'content-type': 'application/pdf', 'x-amz-checksum-sha256': sha });
    const amzDate = url.searchParams.get('X-Amz-Date')!;
    const signedAt = Date.parse(
      amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    expect(signed.expiresAt.getTime() - signedAt).toBe(900_000);
  });

  it('the uploaded object reads back with its size and bytes', async () => {
    const signed = await presignPut({
      bucket: BUCKET,
      key: 'up/1',
      contentType: 'text/plain',
      size: bytes.length,
      sha256Base64: sha256Base64(bytes),
      expiresIn: 60,
    });
    const res = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: bytes });
    expect(res.status).toBe(200);
    expect(await headObject(BUCKET, 'up/1')).toMatchObject({ size: bytes.length, contentType: 'text/plain' });
    expect(Buffer.from((await getObject(BUCKET, 'up/1'))!.body)).toEqual(bytes);
  });
});

describe('presignGet', () => {
  it('offers the original Chinese file name per RFC 5987, with an ASCII fallback, for 5 minutes', async () => {
    const signed = await presignGet({
      bucket: BUCKET,
      key: 'up/1',
      expiresIn: 300,
      fileName: '户口簿 (复印件).pdf',
    });
    const url = new URL(signed.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    const disposition = url.searchParams.get('response-content-disposition')!;
    expect(disposition).toBe(
      `attachment; filename="___ (___).pdf"; filename*=UTF-8''${encodeURIComponent('户口簿')}%20%28${encodeURIComponent('复印件')}%29.pdf`,
    );
    const res = await fetch(signed.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it('contentDisposition keeps quotes and backslashes out of the fallback name', () => {
    expect(contentDisposition('a"b\\c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`,
    );
  });
});

describe('putObject', () => {
  it('asks for compliance-mode retention only where the bucket has Object Lock, and always sends the SHA-256', () => {
    // Prepare
    const retainUntil = new Date('2036-10-09T00:00:00Z');
    const args = { bucket: 'b', key: 'k', body: '{}', contentType: 'application/json', retainUntil };
    // Act
    const locked = putObjectHeaders(args, true);
    const local = putObjectHeaders(args, false);
    const unretained = putObjectHeaders({ ...args, retainUntil: undefined }, true);
    // Assert
    expect(locked).toEqual({
      'content-type': 'application/json',
      'x-amz-checksum-sha256': sha256Base64('{}'),
      'x-amz-object-lock-mode': 'COMPLIANCE',
      'x-amz-object-lock-retain-until-date': '2036-10-09T00:00:00Z',
    });
    expect(local).toEqual({
      'content-type': 'application/json',
      'x-amz-checksum-sha256': sha256Base64('{}'),
    });
    expect(unretained['x-amz-object-lock-mode']).toBeUndefined();
  });

  it('writes (without lock headers locally), lists by prefix and reads back; a missing key is undefined', async () => {
    await putObject({
      bucket: BUCKET,
      key: 'pkg/1/case.json',
      body: '{"a":1}',
      contentType: 'application/json',
      retainUntil: new Date('2036-01-01T00:00:00Z'),
    });
    await putObject({
      bucket: BUCKET,
      key: 'pkg/1/notice.html',
      body: '<p>告知</p>',
      contentType: 'text/html',
    });
    await putObject({ bucket: BUCKET, key: 'pkg/10/case.json', body: '{}', contentType: 'application/json' });
    expect(await listKeys(BUCKET, 'pkg/1/')).toEqual(['pkg/1/case.json', 'pkg/1/notice.html']);
    const read = await getObject(BUCKET, 'pkg/1/notice.html');
    expect(Buffer.from(read!.body).toString('utf8')).toBe('<p>告知</p>');
    expect(await getObject(BUCKET, 'pkg/1/none')).toBeUndefined();
    expect(await headObject(BUCKET, 'pkg/1/none')).toBeUndefined();
  });

  it('lists every key across pages, with the XML entities of odd key names decoded', async () => {
    // Prepare
    const names = ['page/a&b', 'page/<c>', 'page/d\'e"f', 'page/户口簿', 'page/z z'];
    for (const key of names) await putObject({ bucket: BUCKET, key, body: key, contentType: 'text/plain' });
    // Act: two keys a page, so three pages and two continuation tokens
    const keys = await listKeys(BUCKET, 'page/', 2);
    // Assert
    expect(keys).toEqual([...names].sort());
    expect(Buffer.from((await getObject(BUCKET, 'page/a&b'))!.body).toString('utf8')).toBe('page/a&b');
  });

  it('a missing bucket is thrown as S3 names it, not taken for a missing object', async () => {
    // Act
    const read = getObject(`${BUCKET}-none`, 'k');
    // Assert
    await expect(read).rejects.toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
  });
});
