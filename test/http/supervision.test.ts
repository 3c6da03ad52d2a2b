/**
 * 督办 on the local scheduler and clock: reminders, overdue escalation to the duty chief and
 * the county, the daily safety net, extensions and suspensions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as dueCheck } from '../../functions/workers/due-check.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-09-30T10:00:00+08:00';
let stack: TestStack;
let receiver: Receiver;
let staff: string;
let chief: string;
let director: string;
let dept: string;

async function transferGeneral(category = 'general') {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token: staff,
    body: { departmentId: 'shebao', category },
  });
  expect(wo.status).toBe(201);
  await stack.drain();
  return { caseId: c.body.id as string, wo: wo.body as { id: string; dueAt: string } };
}

const workOrder = async (id: string) =>
  (await stack.call('GET', `/work-orders/${id}`, { token: staff })).body;
const timeline = async (caseId: string): Promise<string[]> =>
  (await stack.call('GET', `/cases/${caseId}`, { token: staff })).body.timeline.map(
    (e: { action: string }) => e.action,
  );
const notesFor = async (woId: string) =>
  (await stack.call('GET', '/notifications', { token: staff })).body.items.filter(
    (n: { workOrderId: string }) => n.workOrderId === woId,
  );
const webhookTypes = () => receiver.received.map((r) => JSON.parse(r.body).type as string);

async function moveTo(iso: string) {
  await stack.clock.setTo(new Date(iso));
  await stack.drain();
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
  for (const date of ['2026-09-30', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14']) {
    await stack.call('PUT', `/tenants/${TENANT}/duty-roster/${date}`, {
      token: admin,
      body: { staffId: 'chief-wang', staffName: '王强' },
    });
  }
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
  chief = await stack.token({ role: 'duty_chief', tenantId: TENANT });
  director = await stack.token({ role: 'director', tenantId: TENANT, name: '赵敏' });
  dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
  receiver.received.length = 0;
});

describe('due checks on the local clock', () => {
  it('a general order: reminder on the due morning, overdue at the due time (duty chief told once), county a working day later', async () => {
    const { caseId, wo } = await transferGeneral();
    expect(wo.dueAt).toBe('2026-10-09T17:30:00+08:00');

    await moveTo('2026-10-09T09:30:00+08:00');
    expect(webhookTypes()).toContain('work_order.reminder');
    expect((await workOrder(wo.id)).overdue).toBe(false);

    await moveTo('2026-10-09T17:31:00+08:00');
    const overdue = await workOrder(wo.id);
    expect(overdue).toMatchObject({
      overdue: true,
      escalationLevel: 1,
      nextCheckAt: '2026-10-10T17:30:00+08:00',
    });
    expect(webhookTypes()).toContain('work_order.overdue');
    // The check fires again (Scheduler may deliver twice): nothing more happens.
    const again = await dueCheck({ workOrderId: wo.id, tenantId: TENANT, kind: 'due', dueAt: wo.dueAt });
    expect(again.outcome).toBe('none:done');
    const notes = await notesFor(wo.id);
    expect(notes.filter((n: { topic: string }) => n.topic === 'work_order.overdue')).toHaveLength(1);
    expect(notes[0].recipient).toMatchObject({ role: 'duty_chief', name: '王强' });

    const list = await stack.call('GET', '/supervision', { token: chief });
    // The order's status is read from the order (the open-work index holds none).
    expect(list.body.items.find((i: { id: string }) => i.id === wo.id)).toMatchObject({
      state: 'overdue',
      status: overdue.status,
      departmentName: overdue.departmentName,
    });
    expect(overdue.status).toBeDefined();

    // Sat 10-10 is a make-up working day: the county hears of it at its close of office hours.
    await moveTo('2026-10-10T17:31:00+08:00');
    expect(await workOrder(wo.id)).toMatchObject({ escalationLevel: 2 });
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });
    const countyList = await stack.call('GET', '/supervision', { token: county });
    expect(countyList.body.items.map((i: { id: string }) => i.id)).toContain(wo.id);
    const neighbour = await stack.token({ role: 'supervisor', regionCode: '510105' });
    expect((await stack.call('GET', '/supervision', { token: neighbour })).body.items).toEqual([]);
    expect(await timeline(caseId)).toEqual(
      expect.arrayContaining(['work_order.reminded', 'work_order.overdue', 'work_order.escalated']),
    );
  });

  it('a result before the due time cancels what is pending: nothing fires later', async () => {
    const { wo } = await transferGeneral();
    await stack.call('POST', `/work-orders/${wo.id}/feedback`, {
      token: dept,
      body: { kind: 'result', content: '已办结' },
    });
    expect(stack.scheduler.pending().filter((s) => s.name.startsWith(wo.id))).toEqual([]);
    await moveTo('2026-10-12T09:00:00+08:00');
    expect(await workOrder(wo.id)).toMatchObject({ status: 'completed', overdue: false, escalationLevel: 0 });
  });

  it('a complex order: a progress report moves the next check 5 working days on', async () => {
    const { wo } = await transferGeneral('complex');
    expect(wo.dueAt).toBe('2026-10-13T17:30:00+08:00');
    await moveTo('2026-10-12T10:00:00+08:00');
    const res = await stack.call('POST', `/work-orders/${wo.id}/feedback`, {
      token: dept,
      body: { kind: 'progress', content: '已召集相关科室研究' },
    });
    // Mon 10-12 + 5 working days → Mon 10-19.
    expect(res.body).toMatchObject({
      dueAt: '2026-10-19T17:30:00+08:00',
      nextCheckAt: '2026-10-19T17:30:00+08:00',
    });
    const names = stack.scheduler
      .pending()
      .map((s) => s.name)
      .filter((n) => n.startsWith(wo.id));
    expect(names.some((n) => n.includes('.due.20261019T0930'))).toBe(true);
    expect(names.some((n) => n.includes('20261013'))).toBe(false);
    await moveTo('2026-10-14T10:00:00+08:00');
    expect((await workOrder(wo.id)).overdue).toBe(false);
  });
});

describe('the daily safety net', () => {
  it('a deleted schedule: the safety net still marks the order overdue', async () => {
    const { wo } = await transferGeneral();
    for (const s of stack.scheduler.pending()) if (s.name.startsWith(wo.id)) stack.scheduler.cancel(s.name);
    await stack.clock.setTo(new Date('2026-10-09T17:45:00+08:00'));
    expect((await workOrder(wo.id)).overdue).toBe(false); // nothing scheduled fired
    await stack.drain(); // the safety net runs with the other scheduled workers
    expect(await workOrder(wo.id)).toMatchObject({ overdue: true, escalationLevel: 1 });
  });
});

describe('extension (延期) and suspension (暂停计时)', () => {
  it('extension approved → new due time and schedule; refused → unchanged', async () => {
    const { caseId, wo } = await transferGeneral();
    const req = await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { reason: '需向市局调取档案', workdays: 3 },
    });
    expect(req.body.extension).toMatchObject({ status: 'pending', workdays: 3 });
    const twice = await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { reason: '再申请', workdays: 1 },
    });
    expect(twice.status).toBe(409);
    expect(
      (
        await stack.call('POST', `/work-orders/${wo.id}/extension/decision`, {
          token: staff,
          body: { approve: true },
        })
      ).status,
    ).toBe(403);
    const ok = await stack.call('POST', `/work-orders/${wo.id}/extension/decision`, {
      token: director,
      body: { approve: true, comment: '同意' },
    });
    // 10-09 + 3 working days: Sat 10-10 (make-up), Mon 10-12, Tue 10-13.
    expect(ok.body).toMatchObject({
      dueAt: '2026-10-13T17:30:00+08:00',
      extension: {
        status: 'approved',
        previousDueAt: '2026-10-09T17:30:00+08:00',
        decidedBy: { name: '赵敏' },
      },
    });
    const names = stack.scheduler
      .pending()
      .map((s) => s.name)
      .filter((n) => n.startsWith(wo.id));
    expect(names).toContain(`${wo.id}.due.20261013T0930`);
    expect(names.some((n) => n.includes('20261009'))).toBe(false);
    await moveTo('2026-10-09T18:00:00+08:00');
    expect((await workOrder(wo.id)).overdue).toBe(false);
    expect(await timeline(caseId)).toEqual(
      expect.arrayContaining(['work_order.extension_requested', 'work_order.extension_approved']),
    );
  });

  it('an extension cannot be asked for after the due time (422)', async () => {
    const { wo } = await transferGeneral();
    await stack.clock.setTo(new Date('2026-10-09T18:00:00+08:00'));
    const res = await stack.call('POST', `/work-orders/${wo.id}/extension`, {
      token: dept,
      body: { reason: '来不及', workdays: 2 },
    });
    expect(res.status).toBe(422);
  });

  it('suspension stops the clock; resumption gives back the unused working days', async () => {
    const { caseId, wo } = await transferGeneral();
    await stack.clock.setTo(new Date('2026-09-30T11:00:00+08:00'));
    const paused = await stack.call('POST', `/work-orders/${wo.id}/suspension`, {
      token: staff,
      body: { reason: '等待反映人补正户口簿复印件' },
    });
    expect(paused.body.suspension).toMatchObject({ reason: '等待反映人补正户口簿复印件' });
    expect(stack.scheduler.pending().filter((s) => s.name.startsWith(wo.id))).toEqual([]);
    await moveTo('2026-10-12T10:00:00+08:00');
    expect((await workOrder(wo.id)).overdue).toBe(false);
    const supervision = await stack.call('GET', '/supervision', { token: chief });
    expect(supervision.body.items.find((i: { id: string }) => i.id === wo.id)?.state).toBe('suspended');
    const resumed = await stack.call('POST', `/work-orders/${wo.id}/resumption`, { token: staff });
    // Unused: Thu 10-08 and Fri 10-09 (10-01..07 are the holiday) → 2 working days after Mon 10-12.
    expect(resumed.body).toMatchObject({
      dueAt: '2026-10-14T17:30:00+08:00',
      nextCheckAt: '2026-10-14T17:30:00+08:00',
    });
    expect(resumed.body.suspension).toBeUndefined();
    await moveTo('2026-10-14T17:31:00+08:00');
    expect((await workOrder(wo.id)).overdue).toBe(true);
    expect(await timeline(caseId)).toEqual(
      expect.arrayContaining(['work_order.suspended', 'work_order.resumed']),
    );
  });
});
