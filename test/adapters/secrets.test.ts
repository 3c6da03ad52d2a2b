/**
 * Secrets at run time (shared/adapters/secrets.ts): one SigV4-signed `GetSecretValue` call
 * (aws-json.ts) against a small stand-in for the service's JSON API on a local port (no
 * emulator here serves Secrets Manager; the call reaches it by AWS_ENDPOINT_URL_SECRETS_MANAGER,
 * as the SDK would), and from the environment as the local stack does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runInvocationHooks } from '../../shared/adapters/invocation-hooks.ts';
import {
  actionLinkSecrets,
  readActionLinkSecrets,
  readSecret,
  SECRETS,
} from '../../shared/adapters/secrets.ts';

/** GetSecretValue answered from `values`, every request counted. */
class SecretsManagerStandIn {
  readonly values = new Map<string, string>();
  requests: string[] = [];
  authorizations: string[] = [];
  /** Answers served before the stored values, e.g. a throttling error. */
  failures: Array<{ status: number; type: string }> = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        this.requests.push(`${req.headers['x-amz-target']} ${SecretId}`);
        this.authorizations.push(String(req.headers.authorization));
        const value = this.values.get(SecretId);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        const failure = this.failures.shift();
        if (failure) {
          res.statusCode = failure.status;
          res.end(JSON.stringify({ __type: failure.type, message: 'try later' }));
          return;
        }
        if (value === undefined) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
          return;
        }
        res.end(
          JSON.stringify({
            ARN: `arn:aws:secretsmanager:cn-northwest-1:123456789012:secret:${SecretId}-AbCdEf`,
            Name: SecretId,
            SecretString: value,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

const KEYS = Object.values(SECRETS).flatMap((s) => [s.id, s.value]);
const saved = { ...process.env };
const restoreEnv = () => {
  for (const key of [...KEYS, 'SECRET_MAX_AGE_SECONDS']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
};

describe('secrets from the environment (local stack, tests)', () => {
  afterEach(restoreEnv);

  it('reads the action-link keys, newest first, synchronously and asynchronously', async () => {
    delete process.env[SECRETS.actionLink.id];
    process.env[SECRETS.actionLink.value] = 'new-key, old-key';

    expect(actionLinkSecrets()).toEqual(['new-key', 'old-key']);
    expect(await readActionLinkSecrets()).toEqual(['new-key', 'old-key']);
  });

  it('names the variables to set when neither the id nor the value is there', async () => {
    delete process.env[SECRETS.smtpUrl.id];
    delete process.env[SECRETS.smtpUrl.value];

    await expect(readSecret('smtpUrl')).rejects.toThrow(/SMTP_SECRET_ID \(or SMTP_URL locally\)/);
  });
});

describe('secrets from Secrets Manager (AWS)', () => {
  const service = new SecretsManagerStandIn();
  const env = {
    AWS_REGION: 'cn-northwest-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };

  beforeAll(async () => {
    Object.assign(process.env, env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: await service.start() });
  });
  afterAll(async () => {
    await service.stop();
    for (const key of [...Object.keys(env), 'AWS_ENDPOINT_URL_SECRETS_MANAGER']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  afterEach(restoreEnv);

  it('reads a secret by the id in the environment, never the plain variable, and caches it', async () => {
    // Prepare
    process.env[SECRETS.smsCredentials.id] = 'bancheng/sms';
    process.env[SECRETS.smsCredentials.value] = 'a stale value that must not be used';
    service.values.set('bancheng/sms', '{"secretId":"AKID","secretKey":"k1"}');
    service.requests = [];

    // Act
    const first = await readSecret('smsCredentials');
    const second = await readSecret('smsCredentials');

    // Assert
    expect(first).toBe('{"secretId":"AKID","secretKey":"k1"}');
    expect(second).toBe(first);
    expect(service.requests).toEqual(['secretsmanager.GetSecretValue bancheng/sms']);
  });

  it('signs with a rotated action-link key once the cache has aged, without a redeploy', async () => {
    // Prepare: step one of a rotation, the old key still signs and the new one already verifies.
    process.env['SECRET_MAX_AGE_SECONDS'] = '1';
    process.env[SECRETS.actionLink.id] = 'bancheng/action-link-key';
    delete process.env[SECRETS.actionLink.value];
    service.values.set('bancheng/action-link-key', 'old-key,new-key');
    await runInvocationHooks();
    expect(actionLinkSecrets()).toEqual(['old-key', 'new-key']);

    // Act: step two, put "new,old"; an invocation after the cache's age reads it.
    service.values.set('bancheng/action-link-key', 'new-key,old-key');
    await runInvocationHooks();
    const beforeExpiry = actionLinkSecrets();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await runInvocationHooks();

    // Assert
    expect(beforeExpiry).toEqual(['old-key', 'new-key']);
    expect(actionLinkSecrets()).toEqual(['new-key', 'old-key']);
  });

  it('refuses to sign before the key was read in this invocation', async () => {
    process.env[SECRETS.actionLink.id] = 'bancheng/never-read';
    delete process.env[SECRETS.actionLink.value];
    // A fresh module state: the key of this id was never read.
    vi.resetModules();
    const fresh = await import('../../shared/adapters/secrets.ts');

    expect(() => fresh.actionLinkSecrets()).toThrow(/was not read before this invocation/);
  });

  it('signs the call with SigV4 for Secrets Manager in the function’s region', async () => {
    process.env[SECRETS.smtpUrl.id] = 'bancheng/smtp-signed';
    service.values.set('bancheng/smtp-signed', 'smtps://u:p@relay:465');
    service.authorizations = [];

    await readSecret('smtpUrl');

    expect(service.authorizations).toHaveLength(1);
    expect(service.authorizations[0]).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/cn-northwest-1\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('tries again after throttling or a server error, and does not cache a failed read', async () => {
    // Prepare
    process.env[SECRETS.smtpUrl.id] = 'bancheng/smtp-flaky';
    service.values.set('bancheng/smtp-flaky', 'smtps://u:p@relay:465');
    service.requests = [];
    service.failures = [
      { status: 400, type: 'ThrottlingException' },
      { status: 500, type: 'InternalServiceError' },
    ];

    // Act
    const value = await readSecret('smtpUrl');

    // Assert
    expect(value).toBe('smtps://u:p@relay:465');
    expect(service.requests).toHaveLength(3);

    // Three failures in a row fail the read; the next read asks again instead of serving the failure.
    process.env[SECRETS.smtpUrl.id] = 'bancheng/smtp-down';
    service.values.set('bancheng/smtp-down', 'smtps://u:p@other:465');
    service.failures = Array.from({ length: 3 }, () => ({ status: 503, type: 'ServiceUnavailable' }));
    await expect(readSecret('smtpUrl')).rejects.toThrow(/ServiceUnavailable/);
    expect(await readSecret('smtpUrl')).toBe('smtps://u:p@other:465');
  });

  it('fails the read at once when the secret does not exist', async () => {
    process.env[SECRETS.smtpUrl.id] = 'bancheng/missing';
    service.requests = [];

    await expect(readSecret('smtpUrl')).rejects.toThrow(/ResourceNotFoundException/);
    expect(service.requests).toHaveLength(1);
  });
});
