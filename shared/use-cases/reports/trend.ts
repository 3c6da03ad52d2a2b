/**
 * 走势: the headline figures of a centre's or region's bulletins over the 12 months up to one,
 * for the console's trend chart — without sending twelve whole bulletins (a province's lists
 * every centre).
 *
 * Primary course:
 *  1. The region read: a supervisor's own (or one inside it); a director's centre.
 *  2. Its stored reports from 11 months before `month` to `month`: one Query
 *     (`REPORT#{region}`, `MONTH#{from}` … `MONTH#{to}`).
 *  3. Each month's figures as the bulletin states them; a month without a report is left out.
 */
import { listReportsBetween } from '../../adapters/report-store.ts';
import type { Principal } from '../../domain/identity.ts';
import { previousMonth } from '../../domain/time.ts';
import type { MonthlyReport, ReportTrend, TrendMonth } from '../../schemas/report.ts';
import { reportRegionFor } from './access.ts';
import { placeName } from './names.ts';

/** How many months the trend covers, the asked one included. */
export const TREND_MONTHS = 12;

function trendMonth(report: MonthlyReport): TrendMonth {
  const s = report.statistics;
  return {
    month: report.month,
    received: s.received,
    accepted: s.accepted,
    closed: s.closure.closed,
    closureRate: s.closure.rate,
    transfers: s.transfers.total,
    overdue: s.overdue.count,
    onTimeRate: s.onTimeFeedback.rate,
    ratings: s.satisfaction.total,
    goodRate: s.satisfaction.goodRate,
    score: report.score.score,
  };
}

export async function readReportTrend(
  principal: Principal,
  month: string,
  region?: string,
): Promise<ReportTrend> {
  const read = reportRegionFor(principal, region);
  let from = month;
  for (let i = 1; i < TREND_MONTHS; i++) from = previousMonth(from);
  const reports = await listReportsBetween(read, from, month);
  return {
    region: read,
    // The latest report names the region as the bulletin does (a centre by its registered name).
    name: reports.at(-1)?.name ?? (await placeName(read)),
    from,
    to: month,
    months: reports.map(trendMonth),
  };
}
