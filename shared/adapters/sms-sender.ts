/**
 * Sending a text message (短信) to the reporter, behind one small interface.
 *
 *  - `tencent`: Tencent Cloud SMS (`SendSms`, API 2021-01-11) with the approved signature
 *    (签名) and one approved template id per message kind, one signed HTTPS POST (no SDK).
 *  - `file` (local stack, tests): every message is one JSON file `{to, template, params, text,
 *    at}` in `SMS_DIR` (default `.local/sms/`), listed at `/_local/sms`.
 *
 * Aliyun SMS (`@alicloud/dysmsapi20170525`, `SendSms` with SignName/TemplateCode/TemplateParam
 * as JSON) fits the same interface: add an adapter keyed `aliyun` here and map the template
 * parameters by name (SMS_TEMPLATE_TEXT lists them).
 *
 * Full numbers leave this module only towards the provider (or the local file, which plays
 * the phone); errors and results carry the masked number.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maskPhone, SMS_TEMPLATES, type SmsTemplate } from '../domain/sms.ts';
import { type Clock, clock } from './clock.ts';
import { readSecret, SECRETS } from './secrets.ts';

export interface SmsMessage {
  /** The outbox event id: names the local file and travels as the provider's SessionContext. */
  id: string;
  to: string;
  template: SmsTemplate;
  params: string[];
  text: string;
}

export interface SmsSent {
  /** The provider's serial number (Tencent `SerialNo`), or the local file. */
  reference: string;
}

/** A send that failed; `retryable` false means trying again cannot help (bad number, template refused). */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SmsSent>;
  /**
   * Did a message with this id go out? For a sender that can tell (the local file sender); a
   * worker that died between the provider call and recording its outcome is resolved by it.
   * Tencent's SendSms has no look-up by our id (SessionContext only comes back on delivery
   * receipts), so its adapter leaves this out.
   */
  find?(id: string): Promise<SmsSent | undefined>;
}

export const SMS_ENV = {
  transport: 'SMS_TRANSPORT',
  dir: 'SMS_DIR',
  signName: 'SMS_SIGN_NAME',
  sdkAppId: 'SMS_SDK_APP_ID',
  /** `intake=2001,transfer=2002,result=2003,closure=2004,follow_up_invitation=2005,staff_notice=2006` */
  templateIds: 'SMS_TEMPLATE_IDS',
  region: 'SMS_REGION',
  /** `{"secretId":"…","secretKey":"…"}`, locally; in AWS `SMS_SECRET_ID` names the secret holding it. */
  credentials: 'SMS_CREDENTIALS',
  secretId: 'SMS_SECRET_ID',
} as const;

/** Writes each message as one JSON file, as the phone would show it. Local only. */
export class FileSmsSender implements SmsSender {
  constructor(private readonly dir: string) {}

  async send(m: SmsMessage): Promise<SmsSent> {
    await mkdir(this.dir, { recursive: true });
    const at = clock.now();
    const path = join(this.dir, `${at.getTime()}-${m.id}.json`);
    const record = { to: m.to, template: m.template, params: m.params, text: m.text, at: at.toISOString() };
    // `wx`: a second attempt with the same id and instant never overwrites the first file.
    await writeFile(path, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' }).catch(
      (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      },
    );
    return { reference: path };
  }

  async find(id: string): Promise<SmsSent | undefined> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const name = names.find((n) => n.endsWith(`-${id}.json`));
    return name ? { reference: join(this.dir, name) } : undefined;
  }
}

export interface SmsCredentials {
  secretId: string;
  secretKey: string;
}

export interface TencentSmsConfig {
  /** Asked before each send (the secret, shared/adapters/secrets.ts): a rotated key pair is used at once. */
  credentials: () => Promise<SmsCredentials>;
  region: string;
  sdkAppId: string;
  signName: string;
  templateIds: Record<SmsTemplate, string>;
  /** Default `https://sms.tencentcloudapi.com`; tests point it at a local stand-in. */
  endpoint?: string;
  /** Abort a request after this long. Default 10 s (the SDK's `reqTimeout` we used before). */
  timeoutMs?: number;
  clock?: Clock;
  fetchImpl?: typeof fetch;
}

export const TENCENT_SMS_ENDPOINT = 'https://sms.tencentcloudapi.com';
const TENCENT_SMS_VERSION = '2021-01-11';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Tencent error codes that another attempt cannot fix (number, template or signature refused). */
const PERMANENT =
  /^FailedOperation\.(PhoneNumberInBlacklist|TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|MissingTemplateToModify|ContainSensitiveWord)|^InvalidParameterValue\.|^UnsupportedOperation\./;

/**
 * The `Authorization` header of a Tencent Cloud API 3.0 request (TC3-HMAC-SHA256), signing
 * `content-type` and `host` as Tencent's own SDK does: a canonical request hashed into a string
 * to sign, under a key derived from the secret key, the UTC date, the service and `tc3_request`.
 */
export function tc3Authorization(input: {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  contentType: string;
  payload: string;
  /** Seconds since the epoch, also sent as `X-TC-Timestamp`. */
  timestamp: number;
}): string {
  const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
  const hmac = (key: string | Buffer, data: string) =>
    createHmac('sha256', key).update(data, 'utf8').digest();
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${input.contentType}\nhost:${input.host}\n`,
    signedHeaders,
    sha256(input.payload),
  ].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256(canonicalRequest)].join(
    '\n',
  );
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/**
 * Tencent Cloud SMS `SendSms` over HTTPS, signed here (TC3-HMAC-SHA256 with node:crypto): the
 * SDK would bring node-fetch, whatwg-url and json-bigint (≈0.4 MB minified) into the dispatch
 * bundle for one POST. A failure the provider names is permanent or retryable by its code; no
 * answer, a timeout or a 5xx is retryable.
 */
export class TencentSmsSender implements SmsSender {
  constructor(private readonly config: TencentSmsConfig) {}

  async send(m: SmsMessage): Promise<SmsSent> {
    const fail = (code: string, retryable = !PERMANENT.test(code)) =>
      new SmsSendError(`短信发送失败（${maskPhone(m.to)}）：${code}`, retryable);
    const credential = await this.config.credentials();
    const endpoint = new URL(this.config.endpoint ?? TENCENT_SMS_ENDPOINT);
    const payload = JSON.stringify({
      PhoneNumberSet: [`+86${m.to}`],
      SmsSdkAppId: this.config.sdkAppId,
      SignName: this.config.signName,
      TemplateId: this.config.templateIds[m.template],
      TemplateParamSet: m.params,
      SessionContext: m.id,
    });
    const timestamp = Math.floor((this.config.clock ?? clock).now().getTime() / 1000);
    let body: TencentSendResponse;
    try {
      const res = await (this.config.fetchImpl ?? fetch)(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': JSON_TYPE,
          'X-TC-Action': 'SendSms',
          'X-TC-Version': TENCENT_SMS_VERSION,
          'X-TC-Region': this.config.region,
          'X-TC-Timestamp': String(timestamp),
          Authorization: tc3Authorization({
            ...credential,
            service: 'sms',
            // As Tencent's SDK signs it: the host name without a port (the real endpoint has none).
            host: endpoint.hostname,
            contentType: JSON_TYPE,
            payload,
            timestamp,
          }),
        },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (!res.ok) throw fail(`HTTP ${res.status}`, true);
      body = (JSON.parse(text) as { Response?: TencentSendResponse }).Response ?? {};
    } catch (error) {
      if (error instanceof SmsSendError) throw error;
      throw fail((error as Error).name === 'TimeoutError' ? 'Timeout' : (error as Error).message, true);
    }
    if (body.Error) throw fail(body.Error.Code ?? 'NoCode');
    const status = body.SendStatusSet?.[0];
    if (status?.Code !== 'Ok') throw fail(status?.Code ?? 'NoStatus');
    return { reference: status.SerialNo ?? body.RequestId ?? '' };
  }
}

interface TencentSendResponse {
  Error?: { Code?: string; Message?: string };
  SendStatusSet?: { SerialNo?: string; Code?: string; Message?: string }[];
  RequestId?: string;
}

/** `{"secretId":"…","secretKey":"…"}` → the key pair, or an error naming what is missing. */
export function parseCredentials(raw: string): SmsCredentials {
  let creds: { secretId?: unknown; secretKey?: unknown };
  try {
    creds = JSON.parse(raw) as typeof creds;
  } catch {
    throw new Error(`${SMS_ENV.credentials} must be JSON {"secretId":"…","secretKey":"…"}`);
  }
  if (
    typeof creds?.secretId !== 'string' ||
    !creds.secretId ||
    typeof creds.secretKey !== 'string' ||
    !creds.secretKey
  )
    throw new Error(`${SMS_ENV.credentials} needs secretId and secretKey`);
  return { secretId: creds.secretId, secretKey: creds.secretKey };
}

/** `intake=2001,transfer=2002` → a template id per message kind; every kind must be present. */
export function parseTemplateIds(raw: string): Record<SmsTemplate, string> {
  const entries = raw
    .split(',')
    .map((pair) => pair.split('=').map((s) => s.trim()))
    .filter((p): p is [string, string] => p.length === 2 && !!p[0] && !!p[1]);
  const ids = Object.fromEntries(entries) as Record<string, string>;
  for (const t of SMS_TEMPLATES) {
    if (!ids[t]) throw new Error(`${SMS_ENV.templateIds} lacks a template id for ${t}`);
  }
  return ids as Record<SmsTemplate, string>;
}

/** The sender the environment configures; fails at the first use when required config is missing. */
export function smsSenderFromEnv(env: NodeJS.ProcessEnv = process.env): SmsSender {
  const transport = env[SMS_ENV.transport] ?? (env.STAGE === 'dev' || env.STAGE === 'prod' ? '' : 'file');
  if (transport === 'file')
    return new FileSmsSender(env[SMS_ENV.dir] ?? join(process.cwd(), '.local', 'sms'));
  if (transport === 'tencent') {
    const need = (name: string) => {
      const v = env[name];
      if (!v) throw new Error(`missing required environment variable ${name}`);
      return v;
    };
    // In AWS the key pair is read from Secrets Manager before each send (SMS_SECRET_ID).
    const credentials = env[SECRETS.smsCredentials.id]
      ? async () => parseCredentials(await readSecret('smsCredentials'))
      : (() => {
          const fixed = parseCredentials(need(SMS_ENV.credentials));
          return async () => fixed;
        })();
    return new TencentSmsSender({
      credentials,
      region: env[SMS_ENV.region] ?? 'ap-guangzhou',
      sdkAppId: need(SMS_ENV.sdkAppId),
      signName: need(SMS_ENV.signName),
      templateIds: parseTemplateIds(need(SMS_ENV.templateIds)),
    });
  }
  throw new Error(`${SMS_ENV.transport} must be tencent or file (got ${JSON.stringify(transport)})`);
}

let sender: SmsSender | undefined;
/** The local stack and tests may install their own sender. */
export function useSmsSender(next: SmsSender | undefined): void {
  sender = next;
}
export function smsSender(): SmsSender {
  sender ??= smsSenderFromEnv();
  return sender;
}
