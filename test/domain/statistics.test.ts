/**
 * The month's statistics against figures worked out by hand on a seeded month (March 2026, one
 * centre): eight cases, eight work orders, two of them from February; the audit events of
 * closures and follow-ups by their own time, two of them of February cases (0000c closed in
 * February and followed up in March; 0000d open at the start, closed and followed up in March).
 */
import { describe, expect, it } from 'vitest';
import {
  type ActivityEvent,
  closedAsOf,
  computeStatistics,
  levelOf,
  mergeStatistics,
  openAt,
  parentOf,
  scoreInputsOf,
  timeliness,
} from '../../shared/domain/statistics.ts';
import { previousMonth, shanghaiMonthRange } from '../../shared/domain/time.ts';
import { feedbackSummary } from '../../shared/domain/work-order.ts';
import type { Case, FollowUpRecord } from '../../shared/schemas/case.ts';
import type { Statistics } from '../../shared/schemas/report.ts';
import type { WorkOrder } from '../../shared/schemas/work-order.ts';

const T = '510104001';
const at = (local: string) => `2026-${local}:00+08:00`; // '03-10T09:00' → 2026-03-10T09:00:00+08:00
const ms = (local: string) => new Date(at(local)).getTime();
const clerk = { id: 'staff-li', name: '李娜' };
const officer = { id: 'dept-1', name: '陈刚' };

function aCase(id: string, over: Partial<Case> & { acceptedAt: string }): Case {
  return {
    id,
    number: `${T}-2026-${id.slice(-5)}`,
    tenantId: T,
    status: 'registered',
    version: 1,
    channel: 'onsite',
    reporter: { name: '张三', phone: '13800000000' },
    scope: { kind: 'repeated_consultation', accepted: true },
    matter: '养老保险参保',
    description: '情况记录',
    assisted: false,
    notice: { materialsComplete: true, nextSteps: '下一步', accepted: true },
    acceptedBy: clerk,
    confirmation: null,
    opinion: null,
    updatedAt: over.acceptedAt,
    ...over,
  };
}

const closure = (closedAt: string) => ({
  outcome: 'resolved' as const,
  resolution: '已办结',
  closedAt: at(closedAt),
  closedBy: clerk,
});

function rating(when: string, satisfaction: number, extra: Partial<FollowUpRecord> = {}): FollowUpRecord {
  return {
    method: 'phone',
    satisfaction,
    round: 1,
    at: at(when),
    by: clerk,
    onTime: true,
    reopened: satisfaction <= 2,
    ...extra,
  };
}

function anOrder(
  id: string,
  caseId: string,
  over: Partial<WorkOrder> & Pick<WorkOrder, 'departmentId' | 'departmentName' | 'category'>,
): WorkOrder {
  return {
    id,
    number: `${caseId}-${id}`,
    caseId,
    caseNumber: `${T}-2026-${caseId.slice(-5)}`,
    tenantId: T,
    deliveryChannel: 'webhook',
    requirements: '要求',
    status: 'delivered',
    overdue: false,
    escalationLevel: 0,
    dueAt: at('03-31T17:30'),
    provisional: false,
    transferredAt: at('03-01T10:00'),
    transferredBy: clerk,
    feedback: [],
    attempts: [],
    version: 1,
    updatedAt: at('03-01T10:00'),
    ...over,
  };
}

const result = (when: string) => ({ kind: 'result' as const, content: '已办理', at: at(when), by: officer });
const progress = (when: string) => ({
  kind: 'progress' as const,
  content: '办理中',
  at: at(when),
  by: officer,
});
const SHEBAO = { departmentId: 'shebao', departmentName: '区社保局' };
const MINZHENG = { departmentId: 'minzheng', departmentName: '街道民政办' };

const cases: Case[] = [
  aCase('case_00001', {
    acceptedAt: at('03-01T00:01'),
    assisted: true,
    status: 'followed_up',
    closure: closure('03-05T10:00'),
    followUps: [rating('03-06T10:00', 5)],
  }),
  aCase('case_00002', {
    acceptedAt: at('03-10T09:00'),
    channel: 'phone',
    scope: { kind: 'materials_not_handled', accepted: true },
    status: 'reopened',
    closure: closure('03-13T10:00'),
    followUps: [rating('03-16T10:00', 2)],
  }),
  aCase('case_00003', {
    acceptedAt: at('03-15T14:00'),
    channel: 'online',
    scope: { kind: 'dissatisfaction_complaint', accepted: true },
    matter: '低保申请',
    assisted: true,
    status: 'transferred',
  }),
  aCase('case_00004', {
    acceptedAt: at('03-20T09:00'),
    scope: { kind: 'outside_authority', accepted: true },
    matter: '低保申请',
    status: 'transferred',
  }),
  aCase('case_00005', {
    acceptedAt: at('03-25T09:00'),
    scope: { kind: 'litigation_petition_or_filed', accepted: false, reason: '已立案' },
    matter: '诉讼事项',
    status: 'rejected',
  }),
  aCase('case_00006', {
    acceptedAt: at('03-31T23:59'),
    channel: 'phone',
    status: 'closed',
    closure: closure('04-01T09:00'),
    followUp: { round: 1, dueAt: at('04-02T17:30') },
  }),
  aCase('case_00007', {
    acceptedAt: at('03-28T10:00'),
    scope: { kind: 'materials_not_handled', accepted: true },
    matter: '户籍迁移',
    status: 'closed',
    closure: closure('03-29T10:00'),
    followUp: { round: 1, dueAt: at('03-30T17:30') },
  }),
  aCase('case_00008', {
    acceptedAt: at('03-26T10:00'),
    matter: '户籍迁移',
    status: 'followed_up',
    closure: closure('03-30T10:00'),
    followUps: [rating('04-02T10:00', 4, { onTime: false })],
  }),
];

let seq = 0;
function event(
  caseId: string,
  when: string,
  action: string,
  changes: Record<string, unknown>,
): ActivityEvent {
  return { caseId, seq: ++seq, at: at(when), action, actor: { ...clerk, role: 'staff' }, changes };
}
const closed = (caseId: string, when: string, due: string) =>
  event(caseId, when, 'case.closed', { followUpDueAt: at(due) });
const followedUp = (caseId: string, when: string, satisfaction: number, onTime = true) =>
  event(caseId, when, satisfaction <= 2 ? 'case.reopened' : 'case.followed_up', {
    followUp: { satisfaction, onTime },
  });

/** Events from 31 days before March to its end, as the activity index holds them. */
const activity: ActivityEvent[] = [
  closed('case_0000c', '02-27T10:00', '03-02T17:30'),
  followedUp('case_0000c', '03-02T11:00', 4),
  closed('case_0000d', '03-03T10:00', '03-04T17:30'),
  followedUp('case_0000d', '03-05T09:00', 3, false),
  closed('case_00001', '03-05T10:00', '03-06T17:30'),
  followedUp('case_00001', '03-06T10:00', 5),
  closed('case_00002', '03-13T10:00', '03-16T17:30'),
  followedUp('case_00002', '03-16T10:00', 2),
  closed('case_00007', '03-29T10:00', '03-30T17:30'),
  closed('case_00008', '03-30T10:00', '03-31T17:30'),
];
/** Open at March's start: 0000d, 00000 (wo5's case) and one more February case. */
const OPEN_AT_START = 3;

const workOrders: WorkOrder[] = [
  // on time: result the day after, due the day after that
  anOrder('wo1', 'case_00002', {
    ...SHEBAO,
    category: 'general',
    transferredAt: at('03-10T10:00'),
    dueAt: at('03-12T17:30'),
    status: 'completed',
    feedback: [result('03-11T15:00')],
  }),
  // overdue, answered late
  anOrder('wo2', 'case_00003', {
    ...MINZHENG,
    category: 'simple',
    transferredAt: at('03-15T15:00'),
    dueAt: at('03-16T17:30'),
    overdueAt: at('03-16T17:30'),
    status: 'completed',
    feedback: [result('03-18T10:00')],
  }),
  // complex: progress with reasons by the due time is on time
  anOrder('wo3', 'case_00003', {
    ...SHEBAO,
    category: 'complex',
    transferredAt: at('03-15T15:00'),
    dueAt: at('03-27T17:30'),
    status: 'in_progress',
    feedback: [progress('03-20T11:00')],
  }),
  // overdue, never answered
  anOrder('wo4', 'case_00004', {
    ...MINZHENG,
    category: 'general',
    transferredAt: at('03-20T10:00'),
    dueAt: at('03-24T17:30'),
    overdue: true,
    overdueAt: at('03-24T17:30'),
    escalationLevel: 2,
  }),
  // February's order of a February case, overdue in March
  anOrder('wo5', 'case_00000', {
    ...SHEBAO,
    category: 'complex',
    transferredAt: at('02-25T10:00'),
    dueAt: at('03-04T17:30'),
    overdue: true,
    overdueAt: at('03-04T17:30'),
    escalationLevel: 2,
  }),
  // February's order answered on time in February: not March's
  anOrder('wo6', 'case_0000b', {
    ...MINZHENG,
    category: 'general',
    transferredAt: at('02-26T10:00'),
    dueAt: at('02-28T17:30'),
    status: 'completed',
    feedback: [result('02-27T10:00')],
  }),
  // returned (退回): transferred, never judged
  anOrder('wo8', 'case_00004', {
    departmentId: 'jiaoyu',
    departmentName: '区教育局',
    category: 'general',
    transferredAt: at('03-21T10:00'),
    dueAt: at('03-23T17:30'),
    status: 'returned',
    returnReason: '非本单位职责',
  }),
  // due after the month's end: transferred in March, judged in April
  anOrder('wo9', 'case_00003', {
    ...SHEBAO,
    category: 'general',
    transferredAt: at('03-31T10:00'),
    dueAt: at('04-02T17:30'),
  }),
];

const march = shanghaiMonthRange('2026-03');
const previous: Pick<Statistics, 'matters' | 'departments'> = {
  matters: [
    { matter: '养老保险参保', cases: 1, breaches: 0, dissatisfied: 0 },
    { matter: '低保申请', cases: 4, breaches: 0, dissatisfied: 1 },
  ],
  departments: [
    {
      key: 'minzheng',
      departmentName: '街道民政办',
      transferred: 1,
      onTime: 0,
      breaches: 3,
      late: 3,
      unanswered: 0,
      onTimeRate: 0,
      dissatisfied: 0,
    },
  ],
};

const stats = computeStatistics({
  period: march,
  asOf: march.end,
  cases,
  activity,
  openAtStart: OPEN_AT_START,
  workOrders,
  relatedCases: [
    { id: 'case_00000', matter: '医保报销' },
    { id: 'case_0000b', matter: '医保报销' },
  ],
  previous,
});

describe('a centre’s month, figure by figure', () => {
  it.each([
    ['received: every case registered in the month', stats.received, 8],
    ['accepted', stats.accepted, 7],
    ['refused (不予受理), still in the ledger', stats.refused, 1],
    ['assisted (帮办代办)', stats.assisted, 2],
    ['transfers: the orders transferred in March, returned ones included', stats.transfers.total, 6],
    [
      'closure: closures made in March, whatever the acceptance month (0000d, 1, 2, 7, 8)',
      stats.closure.closed,
      5,
    ],
    ['closure rate 5 / (3 open at start + 7 new + 1 reopened)', stats.closure.rate, 0.4545],
    ['carry-over: open at the start', stats.carryOver?.openAtStart, 3],
    ['carry-over: new', stats.carryOver?.new, 7],
    ['carry-over: reopened (00002)', stats.carryOver?.reopened, 1],
    [
      'carry-over: open at the end (00000, 1 Feb case, 00002, 00003, 00004, 00006)',
      stats.carryOver?.openAtEnd,
      6,
    ],
    ['follow-ups owed: due in March (0000c, 0000d, 1, 2, 7, 8)', stats.followUp.owed, 6],
    ['follow-ups made by the month’s end (0000c, 0000d, 1, 2)', stats.followUp.done, 4],
    ['follow-ups made by their due time (0000d was late)', stats.followUp.onTime, 3],
    ['follow-up rate 4/6', stats.followUp.rate, 0.6667],
    ['on-time follow-up rate 3/6', stats.followUp.onTimeRate, 0.5],
    ['follow-ups made in March', stats.followUp.made, 4],
    ['orders judged in March: 2 on time + 3 overdue', stats.onTimeFeedback.evaluated, 5],
    ['on time', stats.onTimeFeedback.onTime, 2],
    ['overdue, answered late', stats.onTimeFeedback.late, 1],
    ['overdue, unanswered', stats.onTimeFeedback.unanswered, 2],
    ['on-time feedback rate 2/5', stats.onTimeFeedback.rate, 0.4],
    ['overdue list length', stats.overdue.count, 3],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('counts by scope kind and by channel', () => {
    expect(stats.byScopeKind).toEqual({
      repeated_consultation: 3,
      materials_not_handled: 2,
      dissatisfaction_complaint: 1,
      outside_authority: 1,
      litigation_petition_or_filed: 1,
      prohibited_by_law: 0,
    });
    expect(stats.byChannel).toEqual({ onsite: 5, phone: 2, online: 1 });
  });

  it('transfers by category', () => {
    expect(stats.transfers.byCategory).toEqual({ simple: 1, general: 4, complex: 1 });
  });

  it('satisfaction: every rating made in the month, February cases included, on the five levels', () => {
    expect(stats.satisfaction).toEqual({
      counts: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 },
      total: 4,
      average: 3.5,
      goodRate: 0.75,
    });
  });

  it('per department: transfers, on-time feedback, overdue, dissatisfied cases', () => {
    expect(stats.departments).toEqual([
      {
        key: 'shebao',
        departmentName: '区社保局',
        transferred: 3,
        onTime: 2,
        breaches: 1,
        late: 0,
        unanswered: 1,
        onTimeRate: 0.6667,
        dissatisfied: 1,
      },
      {
        key: 'minzheng',
        departmentName: '街道民政办',
        transferred: 2,
        onTime: 0,
        breaches: 2,
        late: 1,
        unanswered: 1,
        onTimeRate: 0,
        dissatisfied: 0,
      },
      {
        key: 'jiaoyu',
        departmentName: '区教育局',
        transferred: 1,
        onTime: 0,
        breaches: 0,
        late: 0,
        unanswered: 0,
        onTimeRate: null,
        dissatisfied: 0,
      },
    ]);
  });

  it('the overdue list: oldest breach first, with the answer time when it came late', () => {
    expect(
      stats.overdue.items.map((o) => [o.workOrderId, o.matter, o.breachAt, o.answeredAt, o.escalationLevel]),
    ).toEqual([
      ['wo5', '医保报销', '2026-03-04T17:30:00+08:00', null, 2],
      ['wo2', '低保申请', '2026-03-16T17:30:00+08:00', '2026-03-18T10:00:00+08:00', 0],
      ['wo4', '低保申请', '2026-03-24T17:30:00+08:00', null, 2],
    ]);
    expect(stats.overdue.truncated).toBe(false);
  });

  it('matters: accepted cases, overdue orders and dissatisfied cases per matter', () => {
    expect(stats.matters).toEqual([
      { matter: '养老保险参保', cases: 3, breaches: 0, dissatisfied: 1 },
      { matter: '低保申请', cases: 2, breaches: 2, dissatisfied: 0 },
      { matter: '户籍迁移', cases: 2, breaches: 0, dissatisfied: 0 },
      { matter: '医保报销', cases: 0, breaches: 1, dissatisfied: 0 },
    ]);
  });

  it('blocking points (堵点) with the change from last month', () => {
    expect(stats.blockingPoints.matters.map((m) => [m.name, m.cases, m.change])).toEqual([
      ['养老保险参保', 3, { cases: 2, breaches: 0, dissatisfied: 1 }],
      ['低保申请', 2, { cases: -2, breaches: 2, dissatisfied: -1 }],
      ['户籍迁移', 2, { cases: 2, breaches: 0, dissatisfied: 0 }],
      ['医保报销', 0, { cases: 0, breaches: 1, dissatisfied: 0 }],
    ]);
    // Departments: most overdue + dissatisfied first (a tie goes to the one with more transfers).
    expect(
      stats.blockingPoints.departments.map((d) => [d.name, d.breaches + d.dissatisfied, d.change]),
    ).toEqual([
      ['区社保局', 2, { cases: 3, breaches: 1, dissatisfied: 1 }],
      ['街道民政办', 2, { cases: 1, breaches: -1, dissatisfied: 0 }],
      ['区教育局', 0, { cases: 1, breaches: 0, dissatisfied: 0 }],
    ]);
  });

  it('without last month’s report the change is unknown (null), not zero', () => {
    const alone = computeStatistics({
      period: march,
      asOf: march.end,
      cases,
      activity,
      openAtStart: 3,
      workOrders,
    });
    expect(alone.blockingPoints.matters.every((m) => m.change === null)).toBe(true);
  });

  it('the score inputs are the figures above', () => {
    expect(scoreInputsOf(stats)).toEqual({
      accepted: 7,
      closed: 5,
      feedbackEvaluated: 5,
      feedbackOnTime: 2,
      breaches: 3,
      followUpOwed: 6,
      followUpOnTime: 3,
      ratings: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 },
      openAtStart: 3,
      reopened: 1,
    });
  });

  it('an earlier cut-off sees the month as it stood then', () => {
    const mid = computeStatistics({
      period: march,
      asOf: new Date(at('03-15T00:00')),
      cases,
      activity,
      openAtStart: 3,
      workOrders,
    });
    // Cases are the caller's; orders judged after the cut-off wait: only wo1 (on time) and wo5.
    expect(mid.onTimeFeedback).toMatchObject({ onTime: 1, unanswered: 1, late: 0 });
    // Ratings made before the 15th: 0000c, 0000d, 00001; closures 0000d, 00001, 00002.
    expect(mid.satisfaction.total).toBe(3);
    expect(mid.closure.closed).toBe(3);
  });
});

describe('the overdue list names the due time breached', () => {
  it('an order extended after its breach lists the breached due time and, apart, the later one', () => {
    // Prepare: due 03-24, marked overdue then, later given until 04-10.
    const extended = anOrder('wo30', 'case_00004', {
      ...MINZHENG,
      category: 'general',
      transferredAt: at('03-20T10:00'),
      dueAt: at('04-10T17:30'),
      overdue: true,
      overdueAt: at('03-24T17:31'),
      breachedDueAt: at('03-24T17:30'),
    });
    // Act
    const s = computeStatistics({
      period: march,
      asOf: march.end,
      cases: [],
      activity: [],
      openAtStart: 0,
      workOrders: [extended],
    });
    // Assert
    expect(s.overdue.items.map((o) => [o.breachedDueAt, o.laterDueAt, o.breachAt, o.dueAt])).toEqual([
      [
        '2026-03-24T17:30:00+08:00',
        '2026-04-10T17:30:00+08:00',
        '2026-03-24T17:31:00+08:00',
        '2026-04-10T17:30:00+08:00',
      ],
    ]);
  });

  it('an order answered late breached its own due time; no later one', () => {
    expect(stats.overdue.items.find((o) => o.workOrderId === 'wo2')).toMatchObject({
      breachedDueAt: '2026-03-16T17:30:00+08:00',
      laterDueAt: null,
    });
  });
});

describe('timeliness of one work order', () => {
  const base = { ...SHEBAO, transferredAt: at('03-10T10:00'), dueAt: at('03-12T17:30') };
  const cut = new Date(at('03-31T00:00'));
  it.each([
    [
      'result before the due time',
      anOrder('a', 'c', { ...base, category: 'general', feedback: [result('03-12T17:30')] }),
      { kind: 'on_time', at: ms('03-12T17:30') },
    ],
    [
      'result after the due time, due check not run',
      anOrder('b', 'c', { ...base, category: 'general', feedback: [result('03-13T09:00')] }),
      { kind: 'breach', at: ms('03-12T17:30'), answeredAt: ms('03-13T09:00') },
    ],
    [
      'progress alone does not answer a general order',
      anOrder('c', 'c', { ...base, category: 'general', feedback: [progress('03-11T09:00')] }),
      { kind: 'breach', at: ms('03-12T17:30'), answeredAt: null },
    ],
    [
      'progress answers a complex order',
      anOrder('d', 'c', { ...base, category: 'complex', feedback: [progress('03-11T09:00')] }),
      { kind: 'on_time', at: ms('03-11T09:00') },
    ],
    [
      'the due check’s overdue verdict wins over a later progress period',
      anOrder('e', 'c', {
        ...base,
        category: 'complex',
        dueAt: at('03-20T17:30'),
        overdueAt: at('03-12T17:30'),
        feedback: [progress('03-13T09:00')],
      }),
      { kind: 'breach', at: ms('03-12T17:30'), answeredAt: ms('03-13T09:00') },
    ],
    [
      'a returned order is not judged',
      anOrder('f', 'c', { ...base, category: 'general', status: 'returned' }),
      { kind: 'none' },
    ],
    [
      'a suspended order is not judged',
      anOrder('g', 'c', {
        ...base,
        category: 'general',
        suspension: { since: at('03-11T09:00'), reason: '补正', by: clerk },
      }),
      { kind: 'none' },
    ],
    [
      'not yet due',
      anOrder('h', 'c', { ...base, category: 'general', dueAt: at('04-02T17:30') }),
      { kind: 'none' },
    ],
  ])('%s', (_what, order, expected) => {
    expect(timeliness(order, cut)).toEqual(expected);
  });
});

describe('timeliness from the bounded summary an order keeps (reports live in items of their own)', () => {
  const ms2 = (iso: string) => new Date(iso).getTime();
  /** The order as the index holds it: reports folded into the summary as they arrived, no list. */
  function summarised(order: WorkOrder): WorkOrder {
    let wo: WorkOrder = { ...order, feedback: [], overdueAt: undefined };
    for (const f of order.feedback) {
      // The due check had judged the order overdue by then, or not yet.
      const overdueAt = order.overdueAt && ms2(order.overdueAt) <= ms2(f.at) ? order.overdueAt : undefined;
      wo = { ...wo, overdueAt, ...feedbackSummary({ ...wo, overdueAt }, f) };
    }
    return { ...wo, overdueAt: order.overdueAt };
  }
  const base = { ...SHEBAO, transferredAt: at('03-10T10:00'), dueAt: at('03-12T17:30') };
  const orders: [string, WorkOrder][] = [
    [
      'general, result on time',
      anOrder('a', 'c', {
        ...base,
        category: 'general',
        feedback: [progress('03-11T09:00'), result('03-12T09:00')],
      }),
    ],
    [
      'general, result late',
      anOrder('b', 'c', { ...base, category: 'general', feedback: [result('03-13T09:00')] }),
    ],
    [
      'complex, overdue then reports',
      anOrder('c', 'c', {
        ...base,
        category: 'complex',
        overdueAt: at('03-12T17:30'),
        feedback: [
          progress('03-11T09:00'),
          progress('03-13T09:00'),
          progress('03-16T09:00'),
          result('03-18T09:00'),
        ],
      }),
    ],
    [
      'general, judged overdue, answered later',
      anOrder('d', 'c', {
        ...base,
        category: 'general',
        overdueAt: at('03-12T17:30'),
        feedback: [progress('03-12T09:00'), progress('03-14T09:00'), result('03-17T09:00')],
      }),
    ],
  ];
  const cuts = ['03-12T12:00', '03-13T00:00', '03-15T00:00', '03-17T12:00', '03-31T00:00'];
  it.each(orders)('%s: the same verdict at every cut-off as from the full history', (_what, order) => {
    const summary = summarised(order);
    expect(summary.feedbackCount).toBe(order.feedback.length);
    expect(summary.latestFeedback).toEqual(order.feedback.at(-1));
    for (const cut of cuts) {
      expect(timeliness(summary, new Date(at(cut))), cut).toEqual(timeliness(order, new Date(at(cut))));
    }
  });
});

describe('closure and follow-up at a cut-off', () => {
  const c = aCase('case_00009', {
    acceptedAt: at('03-01T09:00'),
    closure: closure('03-20T10:00'),
    followUps: [rating('03-05T10:00', 1, { reopened: true })],
  });
  it('a case reopened and closed again before the cut-off is closed', () => {
    expect(closedAsOf(c, new Date(at('03-25T00:00')))).toBe(true);
    expect(closedAsOf(c, new Date(at('03-19T00:00')))).toBe(false);
  });
  it('open at an instant: accepted, not closed then (refused cases are never open)', () => {
    const refused = aCase('case_00011', {
      acceptedAt: at('03-01T09:00'),
      scope: { kind: 'prohibited_by_law', accepted: false },
    });
    const open = aCase('case_00012', { acceptedAt: at('03-01T09:00') });
    expect(openAt([c, refused, open], new Date(at('03-25T00:00')))).toBe(1);
    expect(openAt([c, refused, open], new Date(at('03-19T00:00')))).toBe(2);
  });
});

describe('roll-ups merge stored figures', () => {
  const other = computeStatistics({
    period: march,
    asOf: march.end,
    cases: [
      {
        ...cases[0]!,
        id: 'case_10001',
        tenantId: '510104002',
        matter: '低保申请',
        followUps: [rating('03-06T10:00', 3)],
      },
    ],
    activity: [
      closed('case_10001', '03-05T10:00', '03-06T17:30'),
      followedUp('case_10001', '03-06T10:00', 3),
    ],
    openAtStart: 0,
    workOrders: [
      anOrder('wo21', 'case_10001', {
        departmentId: 'sb',
        departmentName: '区社保局',
        category: 'general',
        tenantId: '510104002',
        transferredAt: at('03-01T10:00'),
        dueAt: at('03-02T17:30'),
        overdueAt: at('03-02T17:30'),
      }),
    ],
  });
  const merged = mergeStatistics([stats, other], { matters: [], departments: [] });

  it('adds counts and recomputes rates from the sums', () => {
    expect(merged.received).toBe(9);
    expect(merged.accepted).toBe(8);
    expect(merged.closure).toEqual({ accepted: 8, closed: 6, rate: 0.5 });
    expect(merged.carryOver).toEqual({ openAtStart: 3, new: 8, closed: 6, reopened: 1, openAtEnd: 6 });
    expect(merged.onTimeFeedback).toEqual({
      evaluated: 6,
      onTime: 2,
      breaches: 4,
      late: 1,
      unanswered: 3,
      rate: 0.3333,
    });
    expect(merged.satisfaction.counts).toEqual({ '1': 0, '2': 1, '3': 2, '4': 1, '5': 1 });
    expect(merged.satisfaction.average).toBe(3.4);
  });

  it('merges departments by name (each centre has its own unit ids) and matters by their text', () => {
    expect(merged.departments[0]).toMatchObject({
      key: '区社保局',
      transferred: 4,
      onTime: 2,
      breaches: 2,
      onTimeRate: 0.5,
    });
    expect(merged.matters.find((m) => m.matter === '低保申请')).toEqual({
      matter: '低保申请',
      cases: 3,
      breaches: 3,
      dissatisfied: 0,
    });
  });

  it('keeps the overdue list in breach order across centres', () => {
    expect(merged.overdue.items.map((o) => o.workOrderId)).toEqual(['wo21', 'wo5', 'wo2', 'wo4']);
    expect(merged.overdue.count).toBe(4);
  });
});

describe('report regions and months', () => {
  it.each([
    ['510104001', 'centre', '510104'],
    ['510104', 'county', '5101'],
    ['5101', 'city', '51'],
    ['51', 'province', undefined],
  ])('%s is a %s report rolling up into %s', (region, level, parent) => {
    expect(levelOf(region)).toBe(level);
    expect(parentOf(region)).toBe(parent);
  });
  it.each([
    ['2026-03', '2026-02'],
    ['2026-01', '2025-12'],
  ])('the month before %s is %s', (month, before) => {
    expect(previousMonth(month)).toBe(before);
  });
  it('month boundaries are Asia/Shanghai midnights', () => {
    expect(march.start.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(march.end.toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });
});
