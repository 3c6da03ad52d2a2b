import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/adapters/clock.ts';
import { newWebhookSecret } from '../../shared/adapters/ids.ts';
import { sendWebhook, WEBHOOK_USER_AGENT, webhookSignature } from '../../shared/adapters/webhook-sender.ts';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A department's receiver on 127.0.0.1. Each path is one behaviour:
 * `/verify/<n>` checks the signature with secret n of `secrets` (204, or 401 when it fails),
 * `/status/<code>` answers with that status, `/silent` never answers, `/redirect` answers 302.
 */
class Receiver {
  readonly received: Received[] = [];
  readonly secrets: string[] = [];
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const path = req.url ?? '/';
    this.received.push({ path, headers, body: Buffer.concat(chunks).toString('utf8') });

    const verify = /^\/verify\/(\d+)$/.exec(path);
    if (verify) {
      try {
        new Webhook(this.secrets[Number(verify[1])]!).verify(Buffer.concat(chunks).toString('utf8'), headers);
        res.writeHead(204).end();
      } catch (error) {
        res
          .writeHead(401, { 'content-type': 'text/plain' })
          .end(`signature rejected: ${(error as Error).message}`);
      }
      return;
    }
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) {
      res.writeHead(Number(status[1]), { 'content-type': 'text/plain; charset=utf-8' });
      res.end(Number(status[1]) === 500 ? `数据库连接失败\n${'x'.repeat(10_000)}` : '');
      return;
    }
    if (path === '/silent') return; // never answers
    if (path === '/redirect') {
      res.writeHead(302, { location: `${this.url}/elsewhere` }).end();
      return;
    }
    res.writeHead(200).end('reached');
  }
}

const payload = JSON.stringify({
  type: 'work_order.assigned',
  data: {
    workOrder: { id: 'wo-01J9Z8M0XP', number: '510104001-2026-00042-1' },
    dueAt: '2026-10-13T17:30:00+08:00',
  },
});

describe('webhook delivery to a department', () => {
  const receiver = new Receiver();
  const secret = newWebhookSecret();
  const oldSecret = newWebhookSecret();
  const wrongSecret = newWebhookSecret();

  beforeAll(async () => {
    receiver.secrets.push(secret, oldSecret, wrongSecret);
    await receiver.start();
  });
  afterAll(() => receiver.stop());

  /** One attempt, signed now (receivers refuse timestamps more than 5 minutes off). */
  const send = (path: string, opts: { secrets?: string[]; id?: string; timeoutMs?: number } = {}) =>
    sendWebhook({
      url: `${receiver.url}${path}`,
      secrets: opts.secrets ?? [secret],
      id: opts.id ?? 'msg_wo-01J9Z8M0XP_assigned',
      timestamp: systemClock.now(),
      payload,
      timeoutMs: opts.timeoutMs ?? 5000,
    });

  it('the receiver verifies the signature with the department secret, and it is delivered', async () => {
    // Act
    const result = await send('/verify/0');

    // Assert
    expect(result).toEqual({ outcome: 'delivered', status: 204, latencyMs: expect.any(Number) });
    const request = receiver.received.at(-1)!;
    expect(request.body).toBe(payload);
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'webhook-id': 'msg_wo-01J9Z8M0XP_assigned',
      'webhook-timestamp': expect.stringMatching(/^\d{10}$/),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
  });

  it('a receiver holding another secret rejects the signature, and the attempt is retried', async () => {
    const result = await send('/verify/2');

    expect(result.outcome).toBe('retry');
    expect(result.status).toBe(401);
    expect(result.error).toContain('signature rejected');
    expect(() => new Webhook(wrongSecret).verify(payload, receiver.received.at(-1)!.headers)).toThrow();
  });

  it('during rotation the message carries both signatures, so old and new receivers verify it', async () => {
    const toNew = await send('/verify/0', { secrets: [secret, oldSecret] });
    const toOld = await send('/verify/1', { secrets: [secret, oldSecret] });
    const toWrong = await send('/verify/2', { secrets: [secret, oldSecret] });

    expect(toNew.outcome).toBe('delivered');
    expect(toOld.outcome).toBe('delivered');
    expect(toWrong.outcome).toBe('retry');
    expect(receiver.received.at(-1)!.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
  });

  it.each([
    [200, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [410, 'gone'],
    [400, 'retry'],
    [404, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ] as const)('status %i → %s', async (status, outcome) => {
    const result = await send(`/status/${status}`);

    expect(result.outcome).toBe(outcome);
    expect(result.status).toBe(status);
  });

  it('a 500 is retried, with the start of the body (not all of it) as the error', async () => {
    const result = await send('/status/500');

    expect(result.outcome).toBe('retry');
    expect(result.error).toMatch(/^HTTP 500: 数据库连接失败 x+$/);
    expect(result.error!.length).toBeLessThanOrEqual(520);
  });

  it('a receiver that never answers is retried after the timeout', async () => {
    const result = await send('/silent', { timeoutMs: 200 });

    expect(result.outcome).toBe('retry');
    expect(result.status).toBeUndefined();
    expect(result.error).toBe('timed out after 200 ms');
    expect(result.latencyMs).toBeGreaterThanOrEqual(190);
    expect(result.latencyMs).toBeLessThan(3000);
  });

  it('a redirect is not followed: retried with a clear error', async () => {
    receiver.received.length = 0;

    const result = await send('/redirect');

    expect(result.outcome).toBe('retry');
    expect(result.status).toBe(302);
    expect(result.error).toBe(`HTTP 302: redirect to ${receiver.url}/elsewhere not followed`);
    expect(receiver.received.map((r) => r.path)).toEqual(['/redirect']);
  });

  it('a refused connection is retried, naming the network error', async () => {
    // Prepare: a port that was just free.
    const closed = new Receiver();
    await closed.start();
    const url = closed.url;
    await closed.stop();

    const result = await sendWebhook({
      url,
      secrets: [secret],
      id: 'msg_1',
      timestamp: systemClock.now(),
      payload,
    });

    expect(result.outcome).toBe('retry');
    expect(result.error).toMatch(/^network error: ECONNREFUSED/);
  });

  it('sends the same webhook-id when the same event is sent twice, so the receiver can de-duplicate', async () => {
    receiver.received.length = 0;

    await send('/status/500', { id: 'msg_wo-01J9Z8M0XP_assigned' });
    await send('/verify/0', { id: 'msg_wo-01J9Z8M0XP_assigned' });

    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toEqual(['msg_wo-01J9Z8M0XP_assigned', 'msg_wo-01J9Z8M0XP_assigned']);
  });

  it('refuses to send without a secret or with an id that cannot go in a header', async () => {
    await expect(send('/verify/0', { secrets: [] })).rejects.toThrow(TypeError);
    await expect(send('/verify/0', { id: 'a\r\nx-injected: 1' })).rejects.toThrow(TypeError);
  });
});

describe('the webhook-signature header', () => {
  it('is, secret by secret, what the Standard Webhooks library signs', () => {
    // Prepare
    const secrets = [newWebhookSecret(), newWebhookSecret()];
    const at = new Date('2026-10-09T02:20:00.750Z');
    const payload = JSON.stringify({ type: 'work_order.assigned', data: { 承办单位: '锦江区社保局' } });

    // Act
    const header = webhookSignature(secrets, 'msg_wo-1_assigned', at, payload);

    // Assert
    expect(header).toBe(secrets.map((s) => new Webhook(s).sign('msg_wo-1_assigned', at, payload)).join(' '));
  });

  it('refuses a secret that is not whsec_ and base64', () => {
    expect(() => webhookSignature(['whsec_not base64!'], 'msg_1', new Date(0), '{}')).toThrow(TypeError);
    expect(() => webhookSignature(['whsec_'], 'msg_1', new Date(0), '{}')).toThrow(TypeError);
  });
});
