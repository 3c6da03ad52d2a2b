/**
 * 每月总结通报: the monthly bulletin of every centre, rolled up per county, city and province.
 *
 * Primary course:
 *  1. At 02:00 on the 1st (Asia/Shanghai) the schedule calls `startMonthlyRun` for last month. It
 *     claims the month once, lists the province's centres from the registry (one Query), records
 *     for every county, city and the province how many parts its roll-up waits for (fan-in), and
 *     only then queues one `centre` job per centre on the reports queue.
 *  2. A `centre` job reads the centre's month from the ledgers (key-range Queries of the
 *     byRegion index: cases accepted in the month, work orders transferred from the look-back
 *     to the month's end), computes the statistics, and stores the report once (Put if absent)
 *     with a notice to the director. It then adds the centre to its county's fan-in set; the
 *     job whose write completes the set queues the county's `rollup` job.
 *  3. A `rollup` job merges its parts' stored reports — never raw cases — stores the roll-up once
 *     with a notice to the region's supervisors, and adds itself to its parent's fan-in set:
 *     county → city → province.
 *
 * Any step may run twice (SQS delivers at least once; an operator reruns a month with
 * `{"month": "2026-03"}`): stores are conditional and fan-in sets ignore repeats, so a month
 * has one report per region, with one content.
 *
 * A published month changes only by `regenerateMonthlyReport` (POST
 * /reports/monthly/{month}/regenerate, admin): the region's report is rebuilt, then each
 * roll-up above it from its stored parts, each replaced with an audit record (who, why, the
 * content hash before and after) in the same transaction.
 */

import { clock } from '../../adapters/clock.ts';
import { newId } from '../../adapters/ids.ts';
import { logger } from '../../adapters/logger.ts';
import { putNotification } from '../../adapters/notification-store.ts';
import { sendMessage } from '../../adapters/queue.ts';
import {
  activityRange,
  type CapacityMeter,
  caseMatters,
  casesBefore,
  claimMonthlyRun,
  expectParts,
  getFanIn,
  getReport,
  getReports,
  ledgerFigures,
  listCentres,
  partDone,
  putRegionNotification,
  putReport,
  replaceReport,
} from '../../adapters/report-store.ts';
import { canonicalJson, sha256 } from '../../domain/case.ts';
import type { Principal } from '../../domain/identity.ts';
import { computeScore, rankRows } from '../../domain/score.ts';
import {
  computeStatistics,
  FOLLOW_UP_LOOKBACK_DAYS,
  levelOf,
  mergeStatistics,
  openAt,
  parentOf,
  type StatisticsCase,
  type StatisticsWorkOrder,
  scoreInputsOf,
  timeliness,
  WORK_ORDER_LOOKBACK_DAYS,
} from '../../domain/statistics.ts';
import { formatShanghai, previousMonth, shanghaiMonth, shanghaiMonthRange } from '../../domain/time.ts';
import { NotFoundError } from '../../errors.ts';
import type {
  MonthlyReport,
  RankedRow,
  RegeneratedReports,
  RegenerateReportBody,
  ReportJob,
  Statistics,
} from '../../schemas/report.ts';
import { mapLimited, reportRegionFor } from './access.ts';
import { centreName, regionName } from './names.ts';
import { PROVINCE } from './province.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The scheduled entry: last month (or `month`, a rerun). A scheduled run starts a month once;
 * a rerun always fans out again (harmless: every store is conditional).
 */
export async function startMonthlyRun(
  input: { month?: string } = {},
): Promise<{ month: string; sent: number }> {
  const now = clock.now();
  const current = shanghaiMonth(now);
  const month = input.month ?? previousMonth(current);
  if (month >= current) {
    logger.warn('monthly run skipped: the month is not over', { month });
    return { month, sent: 0 };
  }
  if (!input.month && !(await claimMonthlyRun(PROVINCE, month, now.toISOString()))) return { month, sent: 0 };

  const centres = await listCentres(PROVINCE);
  const expected = new Map<string, Set<string>>();
  for (const { tenantId } of centres) {
    for (let part = tenantId, parent = parentOf(part); parent; part = parent, parent = parentOf(part)) {
      const parts = expected.get(parent) ?? new Set<string>();
      parts.add(part);
      expected.set(parent, parts);
    }
  }
  // Expectations first: a part that finishes must find its roll-up's count already there.
  await mapLimited([...expected], 10, ([region, parts]) => expectParts(region, month, parts.size));
  await mapLimited(centres, 10, ({ tenantId }) =>
    sendMessage('reports', { kind: 'centre', tenantId, month } satisfies ReportJob),
  );
  logger.info('monthly run fanned out', { month, centres: centres.length, rollups: expected.size });
  return { month, sent: centres.length };
}

function assemble(input: {
  region: string;
  name: string;
  month: string;
  asOf: Date;
  statistics: Statistics;
  centres: Omit<RankedRow, 'rank'>[];
  children: Omit<RankedRow, 'rank'>[];
}): MonthlyReport {
  const { start, end } = shanghaiMonthRange(input.month);
  const summary = scoreInputsOf(input.statistics);
  const content = {
    region: input.region,
    level: levelOf(input.region),
    name: input.name,
    month: input.month,
    period: { from: formatShanghai(start), to: formatShanghai(end) },
    asOf: formatShanghai(input.asOf),
    centreCount: input.centres.length,
    statistics: input.statistics,
    summary,
    score: computeScore(summary),
    centres: rankRows(input.centres),
    children: rankRows(input.children),
  };
  return {
    ...content,
    contentHash: sha256(canonicalJson(content)),
    generatedAt: formatShanghai(clock.now()),
  };
}

/**
 * A centre's statistics for a month: cases accepted in it (case ledger), its audit events by
 * their own time (activity index: closures, follow-ups, ratings), the work orders that can fall
 * due in it (work-order ledger from the look-back), and the matters of earlier cases concerned.
 * `openAtStart` is last month's `openAtEnd` when that report is stored; otherwise it is counted
 * from the case ledger before the month.
 */
async function centreStatistics(
  tenantId: string,
  month: string,
  previous: Pick<Statistics, 'matters' | 'departments'> | undefined,
  openAtStart: number | undefined,
  meter?: CapacityMeter,
): Promise<{ statistics: Statistics; asOf: Date }> {
  const { start, end } = shanghaiMonthRange(month);
  const asOf = new Date(Math.min(clock.now().getTime(), end.getTime()));
  const lookback = new Date(start.getTime() - WORK_ORDER_LOOKBACK_DAYS * DAY_MS);
  const closures = new Date(start.getTime() - FOLLOW_UP_LOOKBACK_DAYS * DAY_MS);
  const [cases, workOrders, activity, open] = await Promise.all([
    ledgerFigures<StatisticsCase>('cases', tenantId, start.toISOString(), end.toISOString(), meter),
    ledgerFigures<StatisticsWorkOrder>(
      'workOrders',
      tenantId,
      lookback.toISOString(),
      end.toISOString(),
      meter,
    ),
    activityRange(tenantId, closures.toISOString(), end.toISOString(), meter),
    openAtStart ?? casesBefore(tenantId, start.toISOString(), meter).then((before) => openAt(before, start)),
  ]);
  // Orders and reopenings of earlier cases that count this month need their case's matter.
  const known = new Set(cases.map((c) => c.id));
  const counted = (wo: StatisticsWorkOrder) => {
    const verdict = timeliness(wo, asOf);
    return verdict.kind !== 'none' && verdict.at >= start.getTime();
  };
  const reopenedEarlier = activity
    .filter((e) => e.action === 'case.reopened' && new Date(e.at).getTime() >= start.getTime())
    .map((e) => e.caseId);
  const missing = [
    ...new Set([...workOrders.filter(counted).map((wo) => wo.caseId), ...reopenedEarlier]),
  ].filter((id) => !known.has(id));
  const relatedCases = missing.length ? await caseMatters(missing, meter) : [];
  const statistics = computeStatistics({
    period: { start, end },
    asOf,
    cases,
    activity,
    openAtStart: open,
    workOrders,
    relatedCases,
    ...(previous ? { previous } : {}),
  });
  return { statistics, asOf };
}

/**
 * Build (not store) a centre's month report. Last month's figures (the blocking points'
 * change, the open cases carried over) come from last month's stored report, or are computed
 * when there is none.
 */
export async function buildCentreReport(
  centre: { tenantId: string; name: string },
  month: string,
  meter?: CapacityMeter,
): Promise<MonthlyReport> {
  const before = previousMonth(month);
  const stored = await getReport(centre.tenantId, before, meter);
  const previous =
    stored?.statistics ??
    (await centreStatistics(centre.tenantId, before, undefined, undefined, meter)).statistics;
  const { statistics, asOf } = await centreStatistics(
    centre.tenantId,
    month,
    previous,
    stored?.statistics.carryOver?.openAtEnd,
    meter,
  );
  const inputs = scoreInputsOf(statistics);
  const row = {
    region: centre.tenantId,
    name: centre.name,
    centreCount: 1,
    inputs,
    score: computeScore(inputs),
  };
  return assemble({
    region: centre.tenantId,
    name: centre.name,
    month,
    asOf,
    statistics,
    centres: [row],
    children: [],
  });
}

/** Build (not store) a region's roll-up from its parts' stored reports. */
export async function buildRollup(
  region: string,
  month: string,
  meter?: CapacityMeter,
): Promise<MonthlyReport> {
  const fanIn = await getFanIn(region, month, meter);
  const [parts, previous] = await Promise.all([
    getReports(fanIn.done, month, meter),
    getReport(region, previousMonth(month), meter),
  ]);
  if (parts.length < fanIn.done.length) {
    // A part recorded as done must be readable; fail so that the queue retries the roll-up.
    throw new Error(`roll-up ${region} ${month}: ${fanIn.done.length - parts.length} part report(s) missing`);
  }
  const unranked = ({ rank: _r, ...row }: RankedRow) => row;
  return assemble({
    region,
    name: regionName(region),
    month,
    asOf: new Date(Math.min(...parts.map((p) => new Date(p.asOf).getTime()), clock.now().getTime())),
    statistics: mergeStatistics(
      parts.map((p) => p.statistics),
      previous?.statistics,
    ),
    centres: parts.flatMap((p) => p.centres.map(unranked)),
    children: parts.map((p) => ({
      region: p.region,
      name: p.name,
      centreCount: p.centreCount,
      inputs: p.summary,
      score: p.score,
    })),
  });
}

/** Add a finished part to its parent's fan-in; the write that completes it queues the parent. */
async function reportUp(part: string, month: string): Promise<void> {
  const parent = parentOf(part);
  if (!parent) return;
  const fanIn = await partDone(parent, month, part);
  if (fanIn.expected !== undefined && fanIn.done.length >= fanIn.expected) {
    await sendMessage('reports', { kind: 'rollup', region: parent, month } satisfies ReportJob);
  }
}

function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** One job of the reports queue. Safe to run twice. */
export async function runReportJob(job: ReportJob): Promise<'stored' | 'exists' | 'waiting'> {
  const at = formatShanghai(clock.now());
  let report: MonthlyReport;
  let notice: Parameters<typeof putReport>[1];
  if (job.kind === 'centre') {
    const entry = (await listCentres(job.tenantId)).find((c) => c.tenantId === job.tenantId);
    report = await buildCentreReport(
      { tenantId: job.tenantId, name: centreName(job.tenantId, entry?.name) },
      job.month,
    );
    notice = putNotification({
      id: newId('note'),
      tenantId: job.tenantId,
      at,
      recipient: { role: 'director' },
      topic: 'report.monthly',
      message: `${report.name}${monthLabel(job.month)}“办不成事”反映窗口办理情况通报已生成`,
    });
  } else {
    const fanIn = await getFanIn(job.region, job.month);
    if (fanIn.expected === undefined || fanIn.done.length < fanIn.expected) return 'waiting';
    report = await buildRollup(job.region, job.month);
    notice = putRegionNotification({
      id: newId('note'),
      regionCode: job.region,
      at,
      topic: 'report.monthly',
      message: `${report.name}${monthLabel(job.month)}“办不成事”反映窗口办理情况汇总通报已生成（${report.centreCount} 个中心）`,
      month: job.month,
    });
  }
  const result = await putReport(report, notice);
  if (result.outcome === 'exists' && result.stored.contentHash !== report.contentHash) {
    // Data changed after the report was published: the published one stands (it is immutable).
    logger.warn('a regenerated report differs from the stored one; the stored one is kept', {
      region: report.region,
      month: report.month,
    });
  }
  await reportUp(report.region, report.month);
  return result.outcome;
}

/** GET /reports/monthly/{month}: a stored report the caller may read. */
export async function readMonthlyReport(
  principal: Principal,
  month: string,
  region?: string,
): Promise<MonthlyReport> {
  const report = await getReport(reportRegionFor(principal, region), month);
  if (!report) throw new NotFoundError('该月通报尚未生成或不存在');
  return report;
}

/**
 * 重新生成: an admin replaces a published month of a region, and every roll-up above it.
 *
 * Primary course:
 *  1. The region's stored report must exist (a month not yet published is the schedule's job).
 *  2. Rebuild it (a centre from its ledgers and activity, a roll-up from its parts' stored
 *     reports) and replace it with an audit record in one transaction.
 *  3. Do the same for its county, city and province roll-ups that are stored, in that order,
 *     so each reads the part just replaced.
 */
export async function regenerateMonthlyReport(
  principal: Principal,
  month: string,
  body: RegenerateReportBody,
): Promise<RegeneratedReports> {
  const first = await getReport(body.region, month);
  if (!first) throw new NotFoundError('该月通报尚未生成，无需重新生成');
  const items: RegeneratedReports['items'] = [];
  for (let region: string | undefined = body.region; region; region = parentOf(region)) {
    const stored = region === body.region ? first : await getReport(region, month);
    if (!stored) continue;
    const report =
      region.length === 9
        ? await buildCentreReport(
            {
              tenantId: region,
              name: centreName(region, (await listCentres(region)).find((c) => c.tenantId === region)?.name),
            },
            month,
          )
        : await buildRollup(region, month);
    await replaceReport(report, {
      id: newId('regen'),
      region,
      month,
      at: formatShanghai(clock.now()),
      by: { id: principal.id, name: principal.name },
      reason: body.reason,
      previousHash: stored.contentHash,
      contentHash: report.contentHash,
    });
    logger.info('monthly report regenerated', {
      region,
      month,
      changed: report.contentHash !== stored.contentHash,
    });
    items.push({
      region,
      previousHash: stored.contentHash,
      contentHash: report.contentHash,
      changed: report.contentHash !== stored.contentHash,
    });
  }
  return { month, items };
}
