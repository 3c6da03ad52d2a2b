/** The annual quantitative score (年度服务量化评分) and rankings, against hand-computed figures. */
import { describe, expect, it } from 'vitest';
import {
  addScoreInputs,
  computeScore,
  DEFAULT_SCORE_WEIGHTS,
  emptyScoreInputs,
  rankByScore,
} from '../../shared/domain/score.ts';
import type { ScoreInputs, ScoreWeights } from '../../shared/schemas/report.ts';

const inputs = (over: Partial<ScoreInputs>): ScoreInputs => ({ ...emptyScoreInputs(), ...over });
const ratings = (r: Partial<ScoreInputs['ratings']>) => ({ ...emptyScoreInputs().ratings, ...r });

describe('computeScore', () => {
  it.each<[string, ScoreInputs, ScoreWeights, number | null]>([
    [
      // 30×40 + 25×42.86 + 20×50 + 25×62.5 = 4834 → 48.34, minus 3 overdue × 1 = 45.34
      'the seeded March centre',
      inputs({
        accepted: 7,
        closed: 3,
        feedbackEvaluated: 5,
        feedbackOnTime: 2,
        breaches: 3,
        followUpOwed: 4,
        followUpOnTime: 2,
        ratings: ratings({ '2': 1, '5': 1 }),
      }),
      DEFAULT_SCORE_WEIGHTS,
      45.34,
    ],
    ['a centre with nothing to count has no score', emptyScoreInputs(), DEFAULT_SCORE_WEIGHTS, null],
    [
      'components with nothing to count are left out, not scored 0',
      inputs({ accepted: 4, closed: 4 }),
      DEFAULT_SCORE_WEIGHTS,
      100,
    ],
    [
      // (30×0 + 25×100) / 55 = 45.45…, minus the capped penalty 20 = 25.45
      'the overdue penalty is capped',
      inputs({ accepted: 10, closed: 10, feedbackEvaluated: 50, breaches: 50 }),
      DEFAULT_SCORE_WEIGHTS,
      25.45,
    ],
    [
      'tenant weights: satisfaction only',
      inputs({ accepted: 10, closed: 0, ratings: ratings({ '5': 3 }) }),
      { ...DEFAULT_SCORE_WEIGHTS, onTimeFeedback: 0, closure: 0, followUp: 0, satisfaction: 1 },
      100,
    ],
    [
      'never below zero',
      inputs({ feedbackEvaluated: 5, breaches: 5 }),
      { ...DEFAULT_SCORE_WEIGHTS, overduePenaltyPerOrder: 10, overduePenaltyCap: 100 },
      0,
    ],
  ])('%s', (_what, given, weights, expected) => {
    expect(computeScore(given, weights).score).toBe(expected);
  });

  it('reports each component and the penalty', () => {
    expect(
      computeScore(
        inputs({
          accepted: 7,
          closed: 3,
          feedbackEvaluated: 5,
          feedbackOnTime: 2,
          breaches: 3,
          followUpOwed: 4,
          followUpOnTime: 2,
          ratings: ratings({ '2': 1, '5': 1 }),
        }),
      ),
    ).toEqual({
      score: 45.34,
      components: { onTimeFeedback: 40, closure: 42.86, followUp: 50, satisfaction: 62.5 },
      penalty: 3,
    });
  });

  it('a year is scored on the sums of its months, not the mean of monthly scores', () => {
    const busy = inputs({ accepted: 90, closed: 90 });
    const quiet = inputs({ accepted: 10, closed: 0 });
    expect(computeScore(addScoreInputs(busy, quiet)).components.closure).toBe(90);
  });
});

describe('rankByScore', () => {
  it('ranks highest first, ties share a rank (1, 1, 3, 3, 5), no score last', () => {
    const rows = [
      { id: 'b', s: 80 },
      { id: 'a', s: 90 },
      { id: 'd', s: null },
      { id: 'c', s: 90 },
      { id: 'e', s: 80 },
    ];
    expect(
      rankByScore(
        rows,
        (r) => r.s,
        (r) => r.id,
      ).map(({ row, rank }) => [row.id, rank]),
    ).toEqual([
      ['a', 1],
      ['c', 1],
      ['b', 3],
      ['e', 3],
      ['d', 5],
    ]);
  });
});
