/**
 * Work-order e-mail to departments (邮件转办): the same content and action links as the
 * webhook, with Form A.2 as the HTML body and a plain-text alternative.
 *
 * One MIME composition (`composeMime`, mime.ts: multipart/alternative, UTF-8, B-encoded subject
 * and display names, CRLF) feeds every transport, so what the local stack writes to
 * `.local/mail/` is byte for byte what SES or SMTP would carry:
 *   - `sesMailer`  — SES v2 `SendEmail` with `Content.Raw` (deployed regions with SES);
 *   - `smtpMailer` — our SMTP client, smtp.ts (regions without SES, e.g. a provincial relay);
 *   - `fileMailer` — `<dir>/<timestamp>-<id>.eml` (the local stack; open it in any mail client).
 * `mailerFromEnv` picks one at cold start from `MAIL_TRANSPORT`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SESv2Client, SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import { stage } from '../config.ts';
import { type Clock, clock as processClock } from './clock.ts';
import {
  formatMailbox,
  headerValue,
  type Mailbox,
  mailDate,
  multipartAlternative,
  parseMailbox,
} from './mime.ts';
import { readSecret, SECRETS } from './secrets.ts';
import { type SmtpOptions, sendSmtp } from './smtp.ts';

export interface MailMessage {
  /** One recipient address (the department's mailbox). */
  to: string;
  subject: string;
  /** The full HTML page (Form A.2 with the action links). */
  html: string;
  /** The plain-text alternative; `htmlToText(html)` when nothing better is at hand. */
  text: string;
  /** Extra headers, e.g. `X-Bancheng-Work-Order`; names are tokens, values one line. */
  headers?: Record<string, string>;
}

export interface SentMail {
  /** The transport's id (SES MessageId) or our Message-ID. */
  messageId: string;
  /** Where `fileMailer` wrote the message. */
  path?: string;
}

export interface Mailer {
  send(msg: MailMessage): Promise<SentMail>;
}

export interface ComposeOptions {
  /** The Date header. Default: the process clock's now. */
  date?: Date;
  /** `<id@domain>`; also seeds the MIME boundary, so the same inputs give the same bytes. */
  messageId?: string;
}

/** The environment `mailerFromEnv` reads. */
export const MAIL_ENV = {
  transport: 'MAIL_TRANSPORT',
  from: 'MAIL_FROM',
  smtpUrl: 'SMTP_URL',
  dir: 'MAIL_DIR',
} as const;

export type MailTransport = 'ses' | 'smtp' | 'file';

/** The local stack's mail folder, relative to the working directory. */
export const LOCAL_MAIL_DIR = '.local/mail';
const LOCAL_FROM = '办成（本地） <noreply@bancheng.local>';

/** The RFC 5322 message as sent: CRLF line endings throughout. */
export async function composeMime(
  msg: MailMessage,
  from: string,
  opts: ComposeOptions = {},
): Promise<Buffer> {
  const recipient = singleAddress(msg.to, 'to');
  const sender = singleMailbox(from, 'from');
  const messageId = opts.messageId ?? newMessageId(sender.address);
  const headers = checkedHeaders(msg.headers ?? {});
  return multipartAlternative({
    headers: [
      ...Object.entries(headers).map(([name, value]): [string, string] => [name, headerValue(value)]),
      ['From', formatMailbox(sender)],
      // The department's address alone: its display name is ours to know, not to show.
      ['To', recipient],
      ['Subject', headerValue(msg.subject)],
      ['Message-ID', messageId],
      ['Date', mailDate(opts.date ?? processClock.now())],
    ],
    text: msg.text,
    html: msg.html,
    boundary: boundaryFor(messageId),
  });
}

/** SES v2 `SendEmail` with the raw MIME message. */
export function sesMailer(opts: { from: string; client?: SesClient; clock?: Clock }): Mailer {
  const sender = singleAddress(opts.from, 'from');
  const now = opts.clock ?? processClock;
  return {
    async send(msg) {
      const client = opts.client ?? defaultSesClient();
      const messageId = newMessageId(sender);
      const data = await composeMime(msg, opts.from, { date: now.now(), messageId });
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: sender,
          Destination: { ToAddresses: [singleAddress(msg.to, 'to')] },
          Content: { Raw: { Data: data } },
        }),
      );
      // SES replaces our Message-ID with its own; its MessageId is what bounces refer to.
      return { messageId: out.MessageId ?? messageId };
    },
  };
}

/** The part of `SESv2Client` the mailer uses (a fake stands in for it in tests). */
export interface SesClient {
  send(command: SendEmailCommand): Promise<SendEmailCommandOutput>;
}

let sharedSesClient: SESv2Client | undefined;
function defaultSesClient(): SESv2Client {
  sharedSesClient ??= new SESv2Client({});
  return sharedSesClient;
}

/**
 * SMTP through our client (smtp.ts), one connection per message, e.g.
 * `smtps://user:pass@smtp.example.gov.cn:465`. `url` may be a reader (the secret,
 * shared/adapters/secrets.ts): it is asked before each send, so a rotated password or relay is
 * used from the next message on.
 */
export function smtpMailer(opts: {
  from: string;
  url: string | (() => Promise<string>);
  clock?: Clock;
  /** TLS and timeout settings of the connection (a test relay's certificate). */
  smtp?: SmtpOptions;
}): Mailer {
  const sender = singleAddress(opts.from, 'from');
  const now = opts.clock ?? processClock;
  const readUrl = typeof opts.url === 'string' ? async () => opts.url as string : opts.url;
  return {
    async send(msg) {
      const to = singleAddress(msg.to, 'to');
      const url = await readUrl();
      const messageId = newMessageId(sender);
      const raw = await composeMime(msg, opts.from, { date: now.now(), messageId });
      await sendSmtp(url, { from: sender, to: [to] }, raw, opts.smtp);
      return { messageId };
    },
  };
}

/** Writes `<dir>/<timestamp>-<id>.eml` (the local stack: `.local/mail/`). */
export function fileMailer(opts: { from: string; dir: string; clock?: Clock }): Mailer {
  const sender = singleAddress(opts.from, 'from');
  const now = opts.clock ?? processClock;
  return {
    async send(msg) {
      const date = now.now();
      const id = randomBytes(8).toString('hex');
      const messageId = `<${id}@${domainOf(sender)}>`;
      const data = await composeMime(msg, opts.from, { date, messageId });
      const dir = resolve(opts.dir);
      await mkdir(dir, { recursive: true });
      const stamp = date.toISOString().replace(/[-:]/g, '').replace('.', '');
      const path = join(dir, `${stamp}-${id}.eml`);
      await writeFile(path, data, { flag: 'wx' });
      return { messageId, path };
    },
  };
}

/**
 * The mailer the environment asks for, built at cold start so missing config fails there:
 * `MAIL_TRANSPORT` = `ses` | `smtp` | `file` (default `file` on the local stage only), `MAIL_FROM`
 * (required for ses and smtp), `SMTP_SECRET_ID` (smtp in AWS; `SMTP_URL` locally), `MAIL_DIR` (file, default `.local/mail`).
 * `file` is refused outside the local stage: a Lambda's disk is thrown away, and the mail with it.
 */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer {
  const transport = env[MAIL_ENV.transport] ?? (stage() === 'local' ? 'file' : undefined);
  const required = (name: string) => {
    const value = env[name];
    if (!value)
      throw new Error(`missing required environment variable ${name} (MAIL_TRANSPORT=${transport})`);
    return value;
  };
  switch (transport) {
    case 'ses':
      return sesMailer({ from: required(MAIL_ENV.from) });
    case 'smtp':
      // In AWS the URL (it holds the relay's password) is read from Secrets Manager at run time.
      return smtpMailer({
        from: required(MAIL_ENV.from),
        url: env[SECRETS.smtpUrl.id] ? () => readSecret('smtpUrl') : required(MAIL_ENV.smtpUrl),
      });
    case 'file':
      if (stage() !== 'local')
        throw new Error(`MAIL_TRANSPORT=file is for the local stage only, not ${stage()}`);
      return fileMailer({ from: env[MAIL_ENV.from] || LOCAL_FROM, dir: env[MAIL_ENV.dir] || LOCAL_MAIL_DIR });
    case undefined:
      throw new Error(`missing required environment variable ${MAIL_ENV.transport} (ses, smtp or file)`);
    default:
      throw new Error(`${MAIL_ENV.transport} must be ses, smtp or file, not ${JSON.stringify(transport)}`);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const BLOCK_END =
  /<\/(?:p|div|h[1-6]|li|ul|ol|tr|table|section|nav|header|footer|article|blockquote|pre|title)\s*>/gi;

/**
 * Plain text of an HTML page for the text/plain alternative: head, styles, scripts and buttons
 * dropped; a line per block and table row; table cells separated by ` | `, adjacent spans by
 * a space; a link on its own line as `label: url` so the action links survive; entities
 * decoded. Line breaks inside text (a clerk's paragraphs in a `pre-wrap` cell) are kept.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|button)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!doctype[^>]*>/gi, '')
    .replace(/[ \t\f\r]+/g, ' ')
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a\s*>/gi,
      // Entities in the URL and the label are decoded with the rest of the text below.
      (_, _q, url: string, label: string) => {
        const shown = label.replace(/<[^>]*>/g, '').trim();
        return `\n${shown && shown !== url ? `${shown}: ${url}` : url}\n`;
      },
    )
    .replace(/<\/span\s*>\s*<span\b/gi, '</span> <span')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' | ')
    .replace(BLOCK_END, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \u00a0]+/g, ' ')
        .replace(/(?:\s*\|\s*)+$/, '')
        .trim(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .concat('\n');
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Exactly one mailbox, no line breaks: a `to` of `a@x, b@y` would quietly mail two units. */
function singleMailbox(value: string, field: 'to' | 'from'): Mailbox {
  const mailbox = parseMailbox(value);
  if (!mailbox)
    throw new TypeError(`mail ${field} must be exactly one address, got ${JSON.stringify(value)}`);
  return mailbox;
}

function singleAddress(value: string, field: 'to' | 'from'): string {
  return singleMailbox(value, field).address;
}

function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!-9;-~]+$/.test(name) || /[\r\n]/.test(value)) {
      throw new TypeError(`invalid mail header ${JSON.stringify(name)}`);
    }
  }
  return headers;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function newMessageId(sender: string): string {
  // Message-IDs (and so the boundaries) are random per send, never a clock reading.
  return `<${randomBytes(8).toString('hex')}@${domainOf(sender)}>`;
}

/**
 * A boundary derived from the Message-ID, so composing twice gives the same bytes. `=_` cannot
 * occur in a quoted-printable or base64 body, so the boundary never collides with the content.
 */
function boundaryFor(messageId: string): string {
  return `=_bancheng_${createHash('sha256').update(messageId).digest('hex').slice(0, 24)}`;
}
