/**
 * Staff notifications delivered (通知送达), on DynamoDB Local, the queue emulator and the local
 * clock: overdue, escalation, delivery failed, an extension request and bad ratings reach the
 * duty chief of the day and the director by e-mail (.eml files) and SMS (.json files); level 2
 * reaches the county's supervision contact and the supervisor's inbox; a failed e-mail is
 * retried and sent once; each notification shows its deliveries; logs never hold a full number.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../shared/adapters/logger.ts';
import { smtpMailer } from '../../shared/adapters/mailer.ts';
import { dispatch, useMailer } from '../../shared/use-cases/dispatch.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, startTestStack, type TestStack } from '../support/stack.ts';

process.env.LOG_LEVEL = 'info';
const logLines: string[] = [];
const previousSink = setLogSink((line) => logLines.push(line));

const TENANT = '510104001';
const START = '2026-09-30T10:00:00+08:00';
const CHIEF = { name: '王强', mobile: '13800000002', email: 'wang.qiang@example.gov.cn' };
const DIRECTOR = { name: '赵敏', mobile: '13900000001', email: 'zhao.min@example.gov.cn' };
const COUNTY = { name: '李督查', mobile: '13700000003', email: 'li.ducha@example.gov.cn' };
const FULL_NUMBERS = [CHIEF.mobile, DIRECTOR.mobile, COUNTY.mobile];
/** Tests that move the clock across days run every check on the way: slow on a loaded 2-core machine. */
const CLOCK_HEAVY_MS = 90_000;

const mailDir = mkdtempSync(join(tmpdir(), 'bancheng-notice-mail-'));
const smsDir = mkdtempSync(join(tmpdir(), 'bancheng-notice-sms-'));
let stack: TestStack;
let receiver: Receiver;
let staff: string;
let director: string;
let dept: string;

interface Mail {
  to: string;
  subject: string;
  text: string;
  noticeId: string;
}

function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

function textPart(eml: string): string {
  const header = /Content-Type: text\/plain[\s\S]*?\r\n\r\n/.exec(eml)?.[0] ?? '';
  const part = /Content-Type: text\/plain[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/.exec(eml)?.[1] ?? '';
  if (/base64/i.test(header)) return Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part
    .replace(/=\r\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (hex) => Buffer.from(hex.replace(/=/g, ''), 'hex').toString('utf8'));
}

/** Every staff-notice e-mail written so far. */
function notices(): Mail[] {
  return readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(join(mailDir, f), 'utf8'))
    .filter((eml) => eml.includes('X-Bancheng-Notice:'))
    .map((eml) => {
      const headers = eml.slice(0, eml.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1] ?? '';
      return {
        to: field('To'),
        subject: decodeWords(field('Subject')),
        text: textPart(eml),
        noticeId: field('X-Bancheng-Notice'),
      };
    });
}

interface Sms {
  to: string;
  template: string;
  text: string;
}
function texts(): Sms[] {
  return readdirSync(smsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(smsDir, f), 'utf8')) as Sms)
    .filter((m) => m.template === 'staff_notice');
}

interface Delivery {
  channel: string;
  role: string;
  to?: string;
  status: string;
  attempts: number;
  error?: string;
}
interface Note {
  topic: string;
  message: string;
  workOrderId?: string;
  caseId?: string;
  deliveries?: Delivery[];
}

async function inbox(token: string): Promise<Note[]> {
  const res = await stack.call('GET', '/notifications', { token });
  expect(res.status).toBe(200);
  return res.body.items;
}
async function noteOf(token: string, topic: string, match: { workOrderId?: string; caseId?: string }) {
  const found = (await inbox(token)).filter(
    (n) =>
      n.topic === topic &&
      (!match.workOrderId || n.workOrderId === match.workOrderId) &&
      (!match.caseId || n.caseId === match.caseId),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The message reached both people of the centre on both channels, once each. */
function expectDeliveredToCentre(note: Note) {
  expect(note.deliveries).toEqual([
    expect.objectContaining({
      channel: 'email',
      role: 'duty_chief',
      to: 'w***@example.gov.cn',
      status: 'sent',
      attempts: 1,
    }),
    expect.objectContaining({
      channel: 'sms',
      role: 'duty_chief',
      to: '138****0002',
      status: 'sent',
      attempts: 1,
    }),
    expect.objectContaining({
      channel: 'email',
      role: 'director',
      to: 'z***@example.gov.cn',
      status: 'sent',
      attempts: 1,
    }),
    expect.objectContaining({
      channel: 'sms',
      role: 'director',
      to: '139****0001',
      status: 'sent',
      attempts: 1,
    }),
  ]);
  for (const person of [CHIEF, DIRECTOR]) {
    const mails = notices().filter((m) => m.to === person.email && m.text.includes(note.message));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`${person.name}：`);
    const sms = texts().filter((m) => m.to === person.mobile && m.text.includes(note.message));
    expect(sms).toHaveLength(1);
  }
}

async function transferGeneral() {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token: staff,
    body: { departmentId: 'shebao', category: 'general' },
  });
  expect(wo.status).toBe(201);
  await stack.drain();
  return {
    caseId: c.body.id as string,
    caseNumber: c.body.number as string,
    wo: wo.body as { id: string; number: string },
  };
}

async function moveTo(iso: string) {
  await stack.clock.setTo(new Date(iso));
  await stack.drain();
}

beforeAll(async () => {
  stack = await startTestStack({ now: START, mailDir, smsDir });
  receiver = await startReceiver();
  const admin = await stack.token({ role: 'admin' });
  const centre = await stack.call('PUT', `/tenants/${TENANT}`, {
    token: admin,
    body: { name: '春熙路街道便民服务中心', director: DIRECTOR },
  });
  expect(centre.status).toBe(201);
  await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  for (const date of ['2026-09-30', '2026-10-01', '2026-10-09', '2026-10-10']) {
    const duty = await stack.call('PUT', `/tenants/${TENANT}/duty-roster/${date}`, {
      token: admin,
      body: { staffId: 'chief-wang', staffName: CHIEF.name, mobile: CHIEF.mobile, email: CHIEF.email },
    });
    expect(duty.status).toBe(200);
  }
  const contacts = await stack.call('PUT', '/regions/510104/contacts', {
    token: admin,
    body: { contacts: [COUNTY] },
  });
  expect(contacts.status).toBe(200);
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
  director = await stack.token({ role: 'director', tenantId: TENANT, name: DIRECTOR.name });
  dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
});
afterAll(async () => {
  setLogSink(previousSink);
  useMailer(undefined);
  await receiver.close();
  await stack.close();
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
  receiver.script([], 204);
});

describe('who is told, by e-mail and SMS', () => {
  it(
    'an overdue order reaches the duty chief and the director, saying what is late and since when',
    async () => {
      // Prepare: a general order transferred on 30 September is due on 9 October at 17:30.
      const { wo } = await transferGeneral();

      // Act
      await moveTo('2026-10-09T17:31:00+08:00');

      // Assert
      const note = await noteOf(staff, 'work_order.overdue', { workOrderId: wo.id });
      expect(note.message).toBe(
        `工单 ${wo.number}（区社保局）的办理时限是2026年10月9日 17:30，至今未反馈办理结果，已超期。`,
      );
      expectDeliveredToCentre(note);
      const mail = notices().find((m) => m.to === CHIEF.email && m.text.includes(note.message))!;
      expect(mail.subject).toBe('【办成·工单超期】春熙路街道便民服务中心');
      const sms = texts().find((m) => m.to === CHIEF.mobile && m.text.includes(note.message))!;
      expect(sms.text).toBe(`【工单超期】${note.message}请登录办成系统处理。`);
    },
    CLOCK_HEAVY_MS,
  );

  it(
    "escalation level 2 reaches the county's contact and the county supervisor's inbox, not another county's",
    async () => {
      // Prepare
      const { wo } = await transferGeneral();
      await moveTo('2026-10-09T17:31:00+08:00');

      // Act: Saturday 10 October is a make-up working day; the escalation falls at its close.
      await moveTo('2026-10-10T17:31:00+08:00');

      // Assert: the centre's two people
      const centreNote = await noteOf(staff, 'work_order.escalated', { workOrderId: wo.id });
      expect(centreNote.message).toBe(
        `工单 ${wo.number}（区社保局）的办理时限是2026年10月9日 17:30，超期一个工作日仍未反馈办理结果，已升级至锦江区督办。`,
      );
      expectDeliveredToCentre(centreNote);
      // The county: its inbox, its contact's e-mail and SMS
      const county = await stack.token({ role: 'supervisor', regionCode: '510104', sub: 'sup-li' });
      const countyNote = await noteOf(county, 'work_order.escalated', { workOrderId: wo.id });
      expect(countyNote.message).toBe(centreNote.message);
      expect(countyNote.deliveries).toEqual([
        expect.objectContaining({
          channel: 'email',
          role: 'supervisor',
          to: 'l***@example.gov.cn',
          status: 'sent',
        }),
        expect.objectContaining({ channel: 'sms', role: 'supervisor', to: '137****0003', status: 'sent' }),
      ]);
      expect(
        notices().filter((m) => m.to === COUNTY.email && m.text.includes(countyNote.message)),
      ).toHaveLength(1);
      expect(
        texts().filter((m) => m.to === COUNTY.mobile && m.text.includes(countyNote.message)),
      ).toHaveLength(1);
      // Read marking works for the supervisor too
      const before = await stack.call('GET', '/notifications', { token: county });
      expect(before.body.unread).toBeGreaterThan(0);
      const marked = await stack.call('POST', '/notifications/read', {
        token: county,
        body: { upTo: before.body.items[0].at },
      });
      expect(marked.status).toBe(200);
      expect((await stack.call('GET', '/notifications', { token: county })).body.unread).toBe(0);
      // Another county's supervisor sees none of it
      const neighbour = await stack.token({ role: 'supervisor', regionCode: '510105' });
      const theirs = await stack.call('GET', '/notifications', { token: neighbour });
      expect(theirs.status).toBe(200);
      expect(theirs.body.items).toEqual([]);
    },
    CLOCK_HEAVY_MS,
  );

  it(
    'an order that cannot be delivered reaches both, naming the unit and how often it was tried',
    async () => {
      // Prepare: the department's receiver is down for good.
      receiver.script([], 503);
      const { wo } = await transferGeneral();

      // Act: the retries (compressed) run out.
      for (
        let i = 0;
        i < 20 &&
        (await stack.call('GET', `/work-orders/${wo.id}`, { token: staff })).body.status !==
          'delivery_failed';
        i++
      ) {
        await stack.clock.advanceBy(2 * 3600_000);
        await stack.drain();
      }

      // Assert
      const note = await noteOf(staff, 'work_order.delivery_failed', { workOrderId: wo.id });
      expect(note.message).toMatch(
        new RegExp(
          `^工单 ${wo.number} 自2026年9月30日 10:00起向区社保局派发 8 次均未送达（最后一次：.+），请电话联系承办单位。$`,
        ),
      );
      expectDeliveredToCentre(note);
    },
    CLOCK_HEAVY_MS,
  );

  it('an extension request reaches both, with the days asked for, the due time and the reason', async () => {
    // Prepare
    const { wo } = await transferGeneral();

    // Act
    const asked = await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { workdays: 3, reason: '需向市局调取档案' },
    });
    await stack.drain();

    // Assert
    expect(asked.status).toBe(200);
    const note = await noteOf(director, 'work_order.extension_requested', { workOrderId: wo.id });
    expect(note.message).toBe(
      `区社保局申请将工单 ${wo.number} 延期 3 个工作日（现办理时限2026年10月9日 17:30），理由：需向市局调取档案。请中心主任审批。`,
    );
    expectDeliveredToCentre(note);
  });

  it("a bad follow-up rating and a reporter's bad rating each reach both", async () => {
    // Prepare: two cases answered and closed
    const close = async (caseId: string) => {
      await stack.call('POST', `/cases/${caseId}/opinion`, {
        token: staff,
        body: { kind: 'on_the_spot', answer: '已当场说明所需材料' },
      });
      const closed = await stack.call('POST', `/cases/${caseId}/close`, {
        token: staff,
        body: { outcome: 'resolved', resolution: '当场办结' },
      });
      expect(closed.status).toBe(200);
    };
    const followed = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const rated = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await close(followed.body.id);
    await close(rated.body.id);
    const notice = await stack.call('GET', `/cases/${rated.body.id}/notice`, { token: staff });
    const statusPath = /\/s\/[A-Za-z0-9_-]{22}/.exec(notice.text)![0];

    // Act
    await stack.call('POST', `/cases/${followed.body.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 2, solved: false, comment: '仍要求补材料' },
    });
    const rating = await stack.call('POST', `${statusPath}/rating`, {
      body: new URLSearchParams({ satisfaction: '1', comment: '态度很差' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await stack.drain();

    // Assert
    expect(rating.status).toBeLessThan(400);
    const reopened = await noteOf(staff, 'case.reopened', { caseId: followed.body.id });
    expect(reopened.message).toBe(
      `案件 ${followed.body.number}（${intakeBody().matter}）回访2（不满意），反映人表示问题未解决：仍要求补材料。案件已重新办理，请安排跟进。`,
    );
    expectDeliveredToCentre(reopened);
    const bad = await noteOf(staff, 'case.rated_badly', { caseId: rated.body.id });
    expect(bad.message).toBe(
      `案件 ${rated.body.number}（${intakeBody().matter}）的反映人在2026年9月30日 10:00评价为“非常不满意”，意见：态度很差。请核实并整改。`,
    );
    expectDeliveredToCentre(bad);
  });
});

describe('failures, retries and what is recorded', () => {
  it('a failed e-mail is retried with back-off and recorded as sent on the retry, never sent twice', async () => {
    // Prepare: the mail server is unreachable (nothing listens on port 1).
    useMailer(smtpMailer({ from: '办成 <noreply@bancheng.local>', url: 'smtp://127.0.0.1:1' }));
    const { wo } = await transferGeneral();
    await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { workdays: 2, reason: '等待外省回函' },
    });
    await stack.drain();
    const failed = await noteOf(director, 'work_order.extension_requested', { workOrderId: wo.id });
    const emails = (n: Note) => n.deliveries!.filter((d) => d.channel === 'email');
    expect(emails(failed)).toEqual([
      expect.objectContaining({
        status: 'retrying',
        attempts: 1,
        error: expect.stringContaining('邮件发送失败'),
      }),
      expect.objectContaining({ status: 'retrying', attempts: 1 }),
    ]);
    expect(failed.deliveries!.filter((d) => d.channel === 'sms').map((d) => d.status)).toEqual([
      'sent',
      'sent',
    ]);
    expect(notices().filter((m) => m.text.includes(failed.message))).toEqual([]);

    // Act: the mail server is back; the retry falls due (1 minute, compressed) and runs.
    useMailer(undefined);
    await stack.clock.advanceBy(60_000);
    await stack.drain();
    await stack.clock.advanceBy(3600_000);
    await stack.drain();

    // Assert
    const sent = await noteOf(director, 'work_order.extension_requested', { workOrderId: wo.id });
    expect(emails(sent)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 2 }),
      expect.objectContaining({ status: 'sent', attempts: 2 }),
    ]);
    const mails = notices().filter((m) => m.text.includes(sent.message));
    expect(mails.map((m) => m.to).sort()).toEqual([CHIEF.email, DIRECTOR.email].sort());
    // A late duplicate of the queue message finds the record gone and sends nothing.
    for (const m of mails) expect(await dispatch(m.noticeId)).toBe('skipped');
    expect(notices().filter((m) => m.text.includes(sent.message))).toHaveLength(2);
    expect(texts().filter((m) => m.text.includes(sent.message))).toHaveLength(2);
  });

  it('a person without a mobile or e-mail is recorded as not deliverable, and nothing is sent to them', async () => {
    // Prepare: a duty chief on the roster without contacts, for the day of the request.
    const admin = await stack.token({ role: 'admin' });
    await stack.call('PUT', `/tenants/${TENANT}/duty-roster/2026-09-30`, {
      token: admin,
      body: { staffId: 'chief-liu', staffName: '刘洋' },
    });
    const { wo } = await transferGeneral();

    // Act
    await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { workdays: 1, reason: '补充调查' },
    });
    await stack.drain();

    // Assert
    const note = await noteOf(director, 'work_order.extension_requested', { workOrderId: wo.id });
    expect(note.deliveries).toEqual([
      expect.objectContaining({
        channel: 'email',
        role: 'duty_chief',
        name: '刘洋',
        status: 'undeliverable',
        error: '未登记电子邮箱',
      }),
      expect.objectContaining({
        channel: 'sms',
        role: 'duty_chief',
        name: '刘洋',
        status: 'undeliverable',
        error: '未登记手机号码',
      }),
      expect.objectContaining({ channel: 'email', role: 'director', status: 'sent' }),
      expect.objectContaining({ channel: 'sms', role: 'director', status: 'sent' }),
    ]);
    await stack.call('PUT', `/tenants/${TENANT}/duty-roster/2026-09-30`, {
      token: admin,
      body: { staffId: 'chief-wang', staffName: CHIEF.name, mobile: CHIEF.mobile, email: CHIEF.email },
    });
  });

  it('no full phone number of anyone told reaches the logs, nor the notifications', async () => {
    // Prepare / Act: the deliveries of the tests above were logged as they were sent.
    const sendLines = logLines.filter((l) => l.includes('staff notice send attempt'));

    // Assert
    expect(sendLines.length).toBeGreaterThan(10);
    expect(sendLines.some((l) => l.includes('138****0002'))).toBe(true);
    for (const number of FULL_NUMBERS) {
      expect(logLines.filter((l) => l.includes(number))).toEqual([]);
    }
    const all = JSON.stringify(await inbox(staff));
    for (const number of FULL_NUMBERS) expect(all).not.toContain(number);
  });
});

describe('region contacts', () => {
  it('an admin replaces a county list and gets it back; a supervisor cannot; an unknown region is a 404', async () => {
    // Prepare
    const admin = await stack.token({ role: 'admin' });
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });

    // Act
    const saved = await stack.call('PUT', '/regions/510104/contacts', {
      token: admin,
      body: { contacts: [COUNTY, { name: '周科长', email: 'zhou@example.gov.cn' }] },
    });
    const bySupervisor = await stack.call('PUT', '/regions/510104/contacts', {
      token: county,
      body: { contacts: [] },
    });
    const unknown = await stack.call('PUT', '/regions/519999/contacts', {
      token: admin,
      body: { contacts: [] },
    });
    const bad = await stack.call('PUT', '/regions/510104/contacts', {
      token: admin,
      body: { contacts: [{ name: '王五', mobile: '12345' }] },
    });

    // Assert
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      regionCode: '510104',
      contacts: [COUNTY, { name: '周科长', email: 'zhou@example.gov.cn' }],
      updatedAt: START,
    });
    expect(bySupervisor.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ field: 'contacts.0.mobile', message: expect.stringContaining('手机') }),
    ]);
  });
});
