/**
 * Entering a year's holiday notice (PUT /calendar/years/{year}) and what it does to deadlines
 * already running: on the local stack (DynamoDB Local, the SQS emulator, the local scheduler
 * and clock), through the recompute worker. The 2027 notice here is constructed for the test —
 * not the real one, which is not published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as recomputeWorker } from '../../functions/workers/calendar-recompute.ts';
import { getCalendarChange } from '../../shared/adapters/calendar-store.ts';
import { scheduleName } from '../../shared/domain/supervision.ts';
import { runCalendarRecompute } from '../../shared/use-cases/calendar-changes.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const LIANGSHAN = '513401001';
let stack: TestStack;
let receiver: Receiver;
// Tokens are issued at the stack clock's time and expire: each call takes a fresh one.
const admin = () => stack.token({ role: 'admin', sub: 'admin-sc', name: '省平台管理员' });
const staff = () => stack.token({ role: 'staff', tenantId: TENANT });
const dept = () => stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });

/** Constructed: every statutory day of 2027, 春节 02-05..02-11, and make-up Saturdays 02-13 and 10-09. */
const NOTICE_2027 = {
  title: '关于2027年部分节假日安排的通知（测试用，非真实通知）',
  number: '测试〔2026〕1号',
  daysOff: [
    { date: '2027-01-01', name: '元旦' },
    ...['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
    { date: '2027-04-05', name: '清明节' },
    ...['01', '02', '03', '04', '05'].map((d) => ({ date: `2027-05-${d}`, name: '劳动节' })),
    { date: '2027-06-09', name: '端午节' },
    { date: '2027-09-15', name: '中秋节' },
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, name: '国庆节' })),
  ],
  workdays: [
    { date: '2027-02-13', name: '春节' },
    { date: '2027-10-09', name: '国庆节' },
  ],
};

async function transfer(category: 'simple' | 'general' | 'complex', tenantId = TENANT) {
  const token = await stack.token({ role: 'staff', tenantId });
  const c = await stack.call('POST', '/cases', { token, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token,
    body: { departmentId: 'shebao', category },
  });
  expect(wo.status).toBe(201);
  await stack.drain();
  return { caseId: c.body.id as string, id: wo.body.id as string, dueAt: wo.body.dueAt as string };
}

const workOrder = async (id: string, tenantId = TENANT) =>
  (await stack.call('GET', `/work-orders/${id}`, { token: await stack.token({ role: 'staff', tenantId }) }))
    .body;
const trail = async (caseId: string) =>
  (await stack.call('GET', `/cases/${caseId}/events`, { token: await staff() })).body.items as {
    action: string;
    changes: Record<string, unknown>;
  }[];
const pendingNames = () => stack.scheduler.pending().map((s) => s.name);

async function moveTo(iso: string) {
  await stack.clock.setTo(new Date(iso));
  await stack.drain();
}

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-12-31T10:00:00+08:00' });
  receiver = await startReceiver();
  await setUpCentre(stack, TENANT);
  await setUpCentre(stack, LIANGSHAN, '西昌市测试便民服务中心');
  for (const tenantId of [TENANT, LIANGSHAN]) {
    await stack.call('PUT', `/tenants/${tenantId}/departments/shebao`, {
      token: await admin(),
      body: { name: '社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
    });
  }
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});

describe('PUT /calendar/years/{year}: validation', () => {
  it('a notice with dates outside its year, a day both off and working, a weekday make-up day and a missing statutory day is a 400, one detail per field, nothing saved', async () => {
    // Prepare
    const body = {
      ...NOTICE_2027,
      daysOff: [
        ...NOTICE_2027.daysOff.filter((d) => d.date !== '2027-06-09'),
        { date: '2028-01-01', name: '元旦' },
      ],
      workdays: [
        { date: '2027-02-11', name: '春节' },
        { date: '2027-02-15', name: '春节' },
      ],
    };

    // Act
    const res = await stack.call('PUT', '/calendar/years/2027', { token: await admin(), body });
    const days = await stack.call('GET', '/calendar/workdays?from=2027-02-15&to=2027-02-15', {
      token: await admin(),
    });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: `daysOff.${body.daysOff.length - 1}.date`, message: '放假日期应在2027年内' },
      { field: 'workdays.0.date', message: '2027-02-11 已列为放假日期，不能同时调休上班' },
      { field: 'workdays.1.date', message: '调休上班日期 2027-02-15 不是周六或周日' },
      { field: 'daysOff', message: '缺少法定节假日：2027-06-09（端午节）' },
    ]);
    expect(days.body.items[0]).toMatchObject({ provisional: true });
  });

  it('a malformed year and missing fields are 400s in Chinese; only an admin may publish', async () => {
    // Act
    const badYear = await stack.call('PUT', '/calendar/years/27', {
      token: await admin(),
      body: NOTICE_2027,
    });
    const missing = await stack.call('PUT', '/calendar/years/2027', {
      token: await admin(),
      body: { daysOff: [] },
    });
    const byStaff = await stack.call('PUT', '/calendar/years/2027', {
      token: await staff(),
      body: NOTICE_2027,
    });

    // Assert
    expect(badYear.status).toBe(400);
    expect(badYear.body.error.details).toEqual([
      { field: 'year', message: '年份应为 2000—2099 之间的四位数字' },
    ]);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'number',
      'title',
      'workdays',
    ]);
    expect(byStaff.status).toBe(403);
  });
});

describe('PUT /calendar/years/{year}: documented', () => {
  it('is in the OpenAPI document with its body and response schemas', async () => {
    // Act
    const res = await stack.call('GET', '/openapi.json');

    // Assert
    const put = res.body.paths['/calendar/years/{year}'].put;
    expect(put.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/PutCalendarYear',
    );
    expect(put.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CalendarYearPublished',
    );
  });
});

describe('publish → recompute → the due check fires at the new time', () => {
  it('open orders and owed follow-ups move with a trail, schedules and messages; answered orders stay as they were', async () => {
    // Prepare: a simple order on 2026-12-31 (provisional 2027 New Year), then orders across the lunar new year.
    const newYear = await transfer('simple');
    expect(newYear.dueAt).toBe('2027-01-04T17:30:00+08:00');
    expect(await workOrder(newYear.id)).toMatchObject({ provisional: true });
    await moveTo('2027-02-03T10:00:00+08:00');
    const open = await transfer('general');
    const answered = await transfer('general');
    const short = await transfer('simple');
    await stack.call('POST', `/work-orders/${answered.id}/feedback`, {
      token: await dept(),
      body: { kind: 'result', content: '已办结' },
    });
    await moveTo('2027-02-04T10:00:00+08:00');
    const closed = await stack.call('POST', '/cases', { token: await staff(), body: intakeBody() });
    await stack.call('POST', `/cases/${closed.body.id}/opinion`, {
      token: await staff(),
      body: { kind: 'on_the_spot', answer: '已当场答复' },
    });
    const closing = await stack.call('POST', `/cases/${closed.body.id}/close`, {
      token: await staff(),
      body: { outcome: 'resolved', resolution: '已当场办结' },
    });
    // Provisional: 除夕 02-05 to 初三 02-08, then the substitute days 02-09 and 02-10.
    expect(open.dueAt).toBe('2027-02-11T17:30:00+08:00');
    expect(closing.body.followUp.dueAt).toBe('2027-02-11T17:30:00+08:00');
    const answeredBefore = await workOrder(answered.id);
    receiver.received.length = 0;
    await stack.clock.setTo(new Date('2027-02-04T11:00:00+08:00'));

    const yearBefore = await stack.call('GET', '/calendar/years/2027', { token: await staff() });

    // Act
    const put = await stack.call('PUT', '/calendar/years/2027', { token: await admin(), body: NOTICE_2027 });
    await stack.drain();

    // Assert: the notice is saved and replaces the provisional verdicts.
    expect(yearBefore.body).toEqual({ year: 2027, schedule: 'provisional', notices: [] });
    expect(put.status).toBe(200);
    const yearAfter = await stack.call('GET', '/calendar/years/2027', { token: await staff() });
    expect(yearAfter.body).toMatchObject({ schedule: 'entered', notices: [{ number: '测试〔2026〕1号' }] });
    const packaged = await stack.call('GET', '/calendar/years/2026', { token: await staff() });
    expect(packaged.body).toEqual({ year: 2026, schedule: 'packaged', notices: [] });
    expect(put.body.notice).toMatchObject({
      year: 2027,
      number: '测试〔2026〕1号',
      updatedAt: '2027-02-04T11:00:00+08:00',
      updatedBy: { id: 'admin-sc', name: '省平台管理员' },
    });
    expect(put.body.recompute).toEqual({
      id: expect.stringMatching(/^calchg_/),
      changedDays: [
        { date: '2027-02-11', workday: false },
        { date: '2027-02-13', workday: true },
        { date: '2027-05-05', workday: false },
        { date: '2027-10-06', workday: false },
        { date: '2027-10-07', workday: false },
        { date: '2027-10-09', workday: true },
      ],
      status: 'queued',
    });
    const moved = await workOrder(open.id);
    expect(moved).toMatchObject({ dueAt: '2027-02-12T17:30:00+08:00', provisional: false, overdue: false });
    expect((await trail(open.caseId)).filter((e) => e.action === 'work_order.due_recomputed')).toEqual([
      expect.objectContaining({
        changes: expect.objectContaining({
          workOrderId: open.id,
          dueAt: { from: '2027-02-11T17:30:00+08:00', to: '2027-02-12T17:30:00+08:00' },
          provisional: { from: true, to: false },
          reason: `${NOTICE_2027.title}（${NOTICE_2027.number}）`,
        }),
      }),
    ]);
    // Its schedules moved: none left for the old due time, the new one's reminder and due check pending.
    expect(pendingNames()).not.toContain(scheduleName(open.id, 'due', '2027-02-11T17:30:00+08:00'));
    expect(pendingNames()).toEqual(
      expect.arrayContaining([
        scheduleName(open.id, 'reminder', '2027-02-12T17:30:00+08:00'),
        scheduleName(open.id, 'due', '2027-02-12T17:30:00+08:00'),
      ]),
    );
    // The department and the centre are told, once.
    const toDepartment = receiver.received.map((r) => JSON.parse(r.body));
    expect(toDepartment.filter((m) => m.type === 'work_order.deadline_changed')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ dueAt: '2027-02-12T17:30:00+08:00' }) }),
    ]);
    const notes = (await stack.call('GET', '/notifications', { token: await staff() })).body.items;
    expect(notes.filter((n: { topic: string }) => n.topic === 'work_order.due_recomputed')).toEqual([
      expect.objectContaining({ workOrderId: open.id }),
    ]);
    // A due time the notice confirms becomes certain, and only that.
    expect(await workOrder(newYear.id)).toMatchObject({
      dueAt: '2027-01-04T17:30:00+08:00',
      provisional: false,
    });
    // The owed follow-up moves with the same reason.
    const followed = await stack.call('GET', `/cases/${closed.body.id}`, { token: await staff() });
    expect(followed.body.followUp.dueAt).toBe('2027-02-12T17:30:00+08:00');
    expect((await trail(closed.body.id)).map((e) => e.action)).toContain('case.follow_up_rescheduled');
    // Answered and unreached orders keep their history.
    expect(await workOrder(answered.id)).toEqual(answeredBefore);
    expect((await trail(answered.caseId)).map((e) => e.action)).not.toContain('work_order.due_recomputed');
    expect(await workOrder(short.id)).toMatchObject({ dueAt: '2027-02-04T17:30:00+08:00' });

    // The due check fires at the new time, not the old one.
    await moveTo('2027-02-11T17:31:00+08:00');
    expect(await workOrder(open.id)).toMatchObject({ overdue: false });
    await moveTo('2027-02-12T17:31:00+08:00');
    expect(await workOrder(open.id)).toMatchObject({ overdue: true, escalationLevel: 1 });
  });

  it('a later correction (an override) takes the same path: the make-up Saturday becomes the due day, once even when the page runs twice at once', async () => {
    // Prepare: a simple order transferred Thu 2027-02-04 is due Fri 02-12 under the notice.
    await stack.clock.setTo(new Date('2027-02-04T12:00:00+08:00'));
    const order = await transfer('simple');
    expect(order.dueAt).toBe('2027-02-12T17:30:00+08:00');
    await stack.clock.setTo(new Date('2027-02-04T13:00:00+08:00'));

    // Act: the queue would deliver the page once; run it twice concurrently, as a redelivery may.
    const put = await stack.call('PUT', '/calendar/overrides/2027-02-12', {
      token: await admin(),
      body: { workday: false, name: '停电停止办公' },
    });
    const message = { changeId: put.body.recompute.id as string };
    const record = (n: number) => ({ messageId: `m${n}`, body: JSON.stringify(message) });
    const runs = await Promise.all([
      recomputeWorker({ Records: [record(1)] } as never),
      recomputeWorker({ Records: [record(2)] } as never),
    ]);
    await stack.drain();

    // Assert
    expect(put.status).toBe(200);
    expect(put.body.recompute).toMatchObject({ changedDays: [{ date: '2027-02-12', workday: false }] });
    expect(runs).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(await workOrder(order.id)).toMatchObject({ dueAt: '2027-02-13T17:30:00+08:00' });
    const events = (await trail(order.caseId)).filter((e) => e.action === 'work_order.due_recomputed');
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toMatchObject({
      dueAt: { from: '2027-02-12T17:30:00+08:00', to: '2027-02-13T17:30:00+08:00' },
      reason: '工作日历调整：2027-02-12不上班（停电停止办公）',
    });
    expect(pendingNames()).toContain(scheduleName(order.id, 'due', '2027-02-13T17:30:00+08:00'));
    expect(pendingNames()).not.toContain(scheduleName(order.id, 'due', '2027-02-12T17:30:00+08:00'));
  });

  it('a prefecture notice moves only its region, page by page, each order once', async () => {
    // Prepare: Liangshan simple orders the day before 火把节 2027 (provisional: 07-27..08-02 off).
    await stack.clock.setTo(new Date('2027-07-26T10:00:00+08:00'));
    const orders = [await transfer('simple', LIANGSHAN), await transfer('simple', LIANGSHAN)];
    const chengdu = await transfer('simple');
    expect(orders.map((o) => o.dueAt)).toEqual(['2027-08-03T17:30:00+08:00', '2027-08-03T17:30:00+08:00']);
    expect(chengdu.dueAt).toBe('2027-07-27T17:30:00+08:00');
    await stack.clock.setTo(new Date('2027-07-26T11:00:00+08:00'));
    const notice = {
      title: '凉山州人民政府办公室关于2027年部分节假日安排的通知（测试用，非真实通知）',
      number: '测试〔2026〕2号',
      region: '5134',
      daysOff: ['27', '28', '29', '30', '31'].map((d) => ({ date: `2027-07-${d}`, name: '火把节' })),
      workdays: [{ date: '2027-08-01', name: '火把节' }],
    };

    // Act: the first page by hand, one order long; the queue then runs the rest.
    const put = await stack.call('PUT', '/calendar/years/2027', { token: await admin(), body: notice });
    const first = await runCalendarRecompute({ changeId: put.body.recompute.id, pageSize: 1 });
    await stack.drain();

    // Assert
    expect(put.status).toBe(200);
    expect(first).toEqual({ moved: 1, more: true });
    for (const o of orders) {
      expect(await workOrder(o.id, LIANGSHAN)).toMatchObject({
        dueAt: '2027-08-01T17:30:00+08:00',
        provisional: false,
      });
    }
    expect(await workOrder(chengdu.id)).toMatchObject({ dueAt: '2027-07-27T17:30:00+08:00' });
    expect((await trail(chengdu.caseId)).map((e) => e.action)).not.toContain('work_order.due_recomputed');
    expect(await getCalendarChange(put.body.recompute.id)).toMatchObject({ status: 'done', moved: 2 });
  });

  it('a lost queue send is a 503 with the change saved; the retried request resends it and the order moves', async () => {
    // Prepare: a Chengdu simple order due Tue 2027-07-27; the recompute queue unreachable.
    await stack.clock.setTo(new Date('2027-07-26T12:00:00+08:00'));
    const order = await transfer('simple');
    await stack.clock.setTo(new Date('2027-07-26T12:05:00+08:00'));
    const queueUrl = process.env.CALENDAR_RECOMPUTE_QUEUE_URL!;
    process.env.CALENDAR_RECOMPUTE_QUEUE_URL = `${queueUrl}-gone`;
    const body = { workday: false, name: '暴雨停止办公', region: '5101' };

    // Act
    let lost: Awaited<ReturnType<TestStack['call']>>;
    try {
      lost = await stack.call('PUT', '/calendar/overrides/2027-07-27', { token: await admin(), body });
    } finally {
      process.env.CALENDAR_RECOMPUTE_QUEUE_URL = queueUrl;
    }
    await stack.drain();
    const before = await workOrder(order.id);
    await stack.clock.setTo(new Date('2027-07-26T12:20:00+08:00'));
    const retried = await stack.call('PUT', '/calendar/overrides/2027-07-27', { token: await admin(), body });
    await stack.drain();

    // Assert
    expect(lost.status).toBe(503);
    expect(lost.body.error.message).toContain('请稍后原样重试');
    expect(before.dueAt).toBe('2027-07-27T17:30:00+08:00');
    expect(retried.status).toBe(200);
    expect(retried.body.recompute).toEqual({ id: null, changedDays: [], status: 'done' });
    expect(await workOrder(order.id)).toMatchObject({ dueAt: '2027-07-28T17:30:00+08:00' });
  });
});
