/**
 * The reporter in the loop: the status page from the printed notice, the text messages at each
 * step (files in the local SMS folder, sends on the timeline), the department's answer for the
 * reporter, the reporter's own rating once the case is closed, and the SMS opt-out.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSmsFiles } from '../../infra/local/front.ts';
import { SMS_TEMPLATES, type SmsTemplate } from '../../shared/domain/sms.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpWebhookCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
// A Monday with no holiday near: the invitation goes out the next morning.
const START = '2026-11-02T10:00:00+08:00';
const PHONE = '13812345678';
const smsDir = mkdtempSync(join(tmpdir(), 'bancheng-citizen-sms-'));
let stack: TestStack;
let receiver: Receiver;
let staff: string;
let director: string;
let dept: string;

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** The messages sent to a case's reporter so far, in the order of the case's course (the clock stands still). */
async function messagesFor(caseNumber: string) {
  const all = await readSmsFiles(smsDir);
  const order = (t: string) => SMS_TEMPLATES.indexOf(t as SmsTemplate);
  return all.filter((m) => m.params[0] === caseNumber).sort((a, b) => order(a.template) - order(b.template));
}

async function registered(overrides: Record<string, unknown> = {}) {
  const c = await stack.call('POST', '/cases', {
    token: staff,
    body: intakeBody({ reporter: { name: '王芳', phone: PHONE }, ...overrides }),
  });
  expect(c.status).toBe(201);
  await stack.drain();
  return c.body as { id: string; number: string };
}

async function statusPathFromNotice(caseId: string): Promise<string> {
  const notice = await stack.call('GET', `/cases/${caseId}/notice`, { token: staff });
  const path = /\/s\/[A-Za-z0-9_-]{22}/.exec(notice.text)?.[0];
  if (!path) throw new Error('no status link on the notice');
  return path;
}

beforeAll(async () => {
  stack = await startTestStack({ now: START, smsDir });
  receiver = await startReceiver();
  await setUpWebhookCentre(stack, TENANT, receiver.url);
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
  director = await stack.token({ role: 'director', tenantId: TENANT });
  dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao', name: '赵科长' });
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});

describe('the status link on the printed documents', () => {
  it('the one-time notice and Form A.1 print the same status link, as text and as a QR code, and it opens the status page', async () => {
    // Prepare
    const c = await registered();

    // Act
    const notice = await stack.call('GET', `/cases/${c.id}/notice`, { token: staff });
    const formA1 = await stack.call('GET', `/cases/${c.id}/forms/intake`, { token: staff });
    const path = await statusPathFromNotice(c.id);
    const page = await stack.call('GET', path);

    // Assert
    expect(notice.text).toContain('扫码或访问');
    expect(notice.text).toMatch(/<div class="status-qr"[^>]*><svg /);
    expect(formA1.text).toContain(`${stack.url}${path}`);
    expect(formA1.text).toMatch(/<div class="status-qr"[^>]*><svg /);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain(c.number);
    expect(page.text).toContain('城乡居民养老保险参保登记');
    expect(page.text).toContain('已受理，正在处理');
    expect(page.text).not.toContain('<script');
    // Nothing of the staff or the reporter's number.
    expect(page.text).not.toContain('李娜');
    expect(page.text).not.toContain(PHONE);
    expect(page.text).not.toContain('王芳');
  });

  it('the token is kept off the audit trail', async () => {
    const c = await registered();
    const path = await statusPathFromNotice(c.id);
    const events = await stack.call('GET', `/cases/${c.id}/events`, { token: staff });
    expect(JSON.stringify(events.body.items)).not.toContain(path.slice(3));
  });
});

describe('text messages to the reporter', () => {
  it('intake, transfer, the department result, closure and the follow-up invitation each send one text with the right words, each kept beside the case', async () => {
    // Prepare: intake
    const c = await registered();
    const path = await statusPathFromNotice(c.id);
    let sms = await messagesFor(c.number);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ to: PHONE, template: 'intake' });
    expect(sms[0]!.text).toBe(
      `您反映的“办不成事”问题已受理，编号${c.number}。查询办理进度：${stack.url}${path}`,
    );

    // transfer
    const wo = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    await stack.drain();
    sms = await messagesFor(c.number);
    expect(sms.map((m) => m.template)).toEqual(['intake', 'transfer']);
    expect(sms[1]!.text).toBe(
      `您反映的问题（编号${c.number}）已转交区社保局办理，办理时限2026年11月04日 17:30。`,
    );

    // the department's result with its answer for the reporter
    const feedback = await stack.call('POST', `/work-orders/${wo.body.id}/feedback`, {
      token: dept,
      body: {
        kind: 'result',
        content: '已核实，窗口人员解释不一致，已统一口径',
        citizenReply: '请于本周内携户口簿到3号窗口办理，无需再补其他材料。',
      },
    });
    expect(feedback.status).toBe(200);
    expect(feedback.body.feedback[0].citizenReply).toBe(
      '请于本周内携户口簿到3号窗口办理，无需再补其他材料。',
    );
    await stack.drain();
    sms = await messagesFor(c.number);
    expect(sms[2]!.text).toBe(
      `您反映的问题（编号${c.number}）区社保局答复：请于本周内携户口簿到3号窗口办理，无需再补其他材料。`,
    );

    // closure; the invitation waits for the next working morning
    const closed = await stack.call('POST', `/cases/${c.id}/close`, {
      token: staff,
      body: { outcome: 'resolved', resolution: '已办结' },
    });
    expect(closed.status).toBe(200);
    await stack.drain();
    sms = await messagesFor(c.number);
    expect(sms.map((m) => m.template)).toEqual(['intake', 'transfer', 'result', 'closure']);
    expect(sms[3]!.text).toBe(`您反映的问题（编号${c.number}）已办结，感谢您的监督。`);
    // The invitation is owed already: listed as pending (待发送), as the case screen shows a text.
    const owed = await stack.call('GET', `/cases/${c.id}/sms`, { token: staff });
    const invitation = owed.body.items.at(-1);
    expect(invitation).toEqual({
      eventId: expect.stringMatching(/^sms_/),
      template: 'follow_up_invitation',
      to: '138****5678',
      text: `请对您反映的问题（编号${c.number}）的办理情况作出评价：${stack.url}/s/…`,
      outcome: 'pending',
      at: expect.any(String),
      attempts: 0,
    });
    expect((await stack.call('GET', `/cases/${c.id}`, { token: staff })).body.smsMessages.at(-1)).toEqual(
      invitation,
    );

    // Act: the next working day at 10:00 the sweeper sends the invitation
    await stack.clock.setTo(new Date('2026-11-03T10:01:00+08:00'));
    await stack.drain();

    // Assert
    sms = await messagesFor(c.number);
    expect(sms.map((m) => m.template)).toEqual([
      'intake',
      'transfer',
      'result',
      'closure',
      'follow_up_invitation',
    ]);
    expect(sms[4]!.text).toBe(`请对您反映的问题（编号${c.number}）的办理情况作出评价：${stack.url}${path}`);
    const records = await stack.call('GET', `/cases/${c.id}/sms`, { token: staff });
    const sent = (records.body.items as { outcome: string; template: string; to: string }[]).filter(
      (m) => m.outcome === 'sent',
    );
    expect(sent.map((m) => m.template)).toEqual([
      'intake',
      'transfer',
      'result',
      'closure',
      'follow_up_invitation',
    ]);
    expect(sent.every((m) => m.to === '138****5678')).toBe(true);
    expect(JSON.stringify(records.body)).not.toContain(PHONE);
    expect(JSON.stringify(records.body)).not.toContain(path.slice(3));
    // Recording a text writes neither the case nor its trail: the chain holds the steps alone.
    const events = await stack.call('GET', `/cases/${c.id}/events?verify=true`, { token: staff });
    expect(events.body.items.some((e: { action: string }) => e.action.startsWith('sms.'))).toBe(false);
    expect(events.body.verification).toEqual({ intact: true });
  });

  it('a sent text is kept beside the case without changing it: same version, same trail, on the case screen', async () => {
    // Prepare + Act: intake owes the receipt text; the drain sends it
    const c = await registered();

    // Assert
    const view = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ version: 1, eventCount: 1, smsCursor: null });
    expect(view.body.timeline.map((e: { action: string }) => e.action)).toEqual(['case.registered']);
    expect(view.body.smsMessages).toEqual([
      expect.objectContaining({ outcome: 'sent', template: 'intake', to: '138****5678', attempts: 1 }),
    ]);
    expect(view.body.smsMessages[0].text).toContain('/s/…');
  });

  it('the status page shows the steps with their dates and the department answer for the reporter', async () => {
    const c = await registered();
    const path = await statusPathFromNotice(c.id);
    const wo = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    await stack.drain();
    const before = await stack.call('GET', path);
    expect(before.text).toContain('转办至区社保局');
    expect(before.text).toContain('办理时限');
    expect(before.text).toContain('2026年11月04日 17:30');
    await stack.call('POST', `/work-orders/${wo.body.id}/feedback`, {
      token: dept,
      body: { kind: 'result', content: '内部处理意见：已约谈窗口', citizenReply: '已为您办结参保登记。' },
    });
    const after = await stack.call('GET', path);
    expect(after.text).toContain('区社保局已反馈');
    expect(after.text).toContain('已为您办结参保登记。');
    // The centre's own text stays with the centre.
    expect(after.text).not.toContain('内部处理意见');
    expect(after.text).not.toContain('赵科长');
  });

  it('a reporter who opts out on the status page gets no further text, and a refused or opted-out intake none at all', async () => {
    // Prepare
    const c = await registered();
    const path = await statusPathFromNotice(c.id);

    // Act
    const optOut = await stack.call('POST', `${path}/sms-opt-out`, form({}));
    await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    await stack.drain();
    const quiet = await registered({ smsOptOut: true });

    // Assert
    expect(optOut.status).toBe(303);
    expect(optOut.headers.get('location')).toBe(`${path}?done=opted_out`);
    expect((await messagesFor(c.number)).map((m) => m.template)).toEqual(['intake']);
    expect(await messagesFor(quiet.number)).toEqual([]);
    const page = await stack.call('GET', `${path}?done=opted_out`);
    expect(page.text).toContain('已退订本案的短信通知');
    const events = await stack.call('GET', `/cases/${c.id}/events`, { token: staff });
    expect(events.body.items.map((e: { action: string }) => e.action)).toContain('case.sms_opted_out');
  });
});

describe("the reporter's own rating (好差评)", () => {
  it('is refused before closure, stored once after it, distinct from the follow-up, and exported with the 好差评 export', async () => {
    // Prepare
    const c = await registered();
    const path = await statusPathFromNotice(c.id);
    const early = await stack.call('POST', `${path}/rating`, form({ satisfaction: '5' }));
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toMatch(/^text\/html/);
    expect(early.text).toContain('案件办结后才能评价');
    const open = await stack.call('GET', path);
    expect(open.text).not.toContain('提交评价');
    await stack.call('POST', `/cases/${c.id}/opinion`, {
      token: staff,
      body: { kind: 'on_the_spot', answer: '已当场说明所需材料' },
    });
    await stack.call('POST', `/cases/${c.id}/close`, {
      token: staff,
      body: { outcome: 'resolved', resolution: '当场办结' },
    });
    const closed = await stack.call('GET', path);
    expect(closed.text).toContain('提交评价');
    expect(closed.text).toContain('已当场说明所需材料');

    // Act
    const rated = await stack.call(
      'POST',
      `${path}/rating`,
      form({ satisfaction: '4', comment: '比以前快多了' }),
    );
    const again = await stack.call('POST', `${path}/rating`, form({ satisfaction: '1' }));
    await stack.call('POST', `/cases/${c.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 5, solved: true },
    });

    // Assert
    expect(rated.status).toBe(303);
    expect(again.status).toBe(409);
    expect(again.text).toContain('您已评价过');
    const got = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(got.body.citizenRating).toMatchObject({ satisfaction: 4, comment: '比以前快多了' });
    expect(got.body.followUps).toHaveLength(1);
    expect(got.body.followUps[0].satisfaction).toBe(5);
    const page = await stack.call('GET', path);
    expect(page.text).toContain('您的评价');
    expect(page.text).not.toContain('提交评价');
    const exported = await stack.call('GET', '/reports/ratings/2026-11', { token: director });
    const rows = (
      exported.body.items as { caseNumber: string; source: string; satisfaction: number }[]
    ).filter((r) => r.caseNumber === c.number);
    expect(rows).toEqual([
      expect.objectContaining({ source: 'follow_up', satisfaction: 5 }),
      expect.objectContaining({ source: 'reporter', satisfaction: 4, method: 'status_page' }),
    ]);
  });

  it('a rating without a level is refused with the form field named, and nothing is stored', async () => {
    const c = await registered();
    const path = await statusPathFromNotice(c.id);
    await stack.call('POST', `/cases/${c.id}/opinion`, {
      token: staff,
      body: { kind: 'on_the_spot', answer: '已答复' },
    });
    await stack.call('POST', `/cases/${c.id}/close`, {
      token: staff,
      body: { outcome: 'resolved', resolution: '办结' },
    });
    const res = await stack.call('POST', `${path}/rating`, form({ satisfaction: '9' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('请选择评价等级');
    const got = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(got.body.citizenRating).toBeUndefined();
  });
});
