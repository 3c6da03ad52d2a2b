/**
 * 办结, 回访 and reopening, 专班会议, 撤回 — closing the loop with the citizen and the departments.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-09-30T10:00:00+08:00';
let stack: TestStack;
let receiver: Receiver;
let staff: string;
let director: string;
let dept: string;

const close = (caseId: string) =>
  stack.call('POST', `/cases/${caseId}/close`, {
    token: staff,
    body: { outcome: 'resolved', resolution: '已为反映人办结参保登记' },
  });
const types = () => receiver.received.map((r) => JSON.parse(r.body).type as string);

async function transferredCase() {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token: staff,
    body: { departmentId: 'shebao', category: 'general' },
  });
  await stack.drain();
  return { caseId: c.body.id as string, woId: wo.body.id as string };
}

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  receiver = await startReceiver();
  await setUpCentre(stack, TENANT);
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
  director = await stack.token({ role: 'director', tenantId: TENANT });
  dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
  await stack.drain();
  receiver.received.length = 0;
});

describe('closure (办结)', () => {
  it('a case with an open work order cannot close (409); recall it, then close — the department hears work_order.recalled', async () => {
    const { caseId, woId } = await transferredCase();
    const blocked = await close(caseId);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('open_work_orders');
    const recall = await stack.call('POST', `/work-orders/${woId}/recall`, {
      token: staff,
      body: { reason: '反映人已自行办结' },
    });
    expect(recall.body.status).toBe('recalled');
    await stack.drain();
    expect(types()).toContain('work_order.recalled');
    const closed = await close(caseId);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closure: { outcome: 'resolved', closedBy: { name: '李娜' } },
      followUp: { round: 1, dueAt: '2026-10-08T17:30:00+08:00' },
    });
  });

  it('a reasoned negative answer (否定答复) closes a case answered on the spot', async () => {
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await stack.call('POST', `/cases/${c.body.id}/opinion`, {
      token: staff,
      body: { kind: 'on_the_spot', answer: '政策不允许' },
    });
    const res = await stack.call('POST', `/cases/${c.body.id}/close`, {
      token: staff,
      body: {
        outcome: 'answered_with_reasons',
        resolution: '依据《社会保险法》第十条，该情形不予办理，已当面说明',
      },
    });
    expect(res.body.closure.outcome).toBe('answered_with_reasons');
  });
});

describe('follow-up (回访)', () => {
  it('rating 5 → followed_up, off the supervision list', async () => {
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await close(c.body.id);
    const res = await stack.call('POST', `/cases/${c.body.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 5, solved: true, comment: '很满意' },
    });
    expect(res.body).toMatchObject({
      status: 'followed_up',
      followUps: [{ satisfaction: 5, round: 1, onTime: true }],
    });
    expect(res.body.followUp).toBeUndefined();
  });

  it('rating 2 → reopened with the reason on the timeline; departments and director told; a second follow-up required', async () => {
    const { caseId, woId } = await transferredCase();
    await stack.call('POST', `/work-orders/${woId}/feedback`, {
      token: dept,
      body: { kind: 'result', content: '已办理' },
    });
    await close(caseId);
    receiver.received.length = 0;
    const res = await stack.call('POST', `/cases/${caseId}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 2, comment: '仍要求补材料' },
    });
    expect(res.body).toMatchObject({ status: 'reopened', followUps: [{ satisfaction: 2, reopened: true }] });
    await stack.drain();
    expect(types()).toContain('work_order.reopened');
    const reopenedEvent = JSON.parse(
      receiver.received.find((r) => r.body.includes('work_order.reopened'))!.body,
    );
    expect(reopenedEvent.data.reason).toContain('不满意');
    const notes = await stack.call('GET', '/notifications', { token: staff });
    expect(
      notes.body.items.some(
        (n: { topic: string; caseId: string }) => n.topic === 'case.reopened' && n.caseId === caseId,
      ),
    ).toBe(true);
    const detail = await stack.call('GET', `/cases/${caseId}`, { token: staff });
    const reopened = detail.body.timeline.find((e: { action: string }) => e.action === 'case.reopened');
    expect(reopened.changes.reason).toContain('2（不满意）');

    // The bad rating stays: no second follow-up on a reopened case, and the record is kept.
    const overwrite = await stack.call('POST', `/cases/${caseId}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 5 },
    });
    expect(overwrite.status).toBe(409);

    // Re-handled and closed again: follow-up round 2 is owed, and both ratings are on record.
    const again = await close(caseId);
    expect(again.body.followUp.round).toBe(2);
    const second = await stack.call('POST', `/cases/${caseId}/follow-up`, {
      token: staff,
      body: { method: 'visit', satisfaction: 4, solved: true },
    });
    expect(second.body.status).toBe('followed_up');
    expect(
      second.body.followUps.map((f: { satisfaction: number; round: number }) => [f.round, f.satisfaction]),
    ).toEqual([
      [1, 2],
      [2, 4],
    ]);
  });

  it('"not solved" reopens even with a fair rating', async () => {
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await close(c.body.id);
    const res = await stack.call('POST', `/cases/${c.body.id}/follow-up`, {
      token: staff,
      body: { method: 'sms', satisfaction: 3, solved: false },
    });
    expect(res.body.status).toBe('reopened');
  });

  it('an owed follow-up shows in supervision from the day before it is due, overdue after the due working day', async () => {
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await close(c.body.id); // Wed 09-30: due the next working day, Thu 10-08 17:30 (after National Day)
    const chief = await stack.token({ role: 'duty_chief', tenantId: TENANT });
    const item = async () =>
      (await stack.call('GET', '/supervision', { token: chief })).body.items.find(
        (i: { kind: string; caseId: string }) => i.kind === 'follow_up' && i.caseId === c.body.id,
      );
    expect(await item()).toBeUndefined();
    await stack.clock.setTo(new Date('2026-10-08T09:00:00+08:00'));
    expect(await item()).toMatchObject({ state: 'due_soon', dueAt: '2026-10-08T17:30:00+08:00' });
    await stack.clock.setTo(new Date('2026-10-08T17:31:00+08:00'));
    expect(await item()).toMatchObject({ state: 'overdue' });
    const late = await stack.call('POST', `/cases/${c.body.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 4 },
    });
    expect(late.body.followUps[0].onTime).toBe(false);
    expect(await item()).toBeUndefined();
  });

  it('a satisfaction outside 1..5 → 400', async () => {
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await close(c.body.id);
    const res = await stack.call('POST', `/cases/${c.body.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 6 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('satisfaction');
  });
});

describe('task-force meetings (专班会议研究)', () => {
  it('the director records minutes; they are on the case and its timeline; staff cannot', async () => {
    const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    await stack.call('POST', `/cases/${c.body.id}/opinion`, { token: staff, body: { kind: 'task_force' } });
    const body = {
      date: '2026-09-30',
      participants: ['赵敏', '区社保局陈刚', '社区书记'],
      minutes: '研究反映人参保登记受阻问题，明确由区社保局牵头。',
      decisions: '两个工作日内上门办理',
    };
    expect((await stack.call('POST', `/cases/${c.body.id}/meetings`, { token: staff, body })).status).toBe(
      403,
    );
    const res = await stack.call('POST', `/cases/${c.body.id}/meetings`, { token: director, body });
    expect(res.status).toBe(200);
    expect(res.body.meetings[0]).toMatchObject({ minutes: body.minutes, participants: body.participants });
    const detail = await stack.call('GET', `/cases/${c.body.id}`, { token: staff });
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toContain('case.meeting_recorded');
  });
});
