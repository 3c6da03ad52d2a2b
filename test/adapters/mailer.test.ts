import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendEmailCommand, SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../shared/adapters/clock.ts';
import {
  composeMime,
  fileMailer,
  htmlToText,
  type MailMessage,
  mailerFromEnv,
  sesMailer,
  smtpMailer,
} from '../../shared/adapters/mailer.ts';
import { renderTransferForm, TRANSFER_FORM_LABELS } from '../../shared/documents/transfer-form.ts';
import { actionLinks, labelledActionLinks } from '../../shared/domain/action-links.ts';
import { demoCase, demoWorkOrder, tenant } from '../documents/fixtures.ts';
import { parseEml } from '../support/eml.ts';

const FROM = '四川省“办不成事”反映窗口 <noreply@bancheng.example.gov.cn>';
const sentAt = new Date('2026-10-09T10:20:00+08:00');
const links = actionLinks(
  {
    baseUrl: 'https://bancheng.example.gov.cn',
    workOrderId: demoWorkOrder.id,
    tenantId: demoWorkOrder.tenantId,
    departmentId: demoWorkOrder.departmentId,
    expiresAt: new Date('2026-10-23T10:20:00+08:00'),
  },
  'action-link-secret-0123456789abcdef0123',
);
const html = renderTransferForm({
  case: demoCase,
  workOrder: demoWorkOrder,
  tenant,
  actionLinks: labelledActionLinks(links),
});
/** The work-order e-mail as the dispatch worker builds it. */
const message: MailMessage = {
  to: `${demoWorkOrder.departmentName} <shebao@jinjiang.example.gov.cn>`,
  subject: `【转办】${demoWorkOrder.number} ${demoCase.matter}`,
  html,
  text: htmlToText(html),
  headers: { 'X-Bancheng-Work-Order': demoWorkOrder.id },
};

describe('work-order e-mail', () => {
  let dir: string;
  const clock = new AdjustableClock({ frozenAt: sentAt });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bancheng-mail-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('the file mailer writes an .eml with a B-encoded subject, multipart/alternative and CRLF line endings', async () => {
    // Prepare
    const mailer = fileMailer({ from: FROM, dir: join(dir, 'file'), clock });

    // Act
    const sent = await mailer.send(message);

    // Assert
    expect(sent.path).toMatch(/[/\\]file[/\\]20261009T022000000Z-[0-9a-f]{16}\.eml$/);
    expect(await readdir(join(dir, 'file'))).toHaveLength(1);
    const raw = await readFile(sent.path!, 'utf8');
    expect(raw).not.toMatch(/(?<!\r)\n/);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    const mail = parseEml(raw);
    expect(mail.subject).toBe(message.subject);
    expect(mail.headers['message-id']).toBe(sent.messageId);
    expect(mail.headers['x-bancheng-work-order']).toBe(demoWorkOrder.id);
    expect(mail.headers.to).toBe('shebao@jinjiang.example.gov.cn');
    expect(mail.headers.date).toBe('Fri, 09 Oct 2026 02:20:00 +0000');
    expect(mail.parts.map((p) => p.headers['content-type'])).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
    ]);
  });

  it('its HTML part is Form A.2 of the work order, with the signed action links', async () => {
    const sent = await fileMailer({ from: FROM, dir: join(dir, 'form'), clock }).send(message);

    const mail = parseEml(await readFile(sent.path!, 'utf8'));

    expect(mail.html).toBe(html);
    for (const label of [
      TRANSFER_FORM_LABELS.title,
      TRANSFER_FORM_LABELS.reporterName,
      TRANSFER_FORM_LABELS.category,
      TRANSFER_FORM_LABELS.requirements,
      TRANSFER_FORM_LABELS.otherRequirements,
      TRANSFER_FORM_LABELS.department,
      TRANSFER_FORM_LABELS.dueAt,
    ]) {
      expect(mail.html).toContain(label);
    }
    expect(mail.html).toContain(demoWorkOrder.number);
    for (const url of Object.values(links)) expect(mail.html).toContain(`href="${url}"`);
  });

  it('its text part carries the form as text and every action link', async () => {
    const sent = await fileMailer({ from: FROM, dir: join(dir, 'text'), clock }).send(message);

    const mail = parseEml(await readFile(sent.path!, 'utf8'));

    expect(mail.text).toContain('反映人姓名 | 李秀英 | 联系电话 | 13881234567');
    expect(mail.text).toContain('承办单位 | 锦江区社会保险事业管理局 | 办理时限 | 2026年10月13日 17:30前');
    expect(mail.text).toContain(`签收工单: ${links.ack}`);
    expect(mail.text).toContain(`退回工单: ${links.return}`);
    expect(mail.text).not.toMatch(/<|&amp;|@page|打印/);
  });

  it('SES receives exactly the composed MIME message as Content.Raw.Data', async () => {
    // Prepare: the SDK call cannot be emulated locally, so a tiny stand-in records it.
    const commands: SendEmailCommand[] = [];
    const client = {
      async send(command: SendEmailCommand): Promise<SendEmailCommandOutput> {
        commands.push(command);
        return { MessageId: '0100019a-ses-message-id', $metadata: {} };
      },
    };

    // Act
    const sent = await sesMailer({ from: FROM, client, clock }).send(message);

    // Assert
    expect(sent).toEqual({ messageId: '0100019a-ses-message-id' });
    expect(commands).toHaveLength(1);
    const input = commands[0]!.input;
    const data = Buffer.from(input.Content!.Raw!.Data!);
    const ourMessageId = parseEml(data.toString('utf8')).headers['message-id']!;
    const expected = await composeMime(message, FROM, { date: sentAt, messageId: ourMessageId });
    expect(data.equals(expected)).toBe(true);
    expect(input.FromEmailAddress).toBe('noreply@bancheng.example.gov.cn');
    expect(input.Destination?.ToAddresses).toEqual(['shebao@jinjiang.example.gov.cn']);
  });

  describe('over SMTP', () => {
    const smtp = new FakeSmtpServer();
    beforeAll(() => smtp.start());
    afterAll(() => smtp.stop());

    it('the SMTP relay receives the same composed message, addressed to the department', async () => {
      const sent = await smtpMailer({ from: FROM, url: `smtp://127.0.0.1:${smtp.port}`, clock }).send(
        message,
      );

      expect(smtp.messages).toHaveLength(1);
      const received = smtp.messages[0]!;
      expect(received.from).toBe('noreply@bancheng.example.gov.cn');
      expect(received.to).toEqual(['shebao@jinjiang.example.gov.cn']);
      const expected = await composeMime(message, FROM, { date: sentAt, messageId: sent.messageId });
      expect(received.data.replace(/\r\n$/, '')).toBe(expected.toString('utf8').replace(/\r\n$/, ''));
    });

    it('reads the relay URL before each send, so a rotated URL (new password, new relay) is used without a restart', async () => {
      // Prepare: the URL as the secrets adapter would hand it out, changed between two sends.
      const rotated = new FakeSmtpServer();
      await rotated.start();
      let url = `smtp://127.0.0.1:${smtp.port}`;
      const mailer = smtpMailer({ from: FROM, url: async () => url, clock });
      const before = smtp.messages.length;

      // Act
      await mailer.send(message);
      url = `smtp://127.0.0.1:${rotated.port}`;
      await mailer.send(message);
      await rotated.stop();

      // Assert
      expect(smtp.messages.length - before).toBe(1);
      expect(rotated.messages).toHaveLength(1);
    });
  });

  it('an independent parser (postal-mime) reads the sender, subject and both parts back unchanged', async () => {
    // Prepare
    const opts = { date: sentAt, messageId: '<pm@bancheng.example.gov.cn>' };

    // Act
    const raw = await composeMime(message, FROM, opts);

    // Assert
    const mail = await PostalMime.parse(raw);
    expect(mail.from).toEqual({
      name: '四川省“办不成事”反映窗口',
      address: 'noreply@bancheng.example.gov.cn',
    });
    expect(mail.to).toEqual([{ name: '', address: 'shebao@jinjiang.example.gov.cn' }]);
    expect(mail.subject).toBe(message.subject);
    expect(mail.messageId).toBe('<pm@bancheng.example.gov.cn>');
    expect(mail.date).toBe(sentAt.toISOString());
    expect(mail.headers.find((h) => h.key === 'x-bancheng-work-order')?.value).toBe(demoWorkOrder.id);
    expect(mail.text?.replace(/\r\n/g, '\n')).toBe(message.text);
    expect(mail.html?.replace(/\r\n/g, '\n')).toBe(html);
  });

  it('keeps every line within 78 characters and every body line within 76', async () => {
    const raw = (await composeMime(message, FROM, { date: sentAt })).toString('utf8');

    const [head, ...rest] = raw.split('\r\n\r\n');
    expect(head!.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    expect(
      rest
        .join('\r\n\r\n')
        .split('\r\n')
        .every((line) => line.length <= 76),
    ).toBe(true);
  });

  it.each([
    ['long Chinese lines', `${'办不成事反映窗口'.repeat(40)}\n第二行`],
    ['equals signs, trailing spaces and tabs', 'a=b =?UTF-8?B?x?= \nend with tab\t\n  \n'],
    ['lines starting with a dot or From', '.\n.hidden\nFrom here\n..\n'],
    ['long ASCII lines', `${'x'.repeat(300)}\n${'=y'.repeat(100)}`],
  ])('round-trips a body with %s through an independent parser', async (_, body) => {
    const raw = await composeMime({ ...message, text: body, html: `<pre>${body}</pre>` }, FROM, {
      date: sentAt,
    });

    const theirs = await PostalMime.parse(raw);
    const ours = parseEml(raw.toString('utf8'));

    // postal-mime keeps, in a quoted-printable part, the CRLF that belongs to the next boundary
    // (RFC 2046 §5.1.1), so its reading may carry one extra final line break.
    const lf = (s: string | undefined) => s?.replace(/\r\n/g, '\n');
    expect([body, `${body}\n`]).toContain(lf(theirs.text));
    expect([`<pre>${body}</pre>`, `<pre>${body}</pre>\n`]).toContain(lf(theirs.html));
    expect(ours.text).toBe(body);
    expect(ours.html).toBe(`<pre>${body}</pre>`);
  });

  it.each([
    [
      'a quoted name with a comma',
      '"Li, Wang" <li@example.cn>',
      { name: 'Li, Wang', address: 'li@example.cn' },
    ],
    [
      'a plain ASCII name',
      'Bancheng Noreply <noreply@example.cn>',
      { name: 'Bancheng Noreply', address: 'noreply@example.cn' },
    ],
    [
      'a long Chinese name',
      `${'四川省成都市锦江区'.repeat(6)} <x@example.cn>`,
      { name: '四川省成都市锦江区'.repeat(6), address: 'x@example.cn' },
    ],
  ])('writes a sender with %s so that a parser reads the same name back', async (_, from, expected) => {
    const raw = await composeMime(message, from, { date: sentAt });

    const mail = await PostalMime.parse(raw);

    expect(mail.from).toEqual(expected);
  });

  it('composing the same message twice gives the same bytes', async () => {
    const opts = { date: sentAt, messageId: '<fixed@bancheng.example.gov.cn>' };

    const [a, b] = await Promise.all([composeMime(message, FROM, opts), composeMime(message, FROM, opts)]);

    expect(a.equals(b)).toBe(true);
  });

  it.each([
    ['two recipients', { to: 'a@example.cn, b@example.cn' }],
    ['no address', { to: '社保局' }],
    ['a header injected through the recipient', { to: 'a@example.cn\r\nBcc: spy@example.com' }],
    [
      'a header injected through a header value',
      { headers: { 'X-Work-Order': 'wo\r\nBcc: spy@example.com' } },
    ],
    ['a header name that is not a token', { headers: { 'X Work Order': 'wo' } }],
  ])('refuses %s', async (_, change) => {
    await expect(composeMime({ ...message, ...change }, FROM, { date: sentAt })).rejects.toThrow(TypeError);
  });
});

describe('choosing the mailer from the environment', () => {
  it('MAIL_TRANSPORT=file writes to MAIL_DIR', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bancheng-mail-env-'));
    try {
      const sent = await mailerFromEnv({ MAIL_TRANSPORT: 'file', MAIL_DIR: dir }).send(message);

      expect(sent.path?.startsWith(dir)).toBe(true);
      expect(await readdir(dir)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('SES and SMTP are built from their settings without contacting anything', () => {
    expect(mailerFromEnv({ MAIL_TRANSPORT: 'ses', MAIL_FROM: FROM }).send).toBeTypeOf('function');
    expect(
      mailerFromEnv({ MAIL_TRANSPORT: 'smtp', MAIL_FROM: FROM, SMTP_URL: 'smtp://127.0.0.1:2525' }).send,
    ).toBeTypeOf('function');
  });

  it.each([
    [{ MAIL_TRANSPORT: 'ses' }, /MAIL_FROM/],
    [{ MAIL_TRANSPORT: 'smtp', MAIL_FROM: FROM }, /SMTP_URL/],
    [{ MAIL_TRANSPORT: 'pigeon' }, /ses, smtp or file/],
  ])('missing or wrong settings fail at start-up: %j', (env, message) => {
    expect(() => mailerFromEnv(env)).toThrow(message);
  });
});

describe('plain text of an HTML page', () => {
  it('keeps table cells apart, rows and blocks on their own lines, and decodes entities', () => {
    const text = htmlToText(
      '<html><head><title>x</title><style>td { color: red }</style></head><body>' +
        '<h1>转办单</h1><table><tr><th>反映人姓名</th><td>李&amp;王 &lt;b&gt;</td></tr>' +
        '<tr><th>备注</th><td>第一行\n第二行&#65281;&#x263A;&nbsp;</td></tr></table>' +
        '<script>alert(1)</script><p>见 <a href="https://x.example.cn/a?b=1&amp;c=2">链接</a></p></body></html>',
    );

    expect(text).toBe(
      '转办单\n反映人姓名 | 李&王 <b>\n备注 | 第一行\n第二行！☺\n\n见\n链接: https://x.example.cn/a?b=1&c=2\n',
    );
  });
});

/** The few SMTP verbs a plain relay needs, on 127.0.0.1; collects each message's envelope and data. */
class FakeSmtpServer {
  readonly messages: { from: string; to: string[]; data: string }[] = [];
  private readonly server: Server = createServer((socket) => this.session(socket));
  port = 0;

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.server.close();
    await once(this.server, 'close');
  }

  private session(socket: Socket): void {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake.smtp.local ESMTP');
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          // Undo the sender's dot-stuffing.
          current.data = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          this.messages.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-fake.smtp.local\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 fake.smtp.local');
        else if (verb === 'MAIL') {
          current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          current.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('250 ok');
      }
    });
  }
}
