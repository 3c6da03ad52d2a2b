/**
 * 年度服务量化评分: the quantitative score of a centre, and rankings. Plain functions.
 *
 * Four components, each 0–100, from sums over the months scored:
 *
 *   按时反馈 onTimeFeedback = work orders fed back on time / (on time + overdue) × 100
 *   办结     closure        = closures in the period / (open at its start + accepted + reopened) × 100
 *   回访     followUp       = follow-ups made on time / follow-ups owed × 100
 *   满意度   satisfaction   = (mean 好差评 level − 1) / 4 × 100   (5 非常满意 → 100, 1 → 0)
 *
 *   score = Σ wᵢ·cᵢ / Σ wᵢ  over the components that have something to count
 *           − min(overduePenaltyCap, overduePenaltyPerOrder × overdue work orders),  at least 0
 *
 * A component with nothing to count (no work order fell due, no case accepted…) is left out
 * rather than scored 0 or 100, so a quiet centre is neither punished nor flattered; a centre
 * with nothing at all has no score (null) and ranks last. Sums, not averages of monthly scores:
 * a busy month weighs more than a quiet one. Scores are rounded to 2 decimals.
 */
import type { RankedRow, SatisfactionCounts, Score, ScoreInputs, ScoreWeights } from '../schemas/report.ts';

/** Defaults until a region sets its own (see the `scoreWeights` note in the report). */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  onTimeFeedback: 30,
  closure: 25,
  followUp: 20,
  satisfaction: 25,
  overduePenaltyPerOrder: 1,
  overduePenaltyCap: 20,
};

export const SCORE_FORMULA =
  '得分 = Σ(权重×分项)/Σ权重（只计有可评数据的分项）− min(超期扣分上限, 每件超期扣分×超期工单数)；' +
  '分项：按时反馈率、办结率、回访及时率 ×100；满意度 =(好差评平均等级−1)/4×100';

export const EMPTY_RATINGS: SatisfactionCounts = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };

export function emptyScoreInputs(): ScoreInputs {
  return {
    accepted: 0,
    closed: 0,
    feedbackEvaluated: 0,
    feedbackOnTime: 0,
    breaches: 0,
    followUpOwed: 0,
    followUpOnTime: 0,
    ratings: { ...EMPTY_RATINGS },
    openAtStart: 0,
    reopened: 0,
  };
}

export function addScoreInputs(a: ScoreInputs, b: ScoreInputs): ScoreInputs {
  const ratings = { ...a.ratings };
  for (const k of Object.keys(ratings) as (keyof SatisfactionCounts)[]) ratings[k] += b.ratings[k];
  return {
    accepted: a.accepted + b.accepted,
    closed: a.closed + b.closed,
    feedbackEvaluated: a.feedbackEvaluated + b.feedbackEvaluated,
    feedbackOnTime: a.feedbackOnTime + b.feedbackOnTime,
    breaches: a.breaches + b.breaches,
    followUpOwed: a.followUpOwed + b.followUpOwed,
    followUpOnTime: a.followUpOnTime + b.followUpOnTime,
    ratings,
    openAtStart: (a.openAtStart ?? 0) + (b.openAtStart ?? 0),
    reopened: (a.reopened ?? 0) + (b.reopened ?? 0),
  };
}

/**
 * The inputs of two consecutive periods of the same centres (a year from its months): the
 * counts add up; the open cases at the start are the earlier period's — later months' starts
 * are carried over from the months before, not new work.
 */
export function followScoreInputs(earlier: ScoreInputs, later: ScoreInputs): ScoreInputs {
  return { ...addScoreInputs(earlier, later), openAtStart: earlier.openAtStart ?? 0 };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round2((numerator / denominator) * 100) : null;
}

/** Mean 好差评 level on 1–5, or null without ratings. */
export function meanRating(ratings: SatisfactionCounts): number | null {
  let total = 0;
  let sum = 0;
  for (const [level, n] of Object.entries(ratings)) {
    total += n;
    sum += Number(level) * n;
  }
  return total > 0 ? sum / total : null;
}

export function computeScore(inputs: ScoreInputs, weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS): Score {
  const mean = meanRating(inputs.ratings);
  const components = {
    onTimeFeedback: percent(inputs.feedbackOnTime, inputs.feedbackEvaluated),
    closure: percent(inputs.closed, (inputs.openAtStart ?? 0) + inputs.accepted + (inputs.reopened ?? 0)),
    followUp: percent(inputs.followUpOnTime, inputs.followUpOwed),
    satisfaction: mean === null ? null : round2(((mean - 1) / 4) * 100),
  };
  let weighted = 0;
  let weightSum = 0;
  for (const key of ['onTimeFeedback', 'closure', 'followUp', 'satisfaction'] as const) {
    const value = components[key];
    if (value === null) continue;
    weighted += weights[key] * value;
    weightSum += weights[key];
  }
  const penalty = round2(
    Math.min(weights.overduePenaltyCap, weights.overduePenaltyPerOrder * inputs.breaches),
  );
  const score = weightSum > 0 ? round2(Math.max(0, weighted / weightSum - penalty)) : null;
  return { score, components, penalty };
}

/**
 * Standard competition ranking (1, 2, 2, 4) by score, highest first; no score ranks last.
 * Ties keep a stable order by `key`, so a ranking reads the same every time.
 */
export function rankByScore<T>(
  rows: readonly T[],
  scoreOf: (row: T) => number | null,
  keyOf: (row: T) => string,
): { row: T; rank: number }[] {
  const sorted = [...rows].sort((a, b) => {
    const sa = scoreOf(a) ?? Number.NEGATIVE_INFINITY;
    const sb = scoreOf(b) ?? Number.NEGATIVE_INFINITY;
    if (sa !== sb) return sb - sa;
    return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
  });
  const ranked: { row: T; rank: number }[] = [];
  sorted.forEach((row, i) => {
    const previous = ranked[i - 1];
    const same = previous && (scoreOf(previous.row) ?? null) === (scoreOf(row) ?? null);
    ranked.push({ row, rank: same ? previous.rank : i + 1 });
  });
  return ranked;
}

/** Rank rows of a report (centres, or sub-regions) by their score. */
export function rankRows(rows: readonly Omit<RankedRow, 'rank'>[]): RankedRow[] {
  return rankByScore(
    rows,
    (r) => r.score.score,
    (r) => r.region,
  ).map(({ row, rank }) => ({ ...row, rank }));
}
