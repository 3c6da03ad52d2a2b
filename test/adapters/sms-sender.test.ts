/**
 * Tencent Cloud SMS without the SDK (shared/adapters/sms-sender.ts): the TC3-HMAC-SHA256
 * signature checked against Tencent's own signer (the SDK's `Sign.sign3`, a devDependency kept
 * for this test only), and `SendSms` against a local HTTP server playing the provider: it
 * verifies each request's signature with that signer and answers as the API 2021-01-11 does.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import TencentSign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../shared/adapters/clock.ts';
import {
  type SmsMessage,
  SmsSendError,
  TencentSmsSender,
  tc3Authorization,
} from '../../shared/adapters/sms-sender.ts';
import { SMS_TEMPLATES, type SmsTemplate } from '../../shared/domain/sms.ts';

/** The CJS default export as Node's ESM loader hands it over. */
const signer = TencentSign as unknown as { default?: typeof TencentSign } & typeof TencentSign;
const sign3 = (signer.default ?? signer).sign3;

const CREDENTIALS = { secretId: 'AKIDtestSecretId0123456789', secretKey: 'testSecretKey0123456789abcdef' };
const TEMPLATE_IDS = Object.fromEntries(SMS_TEMPLATES.map((t, i) => [t, String(2001 + i)])) as Record<
  SmsTemplate,
  string
>;
const sentAt = new Date('2026-10-09T10:20:00+08:00');
const message: SmsMessage = {
  id: 'evt-01JABCDEF',
  to: '13881234567',
  template: 'transfer',
  params: ['BC-2026-000123', '锦江区社会保险事业管理局'],
  text: '您反映的事项已转办。',
};

/** What one request carried, as the provider saw it. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

/** The provider: checks the signature with Tencent's signer, answers with the next queued response. */
class TencentStandIn {
  readonly received: Received[] = [];
  answers: Array<{ status?: number; body: unknown } | 'hang'> = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const expected = sign3({
          method: 'POST',
          url: this.url,
          payload: raw,
          timestamp: Number(req.headers['x-tc-timestamp']),
          service: 'sms',
          secretId: CREDENTIALS.secretId,
          secretKey: CREDENTIALS.secretKey,
          multipart: false,
          boundary: '',
          headers: { 'Content-Type': String(req.headers['content-type']) },
        });
        const signatureValid = req.headers.authorization === expected;
        this.received.push({ headers: req.headers, body: raw.toString('utf8'), signatureValid });
        const answer = this.answers.shift() ?? { body: { Response: { RequestId: 'r-default' } } };
        if (answer === 'hang') return;
        res.statusCode = answer.status ?? 200;
        res.setHeader('content-type', 'application/json');
        res.end(
          signatureValid
            ? JSON.stringify(answer.body)
            : JSON.stringify({
                Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad' }, RequestId: 'r' },
              }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

const ok = (serialNo: string) => ({
  body: {
    Response: {
      SendStatusSet: [
        { SerialNo: serialNo, PhoneNumber: '+8613881234567', Code: 'Ok', Message: 'send success' },
      ],
      RequestId: 'r-ok',
    },
  },
});
const sendStatus = (code: string) => ({
  body: { Response: { SendStatusSet: [{ SerialNo: '', Code: code, Message: code }], RequestId: 'r-status' } },
});
const apiError = (code: string) => ({
  body: { Response: { Error: { Code: code, Message: code }, RequestId: 'r-error' } },
});

describe('the TC3-HMAC-SHA256 signature', () => {
  it.each([
    [
      'a SendSms body with Chinese parameters',
      JSON.stringify({ TemplateParamSet: ['锦江区'], SessionContext: 'e' }),
    ],
    ['an empty body', ''],
  ])('equals what Tencent’s own signer computes for %s', (_, payload) => {
    // Prepare
    const timestamp = Date.parse('2026-10-09T02:20:00Z') / 1000;
    const contentType = 'application/json; charset=utf-8';

    // Act
    const ours = tc3Authorization({
      ...CREDENTIALS,
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      contentType,
      payload,
      timestamp,
    });

    // Assert
    const theirs = sign3({
      method: 'POST',
      url: 'https://sms.tencentcloudapi.com/',
      payload: Buffer.from(payload, 'utf8'),
      timestamp,
      service: 'sms',
      ...CREDENTIALS,
      multipart: false,
      boundary: '',
      headers: { 'Content-Type': contentType },
    });
    expect(ours).toBe(theirs);
    expect(ours).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDtestSecretId0123456789\/2026-10-09\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
  });

  it('uses the UTC date of the timestamp in the scope, not the Shanghai date', () => {
    const justAfterMidnightInShanghai = Date.parse('2026-10-10T00:05:00+08:00') / 1000;

    const header = tc3Authorization({
      ...CREDENTIALS,
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      contentType: 'application/json',
      payload: '{}',
      timestamp: justAfterMidnightInShanghai,
    });

    expect(header).toContain('/2026-10-09/sms/tc3_request');
  });
});

describe('SendSms against a local stand-in for Tencent Cloud', () => {
  const provider = new TencentStandIn();
  const clock = new AdjustableClock({ frozenAt: sentAt });
  let credentials = CREDENTIALS;
  const sender = (timeoutMs?: number) =>
    new TencentSmsSender({
      credentials: async () => credentials,
      region: 'ap-guangzhou',
      sdkAppId: '1400000001',
      signName: '四川办成',
      templateIds: TEMPLATE_IDS,
      endpoint: provider.url,
      clock,
      ...(timeoutMs ? { timeoutMs } : {}),
    });

  beforeAll(() => provider.start());
  afterAll(() => provider.stop());
  beforeEach(() => {
    provider.received.length = 0;
    provider.answers = [];
    credentials = CREDENTIALS;
  });

  it('sends one signed request with the number, template, parameters and our event id, and returns the serial number', async () => {
    // Prepare
    provider.answers.push(ok('2433:338962471115599950350014921'));

    // Act
    const sent = await sender().send(message);

    // Assert
    expect(sent).toEqual({ reference: '2433:338962471115599950350014921' });
    expect(provider.received).toHaveLength(1);
    const [request] = provider.received;
    expect(request!.signatureValid).toBe(true);
    expect(request!.headers).toMatchObject({
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': String(sentAt.getTime() / 1000),
      'content-type': 'application/json; charset=utf-8',
    });
    expect(JSON.parse(request!.body)).toEqual({
      PhoneNumberSet: ['+8613881234567'],
      SmsSdkAppId: '1400000001',
      SignName: '四川办成',
      TemplateId: TEMPLATE_IDS.transfer,
      TemplateParamSet: ['BC-2026-000123', '锦江区社会保险事业管理局'],
      SessionContext: 'evt-01JABCDEF',
    });
  });

  it('signs with the key pair read for this send, so a rotated pair is used at once', async () => {
    provider.answers.push(ok('s1'), ok('s2'));
    const s = sender();

    await s.send(message);
    credentials = { secretId: 'AKIDrotated', secretKey: 'rotatedKey' };
    const second = s.send(message);

    // The stand-in knows only the first pair, so the rotated signature is refused as Tencent would.
    await expect(second).rejects.toThrow(/AuthFailure\.SignatureFailure/);
    expect(provider.received.map((r) => r.headers.authorization?.split('/')[0])).toEqual([
      'TC3-HMAC-SHA256 Credential=AKIDtestSecretId0123456789',
      'TC3-HMAC-SHA256 Credential=AKIDrotated',
    ]);
  });

  it.each([
    ['the number is blacklisted', sendStatus('FailedOperation.PhoneNumberInBlacklist')],
    ['the template is not approved', sendStatus('FailedOperation.TemplateIncorrectOrUnapproved')],
    ['the number is malformed', apiError('InvalidParameterValue.IncorrectPhoneNumber')],
    [
      'the operation is unsupported',
      apiError('UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber'),
    ],
  ])(
    'a refusal another attempt cannot fix (%s) is permanent and names only the masked number',
    async (_, answer) => {
      provider.answers.push(answer);

      const error = await sender()
        .send(message)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SmsSendError);
      expect((error as SmsSendError).retryable).toBe(false);
      expect((error as SmsSendError).message).toContain('138****4567');
      expect((error as SmsSendError).message).not.toContain('13881234567');
    },
  );

  it.each([
    [
      'a rate limit',
      sendStatus('LimitExceeded.PhoneNumberDailyLimit'),
      /LimitExceeded\.PhoneNumberDailyLimit/,
    ],
    ['an internal error', apiError('InternalError.Timeout'), /InternalError\.Timeout/],
    ['a 502 from a proxy', { status: 502, body: 'bad gateway' }, /HTTP 502/],
    ['an answer without a status', { body: { Response: { SendStatusSet: [], RequestId: 'r' } } }, /NoStatus/],
  ])('%s is retryable', async (_, answer, text) => {
    provider.answers.push(answer);

    const error = await sender()
      .send(message)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as SmsSendError).retryable).toBe(true);
    expect((error as SmsSendError).message).toMatch(text);
  });

  it('a provider that does not answer in time is a retryable failure', async () => {
    provider.answers.push('hang');

    const error = await sender(200)
      .send(message)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as SmsSendError).retryable).toBe(true);
    expect((error as SmsSendError).message).toMatch(/Timeout/);
  });

  it('a provider that cannot be reached is a retryable failure', async () => {
    const unreachable = new TencentSmsSender({
      credentials: async () => CREDENTIALS,
      region: 'ap-guangzhou',
      sdkAppId: '1400000001',
      signName: '四川办成',
      templateIds: TEMPLATE_IDS,
      endpoint: 'http://127.0.0.1:1/',
      clock,
    });

    const error = await unreachable.send(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as SmsSendError).retryable).toBe(true);
  });
});
