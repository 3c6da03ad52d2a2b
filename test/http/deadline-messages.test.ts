/**
 * Reminder and overdue messages say in their first line what is due or overdue and by when, and
 * differ from the original transfer: the webhook's `data.message`, the e-mail's subject and the
 * first line of its text part (what a mail client shows with the styles stripped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToText } from '../../shared/adapters/mailer.ts';
import { workOrderEmail } from '../../shared/use-cases/dispatch.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';
let stack: TestStack;
let receiver: Receiver;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  receiver = await startReceiver();
  await setUpCentre(stack, TENANT);
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});

describe('reminder and overdue messages', () => {
  it('each opens with what is due or overdue and by when, unlike the transfer', async () => {
    // Prepare
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    await stack.drain();

    // Act
    await stack.clock.setTo(new Date('2026-11-04T09:30:00+08:00'));
    await stack.drain();
    await stack.clock.setTo(new Date('2026-11-04T17:31:00+08:00'));
    await stack.drain();

    // Assert
    const bodies = receiver.received
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.data.workOrder.id === wo.body.id);
    const byType = Object.fromEntries(bodies.map((b) => [b.type, b]));
    expect(byType['work_order.assigned'].data.message).toBeUndefined();
    expect(byType['work_order.reminder'].data.message).toBe(
      `办理提醒：工单 ${wo.body.number} 须于 2026年11月04日 17:30 前反馈办理结果（区社保局）。`,
    );
    expect(byType['work_order.overdue'].data.message).toBe(
      `超期督办：工单 ${wo.body.number} 的办理时限 2026年11月04日 17:30 已过，仍未反馈办理结果，请立即办理并反馈（区社保局）。`,
    );

    // The e-mail of the same events: subject and the first line of the text part.
    const got = await stack.call('GET', `/cases/${c.body.id}`, { token: staff });
    const tenant = {
      tenantId: TENANT,
      name: '测试便民服务中心',
      version: 1,
      updatedAt: START,
      officeHours: { end: '17:30' },
    };
    const mail = (type: 'work_order.assigned' | 'work_order.reminder' | 'work_order.overdue') =>
      workOrderEmail({
        type,
        payload: JSON.stringify(byType[type]),
        workOrder: byType[type].data.workOrder,
        case: got.body,
        tenant,
      });
    const firstLine = (html: string) =>
      htmlToText(html)
        .split('\n')
        .find((l) => l.trim()) ?? '';
    expect(mail('work_order.reminder').subject).toBe(
      `【办理提醒】${wo.body.number} 须于 2026年11月04日 17:30 前反馈 城乡居民养老保险参保登记`,
    );
    expect(mail('work_order.overdue').subject).toContain('已超过办理时限 2026年11月04日 17:30');
    expect(firstLine(mail('work_order.reminder').html)).toBe(byType['work_order.reminder'].data.message);
    expect(firstLine(mail('work_order.overdue').html)).toBe(byType['work_order.overdue'].data.message);
    expect(firstLine(mail('work_order.assigned').html)).not.toContain('办理提醒');
  });
});
