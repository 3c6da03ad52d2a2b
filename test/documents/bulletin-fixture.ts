/**
 * A county bulletin (锦江区, October 2026) long enough to break across printed pages: 40 overdue
 * orders, 12 handling units with long official names and 30 ranked centres.
 */
import { ACCEPTED_SCOPE_KINDS, REFUSED_SCOPE_KINDS } from '../../shared/schemas/case.ts';
import type { MonthlyReport, RankedRow, ScoreInputs } from '../../shared/schemas/report.ts';

const inputs = (i: number): ScoreInputs => ({
  accepted: 20 + i,
  closed: 18 + i,
  feedbackEvaluated: 15,
  feedbackOnTime: 12 + (i % 3),
  breaches: 3 - (i % 3),
  followUpOwed: 10,
  followUpOnTime: 9,
  ratings: { '1': 0, '2': 1, '3': 2, '4': 5, '5': 10 },
  openAtStart: 4,
  reopened: 1,
});
const score = (i: number) => ({
  score: 90 - i / 2,
  components: { onTimeFeedback: 80, closure: 90, followUp: 90, satisfaction: 4.3 },
  penalty: 1,
});
const ranked = (i: number): RankedRow => ({
  region: `510104${String(i + 1).padStart(3, '0')}`,
  name: `锦江区第${i + 1}街道便民服务中心`,
  centreCount: 1,
  inputs: inputs(i),
  score: score(i),
  rank: i + 1,
});

/** The longest real handling-unit names a county has, to test the chart's ellipsis. */
export const LONG_DEPARTMENT = '成都市锦江区人力资源和社会保障局社会保险事业管理中心';

export function countyBulletin(): MonthlyReport {
  const departments = Array.from({ length: 12 }, (_, i) => ({
    key: `d${i}`,
    departmentName: i === 0 ? LONG_DEPARTMENT : `锦江区第${i + 1}承办单位`,
    transferred: 10 + i,
    onTime: 8,
    breaches: 2,
    late: 1,
    unanswered: 1,
    onTimeRate: 0.8,
    dissatisfied: i % 2,
  }));
  const overdueItems = Array.from({ length: 40 }, (_, i) => ({
    workOrderId: `wo${i}`,
    number: `GD-510104-2026-${String(i + 1).padStart(5, '0')}`,
    caseId: `c${i}`,
    caseNumber: `BC-510104-2026-${String(i + 1).padStart(5, '0')}`,
    tenantId: '510104021',
    matter: `城乡居民养老保险参保登记及补缴（第${i + 1}件）`,
    departmentId: 'd0',
    departmentName: departments[i % departments.length]?.departmentName ?? '',
    category: 'general' as const,
    transferredAt: '2026-10-09T02:00:00.000Z',
    dueAt: '2026-10-13T09:30:00.000Z',
    breachAt: '2026-10-13T09:30:00.000Z',
    breachedDueAt: '2026-10-13T09:30:00.000Z',
    laterDueAt: null,
    answeredAt: i % 2 ? '2026-10-15T03:00:00.000Z' : null,
    escalationLevel: 1,
  }));
  const centres = Array.from({ length: 30 }, (_, i) => ranked(i));
  const blocking = (name: string, i: number) => ({
    key: name,
    name,
    cases: 10 - i,
    breaches: 2,
    dissatisfied: 1,
    change: { cases: 1, breaches: -1, dissatisfied: 0 },
  });
  return {
    region: '510104',
    level: 'county',
    name: '锦江区',
    month: '2026-10',
    period: { from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' },
    asOf: '2026-10-31T16:00:00.000Z',
    centreCount: centres.length,
    statistics: {
      received: 640,
      accepted: 620,
      refused: 20,
      byScopeKind: Object.fromEntries(
        [...ACCEPTED_SCOPE_KINDS, ...REFUSED_SCOPE_KINDS].map((k, i) => [k, 100 + i]),
      ) as MonthlyReport['statistics']['byScopeKind'],
      byChannel: { onsite: 400, phone: 160, online: 80 },
      assisted: 50,
      transfers: { total: 300, byCategory: { simple: 100, general: 150, complex: 50 } },
      departments,
      onTimeFeedback: { evaluated: 300, onTime: 260, breaches: 40, late: 20, unanswered: 20, rate: 0.8667 },
      overdue: { count: 40, items: overdueItems, truncated: false },
      closure: { accepted: 620, closed: 600, rate: 0.9 },
      carryOver: { openAtStart: 50, new: 620, closed: 600, reopened: 5, openAtEnd: 75 },
      followUp: { owed: 580, done: 570, onTime: 560, made: 575, rate: 0.9828, onTimeRate: 0.9655 },
      satisfaction: {
        counts: { '1': 5, '2': 10, '3': 60, '4': 200, '5': 300 },
        total: 575,
        average: 4.36,
        goodRate: 0.9739,
      },
      matters: [],
      blockingPoints: {
        matters: ['城乡居民养老保险参保登记', '不动产登记', '医保报销'].map(blocking),
        departments: [LONG_DEPARTMENT, '锦江区第2承办单位'].map(blocking),
      },
    },
    summary: inputs(0),
    score: score(0),
    centres,
    children: [],
    contentHash: 'x'.repeat(64),
    generatedAt: '2026-10-31T18:05:00.000Z',
  };
}
