/**
 * Our SMTP client (shared/adapters/smtp.ts) against a real SMTP server on 127.0.0.1
 * (`smtp-server`, nodemailer's server package, a devDependency): STARTTLS, implicit TLS, AUTH
 * PLAIN and LOGIN, dot-stuffing, and the relay's refusals. The received message is read back
 * with postal-mime, an independent parser.
 */
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../shared/adapters/clock.ts';
import { composeMime, type MailMessage, smtpMailer } from '../../shared/adapters/mailer.ts';
import { dotStuff, sendSmtp } from '../../shared/adapters/smtp.ts';

const FROM = '四川省“办不成事”反映窗口 <noreply@bancheng.example.gov.cn>';
const clock = new AdjustableClock({ frozenAt: new Date('2026-10-09T10:20:00+08:00') });
/** smtp-server's built-in certificate is self-signed; the test trusts it, production never would. */
const TRUST_TEST_CERT = { tls: { rejectUnauthorized: false } };
const message: MailMessage = {
  to: 'shebao@jinjiang.example.gov.cn',
  subject: '【转办】BC-2026-000123 社保卡补办',
  html: '<p>请签收。</p>\n<p>.这一行以点开头</p>\n',
  text: '请签收。\n.这一行以点开头\n..两个点\n',
};

interface Delivered {
  from: string;
  to: string[];
  raw: Buffer;
  user?: string;
  method?: string;
  secure: boolean;
}

let servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  servers = [];
});

/** A relay accepting user `relay` / password `p@ss:word` and recording every message. */
async function relay(options: SMTPServerOptions = {}): Promise<{ port: number; delivered: Delivered[] }> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    ...options,
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay' && auth.password === 'p@ss:word') callback(null, { user: auth.username });
      else callback(new Error('535 5.7.8 authentication failed'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        delivered.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: session.user as string | undefined,
          method: (session as { authMethod?: string }).authMethod,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, delivered };
}

describe('sending over SMTP', () => {
  it('upgrades with STARTTLS, authenticates with AUTH PLAIN, and the relay receives exactly the composed message', async () => {
    // Prepare
    const { port, delivered } = await relay();
    const mailer = smtpMailer({
      from: FROM,
      url: `smtp://relay:${encodeURIComponent('p@ss:word')}@127.0.0.1:${port}`,
      clock,
      smtp: TRUST_TEST_CERT,
    });

    // Act
    const sent = await mailer.send(message);

    // Assert
    expect(delivered).toHaveLength(1);
    const [got] = delivered;
    expect(got).toMatchObject({
      from: 'noreply@bancheng.example.gov.cn',
      to: ['shebao@jinjiang.example.gov.cn'],
      user: 'relay',
      secure: true,
    });
    const expected = await composeMime(message, FROM, { date: clock.now(), messageId: sent.messageId });
    expect(got!.raw.equals(expected)).toBe(true);
    const parsed = await PostalMime.parse(got!.raw);
    expect(parsed.text).toBe(message.text.replace(/\n/g, '\r\n'));
    expect(parsed.subject).toBe(message.subject);
  });

  it('speaks TLS from the first byte for smtps:// and can authenticate with AUTH LOGIN', async () => {
    const { port, delivered } = await relay({ secure: true, authMethods: ['LOGIN'] });

    await sendSmtp(
      `smtps://relay:${encodeURIComponent('p@ss:word')}@127.0.0.1:${port}`,
      { from: 'noreply@bancheng.example.gov.cn', to: ['a@example.cn'] },
      Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
      TRUST_TEST_CERT,
    );

    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ user: 'relay', secure: true });
  });

  it('refuses to send the password over a connection the relay will not encrypt', async () => {
    const { port, delivered } = await relay({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });

    await expect(
      sendSmtp(
        `smtp://relay:secret@127.0.0.1:${port}`,
        { from: 'noreply@bancheng.example.gov.cn', to: ['a@example.cn'] },
        Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
      ),
    ).rejects.toThrow(/without TLS/);
    expect(delivered).toHaveLength(0);
  });

  it('refuses a relay without STARTTLS when the URL requires TLS', async () => {
    const { port } = await relay({ disabledCommands: ['STARTTLS'] });

    await expect(
      sendSmtp(
        `smtp://127.0.0.1:${port}?requireTLS=true`,
        { from: 'noreply@bancheng.example.gov.cn', to: ['a@example.cn'] },
        Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
      ),
    ).rejects.toThrow(/requires TLS/);
  });

  it('fails with the relay’s own words when the password is wrong', async () => {
    const { port } = await relay();

    await expect(
      sendSmtp(
        `smtp://relay:wrong@127.0.0.1:${port}`,
        { from: 'noreply@bancheng.example.gov.cn', to: ['a@example.cn'] },
        Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
        TRUST_TEST_CERT,
      ),
    ).rejects.toThrow(/AUTH PLAIN refused: 535/);
  });

  it('fails when the relay refuses the recipient, and nothing is delivered', async () => {
    const { port, delivered } = await relay({
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@nowhere.example')) {
          const error = new Error('no such user') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
        } else callback();
      },
    });

    await expect(
      sendSmtp(
        `smtp://127.0.0.1:${port}`,
        { from: 'noreply@bancheng.example.gov.cn', to: ['x@nowhere.example'] },
        Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
        TRUST_TEST_CERT,
      ),
    ).rejects.toThrow(/RCPT TO <x@nowhere.example> refused: 550/);
    expect(delivered).toHaveLength(0);
  });

  it('falls back to HELO for a relay that knows no ESMTP, and still delivers', async () => {
    const { port, delivered } = await relay({ disabledCommands: ['EHLO', 'STARTTLS'] });

    await sendSmtp(
      `smtp://127.0.0.1:${port}`,
      { from: 'noreply@bancheng.example.gov.cn', to: ['a@example.cn'] },
      Buffer.from('Subject: hi\r\n\r\nbody\r\n'),
    );

    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.raw.toString('utf8')).toBe('Subject: hi\r\n\r\nbody\r\n');
  });

  it('fails, rather than waits for ever, when nothing listens', async () => {
    const { port } = await relay();
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));

    await expect(
      sendSmtp(`smtp://127.0.0.1:${port}`, { from: 'a@b.cn', to: ['c@d.cn'] }, Buffer.from('x\r\n')),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('dot-stuffing', () => {
  it('doubles a leading dot on every line and ends the data with CRLF . CRLF', () => {
    const stuffed = dotStuff(Buffer.from('.first\r\nmiddle .\r\n..two\r\nlast', 'utf8'));

    expect(stuffed.toString('utf8')).toBe('..first\r\nmiddle .\r\n...two\r\nlast\r\n.\r\n');
  });
});
