/**
 * The department's action page behind the signed link: the order's state and only its legal
 * next actions, plain form posts (no JavaScript) answered by the page with the outcome, the
 * acting officer's name on the trail, and a Chinese page with a phone number for a bad link.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signActionToken } from '../../shared/domain/action-links.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import {
  setUpWebhookCentre,
  startTestStack,
  type TestStack,
  transferredWithLinks,
} from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';
let stack: TestStack;
let receiver: Receiver;
let staff: string;

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

const transferred = () => transferredWithLinks(stack, staff, receiver.received);
const order = async (id: string) => (await stack.call('GET', `/work-orders/${id}`, { token: staff })).body;

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  receiver = await startReceiver();
  await setUpWebhookCentre(stack, TENANT, receiver.url);
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});

describe('the action page', () => {
  it('shows the state, the due time and only the legal next actions, with no script', async () => {
    const l = await transferred();
    const page = await stack.call('GET', l.ack);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('已送达，待签收');
    expect(page.text).toContain('2026年11月04日 17:30');
    expect(page.text).toContain('name="viewport"');
    for (const action of ['ack', 'feedback', 'extension', 'return']) {
      expect(page.text).toContain(`name="action" value="${action}"`);
    }
    expect(page.text).not.toContain('<script');
  });

  it('signs for the order by a plain form post naming the officer; the page then says so and no longer offers 签收', async () => {
    // Prepare
    const l = await transferred();

    // Act
    const post = await stack.call('POST', l.ack, form({ action: 'ack', officerName: '王科员' }));
    const after = await stack.call('GET', post.headers.get('location') ?? '');

    // Assert
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe(`${l.ack}?done=ack`);
    expect(after.text).toContain('已签收。请在办理时限前反馈办理结果。');
    expect(after.text).toContain('已签收，办理中');
    expect(after.text).not.toContain('name="action" value="ack"');
    expect(after.text).toContain('name="action" value="feedback"');
    const wo = await order(l.woId);
    expect(wo.status).toBe('acknowledged');
    expect(wo.acknowledgedBy).toEqual({ id: 'link:shebao', name: '王科员' });
    const events = await stack.call('GET', `/cases/${l.caseId}/events`, { token: staff });
    const ack = events.body.items.find((e: { action: string }) => e.action === 'work_order.acknowledged');
    expect(ack.actor).toEqual({ id: 'link:shebao', name: '王科员', role: 'department' });
  });

  it('without the officer’s name nothing happens and the page asks for it, keeping what was typed', async () => {
    const l = await transferred();
    const res = await stack.call(
      'POST',
      l.feedback,
      form({ action: 'feedback', kind: 'result', content: '已办理完毕', officerName: '  ' }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('请填写经办人姓名');
    expect(res.text).toContain('已办理完毕');
    expect((await order(l.woId)).status).toBe('delivered');
  });

  it('a result with the answer for the reporter completes the order; then only evidence may be added and a replayed post is refused', async () => {
    const l = await transferred();
    const post = await stack.call(
      'POST',
      l.feedback,
      form({
        action: 'feedback',
        kind: 'result',
        content: '已为反映人办理参保登记',
        citizenReply: '您的参保登记已办好。',
        officerName: '陈刚',
      }),
    );
    expect(post.status).toBe(303);
    const wo = await order(l.woId);
    expect(wo.status).toBe('completed');
    expect(wo.feedback[0]).toMatchObject({ citizenReply: '您的参保登记已办好。', by: { name: '陈刚' } });
    const page = await stack.call('GET', l.feedback);
    expect(page.text).toContain('已反馈办理结果，本工单已办结');
    expect([...page.text.matchAll(/name="action" value="(\w+)"/g)].map((m) => m[1])).toEqual(['evidence']);
    const again = await stack.call('POST', l.ack, form({ action: 'ack', officerName: '陈刚' }));
    expect(again.status).toBe(400);
    expect(again.text).toContain('该操作当前不可用');
  });

  it('requests an extension (working days + reason) and returns an order, each by form post', async () => {
    const a = await transferred();
    const ext = await stack.call(
      'POST',
      a.ack,
      form({ action: 'extension', workdays: '3', reason: '需现场核查', officerName: '陈刚' }),
    );
    expect(ext.status).toBe(303);
    const extended = await order(a.woId);
    expect(extended.extension).toMatchObject({
      status: 'pending',
      workdays: 3,
      reason: '需现场核查',
      requestedBy: { name: '陈刚' },
    });
    const page = await stack.call('GET', a.ack);
    expect(page.text).toContain('3 个工作日，待中心审批');
    expect(page.text).not.toContain('name="action" value="extension"');

    const b = await transferred();
    const ret = await stack.call(
      'POST',
      b.ack,
      form({ action: 'return', reason: '不属于本单位职责', officerName: '陈刚' }),
    );
    expect(ret.status).toBe(303);
    expect((await order(b.woId)).status).toBe('returned');
  });

  it('a view-only link shows the order without forms, and a post through it is refused', async () => {
    const l = await transferred();
    const page = await stack.call('GET', l.view);
    expect(page.text).toContain('此链接仅供查看转办单');
    expect(page.text).not.toContain('name="action"');
    const post = await stack.call('POST', l.view, form({ action: 'ack', officerName: '陈刚' }));
    expect(post.status).toBe(403);
    expect((await order(l.woId)).status).toBe('delivered');
  });

  it('a JSON post through the ack link still signs for the order (e-mail buttons and scripts)', async () => {
    const l = await transferred();
    const res = await stack.call('POST', l.ack);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('acknowledged');
  });
});

describe('a bad link', () => {
  it('tampered: a Chinese page with a phone number, not JSON', async () => {
    const l = await transferred();
    const res = await stack.call('GET', `${l.ack.slice(0, -3)}AAA`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('操作链接无效');
    expect(res.text).toContain('12345');
  });

  it('expired: the page names the centre and its phone number', async () => {
    const l = await transferred();
    await stack.clock.advanceBy(61 * 24 * 3600_000);
    const res = await stack.call('GET', l.ack);
    expect(res.status).toBe(401);
    expect(res.text).toContain('操作链接已过期');
    expect(res.text).toContain('028-86660000');
    expect(res.text).toContain('春熙路街道便民服务中心');
  });

  it('superseded (the order is no longer this unit’s): a page with the centre’s phone number', async () => {
    const l = await transferred();
    const token = signActionToken(
      {
        workOrderId: l.woId,
        tenantId: TENANT,
        departmentId: 'minzheng',
        action: 'ack',
        expiresAt: new Date(new Date(START).getTime() + 3600_000),
      },
      (process.env.ACTION_LINK_SECRET ?? '').split(',')[0]!,
    );
    const res = await stack.call('GET', `/actions/${token}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('此链接已失效');
    expect(res.text).toContain('028-86660000');
  });
});
