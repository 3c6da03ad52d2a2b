/**
 * Reminder, overdue and escalation messages say in their first line what is due or overdue, by
 * or since when and (escalated) to whom, and differ from the original transfer and from one
 * another — in both channels: the webhook's `data.message`, and the e-mail's subject, the first
 * line of its text part and the first line of its HTML with every style stripped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailsFor, unstyledLines } from '../support/eml.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';
const mailDir = mkdtempSync(join(tmpdir(), 'bancheng-deadline-mail-'));
let stack: TestStack;
let receiver: Receiver;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack({ now: START, mailDir });
  receiver = await startReceiver();
  await setUpCentre(stack, TENANT);
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  await stack.call('PUT', `/tenants/${TENANT}/departments/minzheng`, {
    token: admin,
    body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});

async function transferTo(departmentId: string) {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token: staff,
    body: { departmentId, category: 'general' },
  });
  expect(wo.status).toBe(201);
  return wo.body as { id: string; number: string; dueAt: string };
}

/** Reminder on the due morning, overdue at the due time, escalation a working day later. */
async function runTheDeadlineThrough() {
  await stack.drain();
  await stack.clock.setTo(new Date('2026-11-04T09:30:00+08:00'));
  await stack.drain();
  await stack.clock.setTo(new Date('2026-11-04T17:31:00+08:00'));
  await stack.drain();
  await stack.clock.setTo(new Date('2026-11-05T17:31:00+08:00'));
  await stack.drain();
}

const headlines = (number: string, unit: string) => ({
  reminder: `办理提醒：工单 ${number} 须于 2026年11月04日 17:30 前反馈办理结果（${unit}）。`,
  overdue: `超期督办：工单 ${number} 的办理时限 2026年11月04日 17:30 已过，仍未反馈办理结果，请立即办理并反馈（${unit}）。`,
  escalated: `升级督办：工单 ${number} 自 2026年11月04日 17:30 超过办理时限，超期一个工作日仍未反馈办理结果，已升级至县级督办（锦江区），请立即办理并反馈（${unit}）。`,
});

describe('deadline messages to the department', () => {
  // Prepare: one order to a webhook unit and one to an e-mail unit, transferred at the same time.
  let byWebhook: Awaited<ReturnType<typeof transferTo>>;
  let byEmail: Awaited<ReturnType<typeof transferTo>>;
  beforeAll(async () => {
    byWebhook = await transferTo('shebao');
    byEmail = await transferTo('minzheng');
    // Act
    await runTheDeadlineThrough();
  });

  it('by webhook: reminder, overdue and escalation each open with their own first line, the transfer with none', () => {
    const wo = byWebhook;
    // Assert
    const bodies = receiver.received
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.data.workOrder.id === wo.id);
    expect(bodies.map((b) => b.type)).toEqual([
      'work_order.assigned',
      'work_order.reminder',
      'work_order.overdue',
      'work_order.escalated',
    ]);
    const byType = Object.fromEntries(bodies.map((b) => [b.type, b]));
    const expected = headlines(wo.number, '区社保局');
    expect(byType['work_order.assigned'].data.message).toBeUndefined();
    expect(byType['work_order.reminder'].data.message).toBe(expected.reminder);
    expect(byType['work_order.overdue'].data.message).toBe(expected.overdue);
    expect(byType['work_order.escalated'].data.message).toBe(expected.escalated);
    expect(byType['work_order.escalated'].data.workOrder).toMatchObject({
      escalationLevel: 2,
      overdue: true,
    });
    // The escalation still carries working action links: the department can still answer.
    expect(byType['work_order.escalated'].data.actions.feedback).toMatch(/\/actions\//);
  });

  it('by e-mail: the subject, the text part and the unstyled HTML open with what is due, overdue or escalated', () => {
    const wo = byEmail;
    // Assert
    const mails = mailsFor(mailDir, wo.id);
    expect(mails).toHaveLength(4);
    const [assigned, reminder, overdue, escalated] = mails as [
      (typeof mails)[0],
      (typeof mails)[0],
      (typeof mails)[0],
      (typeof mails)[0],
    ];
    const expected = headlines(wo.number, '街道民政办');
    const firstTextLine = (text: string) => text.split('\n').find((l) => l.trim()) ?? '';

    expect(assigned.subject).toBe(`【转办单】${wo.number} 城乡居民养老保险参保登记`);
    expect(reminder.subject).toBe(
      `【办理提醒】${wo.number} 须于 2026年11月04日 17:30 前反馈 城乡居民养老保险参保登记`,
    );
    expect(overdue.subject).toBe(
      `【超期督办】${wo.number} 已超过办理时限 2026年11月04日 17:30 城乡居民养老保险参保登记`,
    );
    expect(escalated.subject).toBe(
      `【升级督办】${wo.number} 超期未反馈，已升级至县级督办（锦江区） 城乡居民养老保险参保登记`,
    );

    expect(firstTextLine(reminder.text)).toBe(expected.reminder);
    expect(firstTextLine(overdue.text)).toBe(expected.overdue);
    expect(firstTextLine(escalated.text)).toBe(expected.escalated);
    for (const headline of Object.values(expected)) expect(firstTextLine(assigned.text)).not.toBe(headline);

    expect(unstyledLines(reminder.html)[0]).toBe(expected.reminder);
    expect(unstyledLines(overdue.html)[0]).toBe(expected.overdue);
    expect(unstyledLines(escalated.html)[0]).toBe(expected.escalated);
    // Stripped of its styles the form that follows is still there to read, with the case's number.
    expect(unstyledLines(escalated.html).join('\n')).toContain(wo.number);
  });
});
