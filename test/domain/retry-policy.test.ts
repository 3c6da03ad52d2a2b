import { describe, expect, it } from 'vitest';
import {
  nextAttemptAt,
  retryWindowMs,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_MIN_RETRY_WINDOW_MS,
  WEBHOOK_RETRY_DELAYS_MS,
} from '../../shared/domain/retry-policy.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const firstAttempt = new Date('2026-10-09T10:20:00+08:00');

/** Every attempt fails: the instants of all attempts, the first at `firstAttempt`. */
function failEveryAttempt(opts?: Parameters<typeof nextAttemptAt>[2]): Date[] {
  const attempts = [firstAttempt];
  for (;;) {
    const next = nextAttemptAt(attempts.length, attempts.at(-1)!, opts);
    if (!next) return attempts;
    attempts.push(next);
  }
}

describe('webhook retry schedule', () => {
  it('keeps retrying a dead receiver for at least 24 hours (27 h 36 m, 8 attempts)', () => {
    // Act
    const attempts = failEveryAttempt();

    // Assert
    const window = attempts.at(-1)!.getTime() - firstAttempt.getTime();
    expect(attempts).toHaveLength(8);
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    expect(window).toBeGreaterThanOrEqual(WEBHOOK_MIN_RETRY_WINDOW_MS);
    expect(window).toBe(27 * HOUR + 36 * MINUTE);
    expect(retryWindowMs()).toBe(window);
  });

  it('backs off: 1 m, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h', () => {
    const attempts = failEveryAttempt();

    const gaps = attempts.slice(1).map((at, i) => at.getTime() - attempts[i]!.getTime());

    expect(gaps).toEqual([1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
    expect(gaps).toEqual(WEBHOOK_RETRY_DELAYS_MS);
  });

  it('gives up after the 8th attempt, so the order becomes delivery_failed', () => {
    const last = new Date('2026-10-10T13:56:00+08:00');

    expect(nextAttemptAt(7, last)).toEqual(new Date(last.getTime() + 10 * HOUR));
    expect(nextAttemptAt(8, last)).toBeUndefined();
    expect(nextAttemptAt(9, last)).toBeUndefined();
  });

  it('counts from the last attempt, not from the first', () => {
    const lateAttempt = new Date('2026-10-09T11:00:00+08:00');

    expect(nextAttemptAt(2, lateAttempt)).toEqual(new Date('2026-10-09T11:05:00+08:00'));
  });

  it.each([
    [60, 27 * MINUTE + 36 * 1000],
    [1440, 69 * 1000],
  ])('compress %i shortens every delay proportionally (window %i ms)', (compress, expectedWindow) => {
    const full = failEveryAttempt();

    const compressed = failEveryAttempt({ compress });

    expect(compressed).toHaveLength(full.length);
    expect(compressed.at(-1)!.getTime() - firstAttempt.getTime()).toBe(expectedWindow);
    expect(retryWindowMs({ compress })).toBe(expectedWindow);
    expect(nextAttemptAt(1, firstAttempt, { compress })!.getTime() - firstAttempt.getTime()).toBe(
      Math.round(MINUTE / compress),
    );
  });

  it('jitter only lengthens a delay, by at most the given fraction, so the window still covers 24 h', () => {
    const highest = () => 0.999_999;
    const lowest = () => 0;

    const longest = failEveryAttempt({ jitter: 0.1, random: highest });
    const shortest = failEveryAttempt({ jitter: 0.1, random: lowest });

    expect(shortest.at(-1)!.getTime() - firstAttempt.getTime()).toBe(retryWindowMs());
    expect(longest.at(-1)!.getTime() - firstAttempt.getTime()).toBeLessThanOrEqual(retryWindowMs() * 1.1);
    expect(nextAttemptAt(4, firstAttempt, { jitter: 0.1, random: () => 0.5 })!.getTime()).toBe(
      firstAttempt.getTime() + 2 * HOUR * 1.05,
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a nonsensical attempt count %s', (attemptsSoFar) => {
    expect(() => nextAttemptAt(attemptsSoFar, firstAttempt)).toThrow(RangeError);
  });

  it.each([0, -60, Number.POSITIVE_INFINITY])('refuses compress %s', (compress) => {
    expect(() => nextAttemptAt(1, firstAttempt, { compress })).toThrow(RangeError);
  });
});
