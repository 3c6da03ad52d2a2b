/**
 * The status page against guessing: a wrong, tampered or revoked token is a Chinese page with a
 * phone number (never JSON), failures are counted in DynamoDB per address and per case number,
 * and past the limit the address is refused for the window. The second way in (case number +
 * last four phone digits). Text-message retries with back-off, sent once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSmsFiles } from '../../infra/local/front.ts';
import {
  type SmsMessage,
  SmsSendError,
  type SmsSender,
  useSmsSender,
} from '../../shared/adapters/sms-sender.ts';
import { TOKEN_FAILURES_PER_ADDRESS } from '../../shared/use-cases/citizen.ts';
import { intakeBody, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';
let stack: TestStack;
let staff: string;
let smsDir: string;

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

async function registered(phone = '13912340000') {
  const c = await stack.call('POST', '/cases', {
    token: staff,
    body: intakeBody({ reporter: { name: '刘强', phone } }),
  });
  await stack.drain();
  const notice = await stack.call('GET', `/cases/${c.body.id}/notice`, { token: staff });
  const path = /\/s\/[A-Za-z0-9_-]{22}/.exec(notice.text)?.[0] ?? '';
  return { id: c.body.id as string, number: c.body.number as string, path };
}

/** Each test in its own quarter hour, so counters of one do not block the next. */
let quarter = 0;
beforeEach(async () => {
  quarter++;
  await stack.clock.setTo(new Date(new Date(START).getTime() + quarter * 60 * 60_000));
});

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  smsDir = process.env.SMS_DIR ?? '';
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}`, {
    token: admin,
    body: { name: '春熙路街道便民服务中心', contact: { phone: '028-86660000' } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
});
afterAll(async () => {
  useSmsSender(undefined);
  await stack.close();
});

describe('a wrong or tampered status link', () => {
  it('is refused with a Chinese page naming a phone number, never JSON', async () => {
    const { path } = await registered();
    const tampered = `${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [tampered, '/s/abc', '/s/%3Cscript%3E']) {
      const res = await stack.call('GET', bad);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('查询链接无效');
      expect(res.text).toContain('12345');
      expect(res.text).not.toContain('<script>');
      expect(res.body).toBeUndefined(); // not JSON
    }
  });

  it('after the allowed failures the address is refused (429), even with a genuine link, until the window passes', async () => {
    // Prepare
    const { path } = await registered();
    const guessed = '/s/AAAAAAAAAAAAAAAAAAAAAA';

    // Act
    const answers: number[] = [];
    for (let i = 0; i < TOKEN_FAILURES_PER_ADDRESS; i++)
      answers.push((await stack.call('GET', guessed)).status);
    const blocked = await stack.call('GET', guessed);
    const genuineWhileBlocked = await stack.call('GET', path);
    await stack.clock.advanceBy(31 * 60_000);
    const genuineLater = await stack.call('GET', path);

    // Assert
    expect(answers.every((s) => s === 404)).toBe(true);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toMatch(/^text\/html/);
    expect(blocked.text).toContain('查询过于频繁');
    expect(genuineWhileBlocked.status).toBe(429);
    expect(genuineLater.status).toBe(200);
  });
});

describe('revoking a status link', () => {
  it('the centre issues a new link; the old one then shows a page with the centre’s own phone number', async () => {
    // Prepare
    const c = await registered();

    // Act
    const reissued = await stack.call('POST', `/cases/${c.id}/status-link`, { token: staff });
    const old = await stack.call('GET', c.path);
    const notice = await stack.call('GET', `/cases/${c.id}/notice`, { token: staff });
    const fresh = /\/s\/[A-Za-z0-9_-]{22}/.exec(notice.text)?.[0] ?? '';

    // Assert
    expect(reissued.status).toBe(200);
    expect(reissued.body.statusLink.token).toBe(fresh.slice(3));
    expect(fresh).not.toBe(c.path);
    expect(old.status).toBe(404);
    expect(old.text).toContain('此查询链接已停用');
    expect(old.text).toContain('028-86660000');
    expect(old.text).toContain('春熙路街道便民服务中心');
    expect((await stack.call('GET', fresh)).status).toBe(200);
    const events = await stack.call('GET', `/cases/${c.id}/events`, { token: staff });
    const event = events.body.items.find((e: { action: string }) => e.action === 'case.status_link_reissued');
    expect(JSON.stringify(event)).not.toContain(fresh.slice(3));
  });
});

describe('the second way in: case number + last four digits of the phone', () => {
  it('a match redirects to the status page; a wrong number shows the form again; five wrong tries lock the case number', async () => {
    const c = await registered('13912345566');
    const formPage = await stack.call('GET', '/status');
    expect(formPage.status).toBe(200);
    expect(formPage.text).toContain('手机号后四位');

    const ok = await stack.call('POST', '/status', form({ caseNumber: c.number, lastFour: '5566' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(c.path);

    const wrong = await stack.call('POST', '/status', form({ caseNumber: c.number, lastFour: '0000' }));
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('未找到该案件，请核对编号和手机号后四位');
    const malformed = await stack.call('POST', '/status', form({ caseNumber: '123', lastFour: '5566' }));
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('案件编号格式');

    for (let i = 0; i < 4; i++)
      await stack.call('POST', '/status', form({ caseNumber: c.number, lastFour: `100${i}` }));
    const locked = await stack.call('POST', '/status', form({ caseNumber: c.number, lastFour: '5566' }));
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('查询失败次数过多');
  });
});

describe('text message delivery', () => {
  it('a provider failure is retried with back-off and the message is sent once; the send goes on the timeline', async () => {
    // Prepare: the provider refuses twice, then accepts.
    const tried: SmsMessage[] = [];
    const flaky: SmsSender = {
      async send(m) {
        tried.push(m);
        if (tried.length <= 2)
          throw new SmsSendError('短信发送失败（139****7777）：RequestLimitExceeded', true);
        return { reference: 'serial-1' };
      },
    };
    useSmsSender(flaky);

    // Act
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '孙丽', phone: '13900007777' } }),
    });
    await stack.drain();
    const afterFirst = tried.length;
    for (let i = 0; i < 6; i++) {
      await stack.clock.advanceBy(10 * 60_000);
      await stack.drain();
    }
    useSmsSender(undefined);

    // Assert
    expect(afterFirst).toBe(1);
    expect(tried).toHaveLength(3);
    expect(new Set(tried.map((m) => m.id)).size).toBe(1);
    const sms = await stack.call('GET', `/cases/${c.body.id}/sms`, { token: staff });
    expect(sms.body.items).toHaveLength(1);
    expect(sms.body.items[0]).toMatchObject({
      outcome: 'sent',
      attempts: 3,
      reference: 'serial-1',
      to: '139****7777',
    });
  });

  it('a permanent refusal is not retried and is kept as failed', async () => {
    const tried: SmsMessage[] = [];
    useSmsSender({
      async send(m) {
        tried.push(m);
        throw new SmsSendError('短信发送失败（139****8888）：FailedOperation.PhoneNumberInBlacklist', false);
      },
    });
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ reporter: { name: '周军', phone: '13900008888' } }),
    });
    await stack.drain();
    await stack.clock.advanceBy(60 * 60_000);
    await stack.drain();
    useSmsSender(undefined);
    expect(tried).toHaveLength(1);
    const sms = await stack.call('GET', `/cases/${c.body.id}/sms`, { token: staff });
    const failed = sms.body.items.find((m: { outcome: string }) => m.outcome === 'failed');
    expect(failed.error).toContain('PhoneNumberInBlacklist');
    expect(await readSmsFiles(smsDir)).not.toContainEqual(expect.objectContaining({ to: '13900008888' }));
  });
});
