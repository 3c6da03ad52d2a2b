/**
 * 台账统计分析: the figures of a centre's month (and, merged, of a county, city or province),
 * computed from its cases and work orders. Plain functions: no AWS, no clock — the cut-off
 * (`asOf`, the month's end) is an input, so the same data gives the same figures every time.
 *
 * What counts where — every figure counts what HAPPENED in the month (Asia/Shanghai midnights,
 * [start, end)), whatever month the case was accepted in (the bulletin's footnote says the same,
 * from MONTHLY_DEFINITIONS):
 *  - Intake (received / accepted / refused, by scope kind and channel, assisted): the cases
 *    registered in the month; matters count accepted ones.
 *  - Carry-over (结转): open at the start (accepted earlier, not closed at the month's start) +
 *    new (accepted in the month) − closed (办结 events in the month) + reopened (回访不满意 reopening
 *    in the month) = open at the end.
 *  - Closure: 办结 = closures made in the month; 办结率 = closed / (open at start + new + reopened).
 *  - Follow-up (回访): each follow-up is judged in the month its due time fell (owed); done = made
 *    by the month's end, on time = made by its due time; 回访率 = done / owed, 回访及时率 = on time /
 *    owed. `made` counts follow-ups made in the month, whichever month they fell due.
 *  - Satisfaction (好差评): every rating made in the month (a case rated twice counts twice), as in
 *    the 好差评 export. Dissatisfied (不满意) cases: cases reopened by a follow-up in the month.
 *  - Transfers (转办) by category and by department: the work orders transferred in the month.
 *  - Timeliness (按时反馈, 超期): every work order is judged once, in the month of its decisive
 *    moment — its required feedback (a result; for a complex order progress with reasons also
 *    counts) given by its due time (on time), or the moment it became overdue (超期: the due
 *    check's `overdueAt`, or the due time when feedback came late or never). So a work order
 *    transferred on the 30th and due on the 2nd counts in the next month, not never.
 *    按时反馈率 = on time / (on time + overdue). Returned (退回), recalled (撤回) and suspended
 *    orders are not judged unless already overdue.
 *  - Blocking points (堵点): matters ranked by cases, then overdue orders + dissatisfied cases;
 *    departments ranked by overdue orders + dissatisfied cases, then transfers; with the change
 *    from last month's report.
 */
import type { Case } from '../schemas/case.ts';
import { ACCEPTED_SCOPE_KINDS, CHANNELS, REFUSED_SCOPE_KINDS } from '../schemas/case-values.ts';
import type {
  BlockingRow,
  DepartmentRow,
  MatterRow,
  OverdueItem,
  ReportLevel,
  SatisfactionCounts,
  ScoreInputs,
  Statistics,
} from '../schemas/report.ts';
import { CATEGORIES, type WorkOrder } from '../schemas/work-order.ts';
import { knownFollowUps } from './case-lists.ts';
import { EMPTY_RATINGS } from './score.ts';
import type { statisticsReads } from './statistics-reads.ts';
import { formatShanghai } from './time.ts';
import { isAnswer } from './work-order.ts';

/** The overdue list keeps this many entries (oldest breach first); `count` has them all. */
export const OVERDUE_LIST_LIMIT = 200;
/** Matters kept per report, most cases first: what roll-ups merge. */
export const MATTER_LIMIT = 200;
/** Blocking points shown per list. */
export const BLOCKING_TOP = 10;
/**
 * A month's work orders are read from this many days before its start: an order transferred
 * earlier can still become overdue, or be answered on time, in this month (complex orders run
 * in 5-working-day periods; extensions add up to 30 working days).
 */
export const WORK_ORDER_LOOKBACK_DAYS = 92;

export const UNKNOWN_MATTER = '（事项不详）';

/**
 * Closures are read from this many days before the month's start: a follow-up due in the month
 * may belong to a closure of the month before (follow-ups fall due a few working days after).
 */
export const FOLLOW_UP_LOOKBACK_DAYS = 31;

/** The definitions of the bulletin's figures, written once: the printed footnote and the README. */
export const MONTHLY_DEFINITIONS: readonly string[] = [
  '各项数字均按当月发生的事项统计（上海时间自然月），不论案件在哪个月受理。',
  '登记、受理、不予受理：当月登记的案件。',
  '结转：月初未办结 + 当月新受理 − 当月办结 + 当月回访不满意重新办理 = 月末未办结。',
  '办结：当月作出的办结；办结率 = 当月办结 / (月初未办结 + 当月新受理 + 当月重新办理)。',
  '按时反馈、超期：应反馈时限落在当月的工单（逾期以所超的时限计）；按时反馈率 = 按时 / (按时 + 超期)。',
  '回访：应回访时间落在当月的回访；回访率 = 月末前已回访 / 应回访，回访及时率 = 按时回访 / 应回访。',
  '好差评、不满意：当月作出的评价（一案多次回访各计一次）；不满意案件为当月回访不满意而重新办理的案件。',
];

/** An audit event as the figures read it (the byActivity index's projection). */
export interface ActivityEvent {
  caseId: string;
  seq: number;
  at: string;
  action: string;
  actor: { id: string; name: string; role: string };
  changes: Record<string, unknown>;
}

/** 回访 events: a follow-up made, satisfied or (reopening) not. */
const FOLLOW_UP_ACTIONS = new Set(['case.followed_up', 'case.reopened']);

/** A case as the figures read it (the ledger index holds these fields). */
export type StatisticsCase = Pick<Case, (typeof statisticsReads.case)[number]>;
/** A work order as the figures read it. */
export type StatisticsWorkOrder = Pick<WorkOrder, (typeof statisticsReads.workOrder)[number]>;

export interface StatisticsInput {
  /** [start, end): Asia/Shanghai midnights. */
  period: { start: Date; end: Date };
  /** The cut-off: the period's end (or now, for a month still running). */
  asOf: Date;
  /** The cases accepted in the period (what the figures read of them: `statisticsReads`). */
  cases: readonly StatisticsCase[];
  /**
   * The centre's audit events from FOLLOW_UP_LOOKBACK_DAYS before the period's start to its end,
   * by their own time (closures, follow-ups, reopenings).
   */
  activity: readonly ActivityEvent[];
  /** Accepted cases open at the period's start (the carry-over line's start). */
  openAtStart: number;
  /** The work orders transferred from WORK_ORDER_LOOKBACK_DAYS before the period's start to its end. */
  workOrders: readonly StatisticsWorkOrder[];
  /** Cases accepted before the period that some work orders or follow-ups belong to (their matter). */
  relatedCases?: readonly Pick<Case, 'id' | 'matter'>[];
  /** Last month's figures, for the blocking points' change. */
  previous?: Pick<Statistics, 'matters' | 'departments'>;
}

const ms = (iso: string) => new Date(iso).getTime();

/** A share with 4 decimals, or null when there is nothing to share. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
}

export type Timeliness =
  | { kind: 'on_time'; at: number }
  | { kind: 'breach'; at: number; answeredAt: number | null }
  | { kind: 'none' };

/** How a work order stood against its due time, as far as the cut-off shows. */
export function timeliness(wo: StatisticsWorkOrder, asOf: Date): Timeliness {
  const cut = asOf.getTime();
  // Reports live in items of their own; the order carries the two answer instants that decide
  // (the first, and the first since it was judged overdue). Reports still embedded in an order
  // written earlier, or gathered into a full view, count too.
  const answers = [
    ...wo.feedback.filter((f) => isAnswer(wo, f)).map((f) => f.at),
    ...[wo.firstAnsweredAt, wo.answeredSinceOverdueAt].filter((at): at is string => at !== undefined),
  ]
    .map(ms)
    .filter((t) => t < cut)
    .sort((a, b) => a - b);
  const due = ms(wo.dueAt);
  // The due check's verdict wins: it knows about suspensions, extensions and complex periods.
  if (wo.overdueAt && ms(wo.overdueAt) < cut) {
    const at = ms(wo.overdueAt);
    return { kind: 'breach', at, answeredAt: answers.find((t) => t >= at) ?? null };
  }
  const first = answers[0];
  if (first !== undefined) {
    return first <= due ? { kind: 'on_time', at: first } : { kind: 'breach', at: due, answeredAt: first };
  }
  const excused = wo.status === 'returned' || wo.status === 'recalled' || wo.suspension !== undefined;
  if (!excused && due < cut) return { kind: 'breach', at: due, answeredAt: null };
  return { kind: 'none' };
}

/**
 * The due time an overdue order breached: recorded by the due check (`breachedDueAt`); for an
 * order answered late without one, its due time; for orders marked before it was recorded, the
 * current due time unless that moved past the breach (then the breach instant stands for it).
 */
function breachedDue(wo: StatisticsWorkOrder, breachAt: number): number {
  if (wo.breachedDueAt) return ms(wo.breachedDueAt);
  const due = ms(wo.dueAt);
  return Math.min(due, breachAt);
}

/**
 * A reopening after the latest closure can only be the latest follow-up (a reopened case is
 * closed again before the next one), so the case item's latest record is enough here.
 */
function followUpsBefore(c: Pick<Case, 'followUps' | 'latestFollowUp'>, cut: number) {
  return knownFollowUps(c).filter((f) => ms(f.at) < cut);
}

/**
 * Closed at the cut-off: its (latest) closure came before it and no bad follow-up reopened it
 * since. A case reopened and closed again after the cut-off reads as not closed (only the latest
 * closure is kept).
 */
export function closedAsOf(c: Pick<Case, 'closure' | 'followUps' | 'latestFollowUp'>, asOf: Date): boolean {
  const cut = asOf.getTime();
  if (!c.closure) return false;
  const closedAt = ms(c.closure.closedAt);
  if (closedAt >= cut) return false;
  return !followUpsBefore(c, cut).some((f) => f.reopened && ms(f.at) >= closedAt);
}

/** How many of these accepted cases were open (not closed) at an instant. */
export function openAt(
  cases: readonly Pick<Case, 'scope' | 'closure' | 'followUps' | 'latestFollowUp'>[],
  instant: Date,
): number {
  return cases.filter((c) => c.scope.accepted && !closedAsOf(c, instant)).length;
}

function emptyDepartment(key: string, departmentName: string): DepartmentRow {
  return {
    key,
    departmentName,
    transferred: 0,
    onTime: 0,
    breaches: 0,
    late: 0,
    unanswered: 0,
    onTimeRate: null,
    dissatisfied: 0,
  };
}

function counter<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortMatters(rows: Iterable<MatterRow>): MatterRow[] {
  return [...rows]
    .sort(
      (a, b) =>
        b.cases - a.cases ||
        b.breaches + b.dissatisfied - (a.breaches + a.dissatisfied) ||
        byText(a.matter, b.matter),
    )
    .slice(0, MATTER_LIMIT);
}

function sortDepartments(rows: Iterable<DepartmentRow>): DepartmentRow[] {
  return [...rows]
    .map((d) => ({ ...d, onTimeRate: ratio(d.onTime, d.onTime + d.breaches) }))
    .sort((a, b) => b.transferred - a.transferred || byText(a.key, b.key));
}

function sortOverdue(items: OverdueItem[]): OverdueItem[] {
  return items
    .sort((a, b) => ms(a.breachAt) - ms(b.breachAt) || byText(a.number, b.number))
    .slice(0, OVERDUE_LIST_LIMIT);
}

type Tally = Pick<BlockingRow, 'key' | 'name' | 'cases' | 'breaches' | 'dissatisfied'>;

function rankBlocking(
  rows: Tally[],
  order: (a: Tally, b: Tally) => number,
  previous: Map<string, Tally> | undefined,
): BlockingRow[] {
  return rows
    .filter((r) => r.cases + r.breaches + r.dissatisfied > 0)
    .sort((a, b) => order(a, b) || byText(a.key, b.key))
    .slice(0, BLOCKING_TOP)
    .map((r) => {
      const before = previous?.get(r.key);
      return {
        ...r,
        change: previous
          ? {
              cases: r.cases - (before?.cases ?? 0),
              breaches: r.breaches - (before?.breaches ?? 0),
              dissatisfied: r.dissatisfied - (before?.dissatisfied ?? 0),
            }
          : null,
      };
    });
}

const failures = (r: Tally) => r.breaches + r.dissatisfied;

function blockingPoints(
  matters: readonly MatterRow[],
  departments: readonly DepartmentRow[],
  previous: StatisticsInput['previous'],
): Statistics['blockingPoints'] {
  const matterTally = (m: MatterRow): Tally => ({ key: m.matter, name: m.matter, ...m });
  const deptTally = (d: DepartmentRow): Tally => ({
    key: d.key,
    name: d.departmentName,
    cases: d.transferred,
    breaches: d.breaches,
    dissatisfied: d.dissatisfied,
  });
  return {
    matters: rankBlocking(
      matters.map(matterTally),
      (a, b) => b.cases - a.cases || failures(b) - failures(a),
      previous && new Map(previous.matters.map((m) => [m.matter, matterTally(m)])),
    ),
    departments: rankBlocking(
      departments.map(deptTally),
      (a, b) => failures(b) - failures(a) || b.cases - a.cases,
      previous && new Map(previous.departments.map((d) => [d.key, deptTally(d)])),
    ),
  };
}

function satisfactionOf(counts: SatisfactionCounts): Statistics['satisfaction'] {
  let total = 0;
  let sum = 0;
  for (const [level, n] of Object.entries(counts)) {
    total += n;
    sum += Number(level) * n;
  }
  return {
    counts,
    total,
    average: total > 0 ? Math.round((sum / total) * 100) / 100 : null,
    goodRate: ratio(total - counts['1'] - counts['2'], total),
  };
}

/** One centre's figures for a period. */
export function computeStatistics(input: StatisticsInput): Statistics {
  const start = input.period.start.getTime();
  const end = input.period.end.getTime();
  const cut = Math.min(input.asOf.getTime(), end);
  const asOf = new Date(cut);
  const inPeriod = (t: number) => t >= start && t < end && t < cut;

  const byScopeKind = counter([...ACCEPTED_SCOPE_KINDS, ...REFUSED_SCOPE_KINDS]);
  const byChannel = counter(CHANNELS);
  const ratings: SatisfactionCounts = { ...EMPTY_RATINGS };
  const matters = new Map<string, MatterRow>();
  const matter = (name: string) => {
    let row = matters.get(name);
    if (!row) {
      row = { matter: name, cases: 0, breaches: 0, dissatisfied: 0 };
      matters.set(name, row);
    }
    return row;
  };
  let accepted = 0;
  let assisted = 0;

  for (const c of input.cases) {
    byScopeKind[c.scope.kind]++;
    byChannel[c.channel]++;
    if (c.assisted) assisted++;
    if (!c.scope.accepted) continue;
    accepted++;
    matter(c.matter.trim() || UNKNOWN_MATTER).cases++;
  }

  const matterOf = new Map<string, string>();
  for (const c of [...(input.relatedCases ?? []), ...input.cases]) matterOf.set(c.id, c.matter.trim());
  const events = [...input.activity].sort((a, b) => ms(a.at) - ms(b.at) || a.seq - b.seq);
  let closed = 0;
  let reopened = 0;
  let made = 0;
  const dissatisfiedCases = new Set<string>();
  const followUp = { owed: 0, done: 0, onTime: 0 };
  for (const [i, e] of events.entries()) {
    const at = ms(e.at);
    if (e.action === 'case.closed') {
      if (inPeriod(at)) closed++;
      const due = typeof e.changes.followUpDueAt === 'string' ? ms(e.changes.followUpDueAt) : Number.NaN;
      if (!inPeriod(due)) continue;
      followUp.owed++;
      const answer = events
        .slice(i + 1)
        .find(
          (f) => f.caseId === e.caseId && (FOLLOW_UP_ACTIONS.has(f.action) || f.action === 'case.closed'),
        );
      if (!answer || !FOLLOW_UP_ACTIONS.has(answer.action) || ms(answer.at) >= cut) continue;
      followUp.done++;
      if (ms(answer.at) <= due) followUp.onTime++;
      continue;
    }
    if (!FOLLOW_UP_ACTIONS.has(e.action) || !inPeriod(at)) continue;
    made++;
    const record = e.changes.followUp as { satisfaction?: unknown } | undefined;
    const level = String(record?.satisfaction);
    if (level in ratings) ratings[level as keyof SatisfactionCounts]++;
    if (e.action === 'case.reopened') {
      reopened++;
      if (!dissatisfiedCases.has(e.caseId)) {
        dissatisfiedCases.add(e.caseId);
        matter(matterOf.get(e.caseId) || UNKNOWN_MATTER).dissatisfied++;
      }
    }
  }
  const caseload = input.openAtStart + accepted + reopened;

  const departments = new Map<string, DepartmentRow>();
  const department = (wo: StatisticsWorkOrder) => {
    let row = departments.get(wo.departmentId);
    if (!row) {
      row = emptyDepartment(wo.departmentId, wo.departmentName);
      departments.set(wo.departmentId, row);
    }
    return row;
  };
  const byCategory = counter(CATEGORIES);
  let transferred = 0;
  const feedback = { onTime: 0, late: 0, unanswered: 0 };
  const overdue: OverdueItem[] = [];
  const dissatisfiedBy = new Set<string>();

  for (const wo of input.workOrders) {
    if (inPeriod(ms(wo.transferredAt))) {
      transferred++;
      byCategory[wo.category]++;
      department(wo).transferred++;
    }
    if (ms(wo.transferredAt) < cut && dissatisfiedCases.has(wo.caseId)) {
      const pair = `${wo.departmentId}\u0000${wo.caseId}`;
      if (!dissatisfiedBy.has(pair)) {
        dissatisfiedBy.add(pair);
        department(wo).dissatisfied++;
      }
    }
    const verdict = timeliness(wo, asOf);
    if (verdict.kind === 'none' || !inPeriod(verdict.at)) continue;
    const dept = department(wo);
    if (verdict.kind === 'on_time') {
      feedback.onTime++;
      dept.onTime++;
      continue;
    }
    dept.breaches++;
    if (verdict.answeredAt === null) {
      feedback.unanswered++;
      dept.unanswered++;
    } else {
      feedback.late++;
      dept.late++;
    }
    const matterName = matterOf.get(wo.caseId) || UNKNOWN_MATTER;
    matter(matterName).breaches++;
    const breached = breachedDue(wo, verdict.at);
    overdue.push({
      workOrderId: wo.id,
      number: wo.number,
      caseId: wo.caseId,
      caseNumber: wo.caseNumber,
      tenantId: wo.tenantId,
      matter: matterName,
      departmentId: wo.departmentId,
      departmentName: wo.departmentName,
      category: wo.category,
      transferredAt: formatShanghai(new Date(wo.transferredAt)),
      dueAt: formatShanghai(new Date(wo.dueAt)),
      breachAt: formatShanghai(new Date(verdict.at)),
      breachedDueAt: formatShanghai(new Date(breached)),
      laterDueAt: ms(wo.dueAt) > breached ? formatShanghai(new Date(wo.dueAt)) : null,
      answeredAt: verdict.answeredAt === null ? null : formatShanghai(new Date(verdict.answeredAt)),
      escalationLevel: wo.escalationLevel,
    });
  }

  const breaches = feedback.late + feedback.unanswered;
  const matterRows = sortMatters(matters.values());
  const departmentRows = sortDepartments(departments.values());
  return {
    received: input.cases.length,
    accepted,
    refused: input.cases.length - accepted,
    byScopeKind,
    byChannel,
    assisted,
    transfers: { total: transferred, byCategory },
    departments: departmentRows,
    onTimeFeedback: {
      evaluated: feedback.onTime + breaches,
      onTime: feedback.onTime,
      breaches,
      late: feedback.late,
      unanswered: feedback.unanswered,
      rate: ratio(feedback.onTime, feedback.onTime + breaches),
    },
    overdue: {
      count: overdue.length,
      items: sortOverdue(overdue),
      truncated: overdue.length > OVERDUE_LIST_LIMIT,
    },
    closure: { accepted, closed, rate: ratio(closed, caseload) },
    carryOver: {
      openAtStart: input.openAtStart,
      new: accepted,
      closed,
      reopened,
      // Never below 0: a start counted from data older than the activity index may be short.
      openAtEnd: Math.max(0, caseload - closed),
    },
    followUp: {
      ...followUp,
      made,
      rate: ratio(followUp.done, followUp.owed),
      onTimeRate: ratio(followUp.onTime, followUp.owed),
    },
    satisfaction: satisfactionOf(ratings),
    matters: matterRows,
    blockingPoints: blockingPoints(matterRows, departmentRows, input.previous),
  };
}

function addRecords<K extends string>(target: Record<K, number>, source: Record<K, number>): void {
  for (const k of Object.keys(source) as K[]) target[k] = (target[k] ?? 0) + source[k];
}

/**
 * A roll-up's figures from its parts' stored figures (never from raw cases): counts add up,
 * rates are recomputed from the sums, departments merge by name (each centre has its own unit
 * ids), matters by their text, and the overdue list keeps the oldest breaches.
 */
export function mergeStatistics(
  parts: readonly Statistics[],
  previous?: Pick<Statistics, 'matters' | 'departments'>,
): Statistics {
  const byScopeKind = counter([...ACCEPTED_SCOPE_KINDS, ...REFUSED_SCOPE_KINDS]);
  const byChannel = counter(CHANNELS);
  const byCategory = counter(CATEGORIES);
  const ratings: SatisfactionCounts = { ...EMPTY_RATINGS };
  const departments = new Map<string, DepartmentRow>();
  const matters = new Map<string, MatterRow>();
  const sum = {
    received: 0,
    accepted: 0,
    assisted: 0,
    transferred: 0,
    onTime: 0,
    late: 0,
    unanswered: 0,
    overdueCount: 0,
    closed: 0,
    owed: 0,
    done: 0,
    followOnTime: 0,
    made: 0,
    openAtStart: 0,
    reopened: 0,
    openAtEnd: 0,
  };
  const overdue: OverdueItem[] = [];
  for (const s of parts) {
    sum.received += s.received;
    sum.accepted += s.accepted;
    sum.assisted += s.assisted;
    sum.transferred += s.transfers.total;
    sum.onTime += s.onTimeFeedback.onTime;
    sum.late += s.onTimeFeedback.late;
    sum.unanswered += s.onTimeFeedback.unanswered;
    sum.overdueCount += s.overdue.count;
    sum.closed += s.closure.closed;
    sum.owed += s.followUp.owed;
    sum.done += s.followUp.done;
    sum.followOnTime += s.followUp.onTime;
    // Reports stored before the carry-over line existed read as zeros.
    sum.made += s.followUp.made ?? 0;
    sum.openAtStart += s.carryOver?.openAtStart ?? 0;
    sum.reopened += s.carryOver?.reopened ?? 0;
    sum.openAtEnd += s.carryOver?.openAtEnd ?? 0;
    addRecords(byScopeKind, s.byScopeKind);
    addRecords(byChannel, s.byChannel);
    addRecords(byCategory, s.transfers.byCategory);
    addRecords(ratings, s.satisfaction.counts);
    overdue.push(...s.overdue.items);
    for (const d of s.departments) {
      const row = departments.get(d.departmentName) ?? emptyDepartment(d.departmentName, d.departmentName);
      row.transferred += d.transferred;
      row.onTime += d.onTime;
      row.breaches += d.breaches;
      row.late += d.late;
      row.unanswered += d.unanswered;
      row.dissatisfied += d.dissatisfied;
      departments.set(d.departmentName, row);
    }
    for (const m of s.matters) {
      const row = matters.get(m.matter) ?? { matter: m.matter, cases: 0, breaches: 0, dissatisfied: 0 };
      row.cases += m.cases;
      row.breaches += m.breaches;
      row.dissatisfied += m.dissatisfied;
      matters.set(m.matter, row);
    }
  }
  const breaches = sum.late + sum.unanswered;
  const matterRows = sortMatters(matters.values());
  const departmentRows = sortDepartments(departments.values());
  return {
    received: sum.received,
    accepted: sum.accepted,
    refused: sum.received - sum.accepted,
    byScopeKind,
    byChannel,
    assisted: sum.assisted,
    transfers: { total: sum.transferred, byCategory },
    departments: departmentRows,
    onTimeFeedback: {
      evaluated: sum.onTime + breaches,
      onTime: sum.onTime,
      breaches,
      late: sum.late,
      unanswered: sum.unanswered,
      rate: ratio(sum.onTime, sum.onTime + breaches),
    },
    overdue: {
      count: sum.overdueCount,
      items: sortOverdue(overdue),
      truncated: sum.overdueCount > Math.min(overdue.length, OVERDUE_LIST_LIMIT),
    },
    closure: {
      accepted: sum.accepted,
      closed: sum.closed,
      rate: ratio(sum.closed, sum.openAtStart + sum.accepted + sum.reopened),
    },
    carryOver: {
      openAtStart: sum.openAtStart,
      new: sum.accepted,
      closed: sum.closed,
      reopened: sum.reopened,
      openAtEnd: sum.openAtEnd,
    },
    followUp: {
      owed: sum.owed,
      done: sum.done,
      onTime: sum.followOnTime,
      made: sum.made,
      rate: ratio(sum.done, sum.owed),
      onTimeRate: ratio(sum.followOnTime, sum.owed),
    },
    satisfaction: satisfactionOf(ratings),
    matters: matterRows,
    blockingPoints: blockingPoints(matterRows, departmentRows, previous),
  };
}

/** The figures a score is computed from. */
export function scoreInputsOf(s: Statistics): ScoreInputs {
  return {
    accepted: s.closure.accepted,
    closed: s.closure.closed,
    feedbackEvaluated: s.onTimeFeedback.evaluated,
    feedbackOnTime: s.onTimeFeedback.onTime,
    breaches: s.onTimeFeedback.breaches,
    followUpOwed: s.followUp.owed,
    followUpOnTime: s.followUp.onTime,
    ratings: { ...s.satisfaction.counts },
    openAtStart: s.carryOver?.openAtStart ?? 0,
    reopened: s.carryOver?.reopened ?? 0,
  };
}

/** A report's level from its region code's length: 9 centre, 6 county, 4 city, 2 province. */
export function levelOf(region: string): ReportLevel {
  switch (region.length) {
    case 9:
      return 'centre';
    case 6:
      return 'county';
    case 4:
      return 'city';
    case 2:
      return 'province';
    default:
      throw new RangeError(`not a report region: ${JSON.stringify(region)}`);
  }
}

/** The region a report rolls up into: centre → county → city → province → none. */
export function parentOf(region: string): string | undefined {
  const length = { 9: 6, 6: 4, 4: 2 }[region.length];
  return length ? region.slice(0, length) : undefined;
}

export const LEVEL_LABELS: Record<ReportLevel, string> = {
  centre: '便民服务中心',
  county: '县（市、区）',
  city: '市（州）',
  province: '全省',
};
