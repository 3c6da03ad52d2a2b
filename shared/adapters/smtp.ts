/**
 * A minimal SMTP client (RFC 5321) for regions without SES, e.g. a provincial relay: one
 * connection per message — EHLO, STARTTLS when offered (or required), AUTH PLAIN or LOGIN,
 * MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. nodemailer's transport did the same at
 * ≈0.3 MB of bundle; a work order goes out a few times a day per centre, so one connection per
 * message costs nothing worth pooling for.
 *
 * The URL says how to connect, as it did for nodemailer:
 *   - `smtps://user:pass@relay:465` — TLS from the first byte (port 465 by default);
 *   - `smtp://user:pass@relay:587` — plain first, upgraded with STARTTLS when the relay offers it;
 *     `?requireTLS=true` refuses a relay that does not. A password never crosses an unencrypted
 *     connection: without TLS, AUTH is refused here rather than sent in the clear.
 * Any reply outside 2xx/3xx where one is expected fails the send with the relay's own words.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, type TLSSocket, connect as tlsConnect } from 'node:tls';

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface SmtpOptions {
  /** Extra TLS settings (a test relay's certificate authority). */
  tls?: ConnectionOptions;
  /** Give up on a silent relay after this long, per reply. Default 30 s. */
  timeoutMs?: number;
  /** The name we greet with in EHLO. Default: the domain of the envelope's sender. */
  clientName?: string;
}

/** A failed SMTP exchange; `code` is the relay's reply code when it answered. */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** Reads CRLF-terminated reply lines from a socket and hands out whole (multi-line) replies. */
class ReplyReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiting?: { resolve: () => void; reject: (e: Error) => void };
  private failure?: Error;

  constructor(
    socket: Socket | TLSSocket,
    private readonly timeoutMs: number,
  ) {
    this.attach(socket);
  }

  /** Follow a new socket (the TLS one after STARTTLS); anything unread before it is dropped. */
  attach(socket: Socket | TLSSocket): void {
    this.buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let eol = this.buffer.indexOf('\r\n');
      while (eol >= 0) {
        this.lines.push(this.buffer.slice(0, eol));
        this.buffer = this.buffer.slice(eol + 2);
        eol = this.buffer.indexOf('\r\n');
      }
      this.wake();
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new SmtpError('the SMTP relay closed the connection')));
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }

  async next(): Promise<Reply> {
    const lines: string[] = [];
    for (;;) {
      while (this.lines.length > 0) {
        const line = this.lines.shift()!;
        lines.push(line.slice(4));
        // `250-…` continues, `250 …` (or a bare `250`) ends the reply.
        if (line[3] !== '-') {
          const code = Number(line.slice(0, 3));
          if (!Number.isInteger(code)) throw new SmtpError(`unreadable SMTP reply: ${line}`);
          return { code, lines };
        }
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new SmtpError(`no reply from the SMTP relay within ${this.timeoutMs} ms`)),
          this.timeoutMs,
        );
        this.waiting = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
      });
    }
  }
}

/** `.` at the start of a line becomes `..`, and the data ends with CRLF `.` CRLF (RFC 5321 §4.5.2). */
export function dotStuff(message: Buffer): Buffer {
  let text = message.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(`${text}.\r\n`, 'latin1');
}

/** Send one message over a fresh connection; resolves with the relay's final reply text. */
export async function sendSmtp(
  url: string,
  envelope: SmtpEnvelope,
  message: Buffer,
  opts: SmtpOptions = {},
): Promise<string> {
  const u = new URL(url);
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
    throw new SmtpError(`the SMTP URL must start with smtp:// or smtps://, not ${u.protocol}//`);
  const implicitTls = u.protocol === 'smtps:';
  const requireTls = ['true', '1'].includes(u.searchParams.get('requireTLS') ?? '');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port) || (implicitTls ? 465 : 587);
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // SNI carries host names only (RFC 6066); the certificate is checked against `host` either way.
  const tlsOptions: ConnectionOptions = { ...(isIP(host) ? {} : { servername: host }), host, ...opts.tls };

  let socket: Socket | TLSSocket = await new Promise((resolve, reject) => {
    const s = implicitTls
      ? tlsConnect({ host, port, ...tlsOptions }, () => resolve(s))
      : netConnect({ host, port }, () => resolve(s));
    s.once('error', reject);
    // A relay that never accepts the connection fails the send instead of holding the worker.
    s.setTimeout(timeoutMs, () =>
      s.destroy(new SmtpError(`no connection to the SMTP relay within ${timeoutMs} ms`)),
    );
  });
  let secure = implicitTls;
  const reader = new ReplyReader(socket, timeoutMs);
  const expect = async (ok: (code: number) => boolean, what: string): Promise<Reply> => {
    const reply = await reader.next();
    if (!ok(reply.code))
      throw new SmtpError(`SMTP ${what} refused: ${reply.code} ${reply.lines.join(' ')}`, reply.code);
    return reply;
  };
  const command = (line: string, what: string, ok = (c: number) => c >= 200 && c < 300) => {
    socket.write(`${line}\r\n`);
    return expect(ok, what);
  };

  try {
    await expect((c) => c === 220, 'greeting');
    const name = opts.clientName ?? envelope.from.slice(envelope.from.lastIndexOf('@') + 1);
    let ehlo = await command(`EHLO ${name}`, 'EHLO', () => true);
    // A relay that knows no ESMTP gets HELO, and so offers neither STARTTLS nor AUTH.
    if (ehlo.code >= 500) ehlo = { ...(await command(`HELO ${name}`, 'HELO')), lines: [] };
    else if (ehlo.code >= 300)
      throw new SmtpError(`SMTP EHLO refused: ${ehlo.code} ${ehlo.lines.join(' ')}`, ehlo.code);
    const offers = (reply: Reply, ext: string) => reply.lines.some((l) => l.toUpperCase().startsWith(ext));
    if (!secure && offers(ehlo, 'STARTTLS')) {
      await command('STARTTLS', 'STARTTLS');
      socket.removeAllListeners('data');
      socket = await new Promise<TLSSocket>((resolve, reject) => {
        const s = tlsConnect({ socket, ...tlsOptions }, () => resolve(s));
        s.once('error', reject);
      });
      reader.attach(socket);
      secure = true;
      ehlo = await command(`EHLO ${name}`, 'EHLO');
    }
    if (!secure && requireTls)
      throw new SmtpError('the SMTP relay offers no STARTTLS, and the URL requires TLS');
    if (user) {
      if (!secure) throw new SmtpError('refusing to send the SMTP password over a connection without TLS');
      const auth = ehlo.lines.find((l) => l.toUpperCase().startsWith('AUTH'))?.toUpperCase() ?? '';
      if (/\bPLAIN\b/.test(auth) || !/\bLOGIN\b/.test(auth)) {
        const token = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
        await command(`AUTH PLAIN ${token}`, 'AUTH PLAIN');
      } else {
        await command('AUTH LOGIN', 'AUTH LOGIN', (c) => c === 334);
        await command(Buffer.from(user, 'utf8').toString('base64'), 'AUTH LOGIN user', (c) => c === 334);
        await command(Buffer.from(pass, 'utf8').toString('base64'), 'AUTH LOGIN password');
      }
    }
    await command(`MAIL FROM:<${envelope.from}>`, 'MAIL FROM');
    for (const to of envelope.to) await command(`RCPT TO:<${to}>`, `RCPT TO <${to}>`);
    await command('DATA', 'DATA', (c) => c === 354);
    socket.write(dotStuff(message));
    const done = await expect((c) => c >= 200 && c < 300, 'message');
    socket.write('QUIT\r\n');
    await reader.next().catch(() => undefined);
    return `${done.code} ${done.lines.join(' ')}`;
  } finally {
    socket.destroy();
  }
}
