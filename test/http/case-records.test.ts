/**
 * A case's growing lists as paged sub-resources (events, meetings, follow-ups, a work order's
 * reports): follow-up records in items of their own, cases written before the move still read
 * whole and in order, cursors that cannot be pointed elsewhere, and another centre's lists a 404.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient, table } from '../../shared/adapters/dynamo.ts';
import { keys } from '../../shared/table.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const OTHER = '510104002';
const START = '2026-09-30T10:00:00+08:00';
let stack: TestStack;
let staff: string;
let director: string;
let otherStaff: string;

async function answeredCase(): Promise<string> {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  expect(c.status).toBe(201);
  const opinion = await stack.call('POST', `/cases/${c.body.id}/opinion`, {
    token: staff,
    body: { kind: 'on_the_spot', answer: '当场说明了补缴流程' },
  });
  expect(opinion.status).toBe(200);
  return c.body.id as string;
}

const close = (caseId: string) =>
  stack.call('POST', `/cases/${caseId}/close`, {
    token: staff,
    body: { outcome: 'resolved', resolution: '已办结' },
  });
const followUp = (caseId: string, satisfaction: number, comment: string) =>
  stack.call('POST', `/cases/${caseId}/follow-up`, {
    token: staff,
    body: { method: 'phone', satisfaction, comment },
  });

async function pages(path: string, limit: number, order: 'asc' | 'desc', token = staff) {
  const seen: unknown[][] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit), order, ...(cursor ? { cursor } : {}) });
    const res = await stack.call('GET', `${path}?${query}`, { token });
    expect(res.status, res.text).toBe(200);
    seen.push(res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor && seen.length < 20);
  return seen;
}

const caseItem = async (caseId: string) =>
  (await documentClient().send(new GetCommand({ TableName: table(), Key: keys.case(caseId) }))).Item!;

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  await setUpCentre(stack, TENANT);
  await setUpCentre(stack, OTHER, '另一便民服务中心');
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
  director = await stack.token({ role: 'director', tenantId: TENANT });
  otherStaff = await stack.token({ role: 'staff', tenantId: OTHER });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
});

describe('follow-up records (回访记录) in items of their own', () => {
  it('a reopening and a second follow-up: two FU# items, the case item keeps only the count and the latest', async () => {
    // Prepare
    const caseId = await answeredCase();
    await close(caseId);
    // Act
    const bad = await followUp(caseId, 2, '仍未办成');
    await close(caseId);
    const good = await followUp(caseId, 5, '已办成');
    // Assert
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ status: 'reopened', followUpCount: 1, followUps: [{ round: 1 }] });
    expect(good.body).toMatchObject({ status: 'followed_up', followUpCount: 2 });
    expect(good.body.followUps.map((f: { round: number }) => f.round)).toEqual([1, 2]);
    const stored = await caseItem(caseId);
    expect(stored.followUps).toBeUndefined();
    expect(stored).toMatchObject({ followUpCount: 2, latestFollowUp: { round: 2, satisfaction: 5 } });
    const list = await pages(`/cases/${caseId}/follow-ups`, 1, 'asc');
    expect(list.flat().map((f) => (f as { comment: string }).comment)).toEqual(['仍未办成', '已办成']);
    const view = await stack.call('GET', `/cases/${caseId}`, { token: staff });
    expect(view.body).toMatchObject({ followUpCount: 2, followUps: [{ round: 1 }, { round: 2 }] });
  });
});

describe('a case written before the lists moved out (meetings and follow-ups embedded in the case item)', () => {
  it('reads whole and in order: the embedded entries first, then the items, in both directions, across pages', async () => {
    // Prepare: an older case's item, with two meetings and two follow-ups embedded.
    const caseId = await answeredCase();
    const by = { id: 'u-old', name: '王旧' };
    const oldMeeting = (n: number) => ({
      id: `mtg_${'0'.repeat(25)}${n}`,
      date: '2026-09-29',
      participants: ['王旧'],
      minutes: `旧纪要${n}`,
      recordedAt: '2026-09-29T10:00:00+08:00',
      recordedBy: by,
    });
    const oldFollowUp = (n: number) => ({
      method: 'phone',
      satisfaction: 1,
      comment: `旧回访${n}`,
      round: n,
      at: `2026-09-2${n}T10:00:00+08:00`,
      by,
      onTime: true,
      reopened: true,
    });
    await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.case(caseId),
        UpdateExpression: 'SET meetings = :m, followUps = :f',
        ExpressionAttributeValues: {
          ':m': [oldMeeting(1), oldMeeting(2)],
          ':f': [oldFollowUp(1), oldFollowUp(2)],
        },
      }),
    );
    // Act: one new meeting, and a third follow-up after closing.
    const meeting = await stack.call('POST', `/cases/${caseId}/meetings`, {
      token: director,
      body: { date: '2026-09-30', participants: ['张主任'], minutes: '新纪要' },
    });
    await close(caseId);
    const third = await followUp(caseId, 5, '新回访');
    // Assert
    expect(meeting.body.meetingCount).toBe(3);
    expect(third.body).toMatchObject({ followUpCount: 3, latestFollowUp: { round: 3 } });
    const minutes = (p: unknown[][]) => p.map((page) => page.map((m) => (m as { minutes: string }).minutes));
    expect(minutes(await pages(`/cases/${caseId}/meetings`, 2, 'asc'))).toEqual([
      ['旧纪要1', '旧纪要2'],
      ['新纪要'],
    ]);
    expect(minutes(await pages(`/cases/${caseId}/meetings`, 2, 'desc'))).toEqual([
      ['新纪要', '旧纪要2'],
      ['旧纪要1'],
    ]);
    expect(minutes(await pages(`/cases/${caseId}/meetings`, 1, 'desc'))).toEqual([
      ['新纪要'],
      ['旧纪要2'],
      ['旧纪要1'],
    ]);
    const comments = (p: unknown[][]) => p.flat().map((f) => (f as { comment: string }).comment);
    expect(comments(await pages(`/cases/${caseId}/follow-ups`, 1, 'asc'))).toEqual([
      '旧回访1',
      '旧回访2',
      '新回访',
    ]);
    expect(comments(await pages(`/cases/${caseId}/follow-ups`, 5, 'desc'))).toEqual([
      '新回访',
      '旧回访2',
      '旧回访1',
    ]);
    const view = await stack.call('GET', `/cases/${caseId}`, { token: staff });
    expect(view.body).toMatchObject({ meetingCount: 3, followUpCount: 3 });
    expect(view.body.followUps.map((f: { comment: string }) => f.comment)).toEqual([
      '旧回访1',
      '旧回访2',
      '新回访',
    ]);
    const printed = await stack.call('GET', `/cases/${caseId}/meetings/${oldMeeting(2).id}/minutes`, {
      token: staff,
    });
    expect(printed.status).toBe(200);
    expect(printed.text).toContain('旧纪要2');
    const newId = view.body.meetings.at(-1).id;
    const printedNew = await stack.call('GET', `/cases/${caseId}/meetings/${newId}/minutes`, {
      token: staff,
    });
    expect(printedNew.status).toBe(200);
    expect(printedNew.text).toContain('新纪要');
  });
});

describe('cursors and tenancy', () => {
  it('a cursor of another case, of another list, or forged is a 400 on cursor; another centre reads a 404', async () => {
    // Prepare: two cases with more events than one page.
    const a = await answeredCase();
    const b = await answeredCase();
    const first = await stack.call('GET', `/cases/${a}/events?limit=1`, { token: staff });
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const forged = Buffer.from(JSON.stringify({ pk: `CASE#${a}`, sk: 'EV#000001', extra: 'x' })).toString(
      'base64url',
    );
    const foreignPk = Buffer.from(JSON.stringify({ pk: `CASE#${b}`, sk: 'EV#000001' })).toString('base64url');
    // Act
    const answers = await Promise.all([
      stack.call('GET', `/cases/${b}/events?cursor=${cursor}`, { token: staff }),
      stack.call('GET', `/cases/${a}/meetings?cursor=${cursor}`, { token: staff }),
      stack.call('GET', `/cases/${a}/follow-ups?cursor=${cursor}`, { token: staff }),
      stack.call('GET', `/cases/${a}/events?cursor=${forged}`, { token: staff }),
      stack.call('GET', `/cases/${a}/events?cursor=${foreignPk}`, { token: staff }),
      stack.call('GET', `/cases/${a}/events?cursor=%21%21`, { token: staff }),
    ]);
    const foreign = await Promise.all(
      ['events', 'meetings', 'follow-ups'].map((list) =>
        stack.call('GET', `/cases/${a}/${list}`, { token: otherStaff }),
      ),
    );
    const next = await stack.call('GET', `/cases/${a}/events?limit=1&cursor=${cursor}`, { token: staff });
    // Assert
    for (const res of answers) {
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.details).toEqual([
        { field: 'cursor', message: expect.stringContaining('翻页游标') },
      ]);
    }
    expect(foreign.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(next.status).toBe(200);
    expect(next.body.items.map((e: { seq: number }) => e.seq)).toEqual([2]);
  });

  it('limit outside 1..50 and an unknown order are 400s naming the field', async () => {
    const a = await answeredCase();
    const [big, order] = await Promise.all([
      stack.call('GET', `/cases/${a}/meetings?limit=51`, { token: staff }),
      stack.call('GET', `/cases/${a}/events?order=newest`, { token: staff }),
    ]);
    expect(big.status).toBe(400);
    expect(big.body.error.details[0].field).toBe('limit');
    expect(order.status).toBe(400);
    expect(order.body.error.details[0].field).toBe('order');
  });
});
