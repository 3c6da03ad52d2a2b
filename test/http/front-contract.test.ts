/**
 * What the gateway itself answers stays inside the error contract `{error:{code,message}}`:
 * malformed paths, unknown routes and methods, missing/expired tokens, oversized bodies — and
 * a database that does not answer is a retryable 503, never a 500.
 */
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as notFound } from '../../functions/http/not-found.ts';
import { resetDynamo } from '../../shared/adapters/dynamo.ts';
import { ENV } from '../../shared/config.ts';
import { errorResponse, type HttpEvent } from '../../shared/http/handler.ts';
import { setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, '510104001');
  staff = await stack.token({ role: 'staff', tenantId: '510104001' });
});
afterAll(() => stack.close());

function expectContract(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
}

describe('malformed percent-escapes in the path', () => {
  it.each([
    ['/docs/%C0%AF', undefined],
    ['/work-orders/x/actions/%', undefined],
    ['/cases/%E0%A4%A', 'staff'],
    ['/_local/inbox/%ZZ', undefined],
  ])('%s answers 400 invalid_request, with or without a token', async (path, who) => {
    const res = await stack.call('GET', path, who ? { token: staff } : {});
    expect(res.status).toBe(400);
    expectContract(res.body, 'invalid_request');
    expect(res.body.error.details).toEqual([{ field: '(path)', message: expect.any(String) }]);
  });

  it('an encoded slash stays inside its segment (a bad case id, not an unknown route)', async () => {
    const res = await stack.call('GET', '/cases/a%2Fb', { token: staff });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['caseId']);
  });
});

describe('unmatched routes and methods', () => {
  it('an unknown address is 404 not_found in the error contract', async () => {
    const res = await stack.call('GET', '/no-such-thing/here');
    expect(res.status).toBe(404);
    expectContract(res.body, 'not_found');
  });

  it('a known address with another method is 405 with Allow', async () => {
    const res = await stack.call('DELETE', '/cases', { token: staff });
    expect(res.status).toBe(405);
    expectContract(res.body, 'method_not_allowed');
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('an unknown /_local/ address is 404 in the contract too', async () => {
    const res = await stack.call('GET', '/_local/nothing');
    expect(res.status).toBe(404);
    expectContract(res.body, 'not_found');
  });
});

describe("the $default route's function in AWS", () => {
  const event = (method: string, rawPath: string) =>
    ({ rawPath, requestContext: { http: { method } } }) as unknown as HttpEvent;

  it.each([
    ['DELETE', '/cases', 405, 'method_not_allowed'],
    ['GET', '/nothing', 404, 'not_found'],
    ['GET', '/docs/%C0%AF', 400, 'invalid_request'],
  ])('%s %s answers %i %s, as the local front does', async (method, path, status, code) => {
    const res = await notFound(event(method, path));
    expect(res.statusCode).toBe(status);
    expectContract(JSON.parse(String(res.body)), code);
    const local = await stack.call(method, path);
    expect(local.status).toBe(status);
    expect(local.body.error.code).toBe(code);
  });
});

describe('tokens', () => {
  it('no token: 401 unauthorized with a hint where to get one, www-authenticate kept', async () => {
    const res = await stack.call('GET', '/cases');
    expect(res.status).toBe(401);
    expectContract(res.body, 'unauthorized');
    expect(res.body.error.hint).toContain('/_local/token');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('a garbled token: 401 unauthorized', async () => {
    const res = await stack.call('GET', '/cases', { token: `${staff.slice(0, -4)}AAAA` });
    expect(res.status).toBe(401);
    expectContract(res.body, 'unauthorized');
  });

  it('an expired token: 401 token_expired, 登录已过期', async () => {
    const shortLived = await stack.token({ role: 'staff', tenantId: '510104001', ttlSeconds: 60 });
    await stack.clock.advanceBy(120_000);
    const res = await stack.call('GET', '/cases', { token: shortLived });
    expect(res.status).toBe(401);
    expectContract(res.body, 'token_expired');
    expect(res.body.error.message).toBe('登录已过期，请重新登录');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('a body over the gateway limit', () => {
  it('answers 413 and the next request on the same keep-alive connection is served', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(stack.url);
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; text: string; localPort: number }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method,
            path,
            agent,
            headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                text: Buffer.concat(chunks).toString('utf8'),
                localPort: req.socket?.localPort ?? -1,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = await send('POST', '/cases', Buffer.alloc(11 * 1024 * 1024, 0x20));
      expect(big.status).toBe(413);
      expectContract(JSON.parse(big.text), 'payload_too_large');
      const next = await send('GET', '/health');
      expect(next.status).toBe(200);
      expect(next.localPort).toBe(big.localPort);
    } finally {
      agent.destroy();
    }
  });
});

describe('the database down', () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    return port;
  }

  it('answers 503 with Retry-After on a route and on /health, and recovers when it is back', async () => {
    const endpoint = process.env[ENV.dynamoEndpoint];
    process.env[ENV.dynamoEndpoint] = `http://127.0.0.1:${await closedPort()}`;
    resetDynamo();
    try {
      const list = await stack.call('GET', '/cases', { token: staff });
      expect(list.status).toBe(503);
      expectContract(list.body, 'service_unavailable');
      expect(Number(list.headers.get('retry-after'))).toBeGreaterThan(0);

      const health = await stack.call('GET', '/health');
      expect(health.status).toBe(503);
      expectContract(health.body, 'service_unavailable');
      expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      process.env[ENV.dynamoEndpoint] = endpoint;
      resetDynamo();
    }
    const health = await stack.call('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok' } });
  });
});

describe('service faults in the error mapper', () => {
  it.each([
    ['throttling', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    [
      'a 5xx from the service',
      Object.assign(new Error('boom'), {
        name: 'InternalFailure',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
    ],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ])('%s maps to 503 service_unavailable with Retry-After', (_, error) => {
    const res = errorResponse(error);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('5');
    expectContract(JSON.parse(String(res.body)), 'service_unavailable');
  });

  it('a programming error stays a 500 internal_error', () => {
    const res = errorResponse(new TypeError('x is undefined'));
    expect(res.statusCode).toBe(500);
    expectContract(JSON.parse(String(res.body)), 'internal_error');
  });
});
