/**
 * 年度服务量化评分: each centre's score for a year, ranked within its county, city and province.
 *
 * Primary course:
 *  1. The region read: a supervisor's own (or one inside it, or one centre); a director's centre.
 *  2. That region's monthly roll-ups of the year — one Query (`REPORT#{region}`, `MONTH#{yyyy}-`);
 *     each lists every centre under it with that month's score inputs. For one centre the
 *     province's roll-ups are read, so that its rank in county, city and province can be told;
 *     only its own row is returned.
 *  3. Per centre the inputs add up over the months in order (each month counts the events of
 *     that month, so the year counts the year's events; the open cases at its start are
 *     January's); the formula of shared/domain/score.ts gives
 *     the score; ranks are computed within each county, city and province the data covers.
 */
import { listYearReports } from '../../adapters/report-store.ts';
import type { Principal } from '../../domain/identity.ts';
import {
  addScoreInputs,
  computeScore,
  DEFAULT_SCORE_WEIGHTS,
  emptyScoreInputs,
  followScoreInputs,
  rankByScore,
  SCORE_FORMULA,
} from '../../domain/score.ts';
import type { AnnualScoreRow, AnnualScores, ScoreWeights } from '../../schemas/report.ts';
import { reportRegionFor } from './access.ts';
import { placeName, regionName } from './names.ts';
import { PROVINCE } from './province.ts';

const LEVELS = [
  { key: 'county', digits: 6 },
  { key: 'city', digits: 4 },
  { key: 'province', digits: 2 },
] as const;

/**
 * `weights`: the evaluating region's weights; DEFAULT_SCORE_WEIGHTS until they are configurable
 * (a ranking compares centres, so all of them are scored with the same weights).
 */
export async function annualScores(
  principal: Principal,
  year: string,
  requestedRegion?: string,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): Promise<AnnualScores> {
  const region = reportRegionFor(principal, requestedRegion);
  const single = region.length === 9;
  let reports = await listYearReports(single ? PROVINCE : region, year);
  if (single && reports.length === 0) reports = await listYearReports(region, year);
  const months = [...new Set(reports.map((r) => r.month))].sort();

  const byCentre = new Map<string, Omit<AnnualScoreRow, 'score' | 'rank'>>();
  for (const report of reports) {
    for (const row of report.centres) {
      const seen = byCentre.get(row.region) ?? {
        tenantId: row.region,
        name: row.name,
        months: 0,
        inputs: emptyScoreInputs(),
      };
      // Months in order: the year's carry-over starts with the first month's open cases.
      seen.inputs =
        seen.months === 0
          ? addScoreInputs(seen.inputs, row.inputs)
          : followScoreInputs(seen.inputs, row.inputs);
      seen.months++;
      byCentre.set(row.region, seen);
    }
  }
  const scored = [...byCentre.values()].map((row) => ({ ...row, score: computeScore(row.inputs, weights) }));

  const ranks = new Map<string, AnnualScoreRow['rank']>(scored.map((r) => [r.tenantId, {}]));
  const scope = single ? PROVINCE : region;
  for (const level of LEVELS.filter((l) => l.digits >= scope.length)) {
    const groups = new Map<string, typeof scored>();
    for (const row of scored) {
      const key = row.tenantId.slice(0, level.digits);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const members of groups.values()) {
      for (const { row, rank } of rankByScore(
        members,
        (r) => r.score.score,
        (r) => r.tenantId,
      )) {
        ranks.get(row.tenantId)![level.key] = { rank, of: members.length };
      }
    }
  }

  const items = rankByScore(
    scored.filter((r) => !single || r.tenantId === region),
    (r) => r.score.score,
    (r) => r.tenantId,
  ).map(({ row }) => ({ ...row, rank: ranks.get(row.tenantId) ?? {} }));
  // A centre is named as its bulletins name it (its registered name); a region by the table.
  const name = single ? (items[0]?.name ?? (await placeName(region))) : regionName(region);
  return { year, region, name, months, weights, formula: SCORE_FORMULA, items };
}
