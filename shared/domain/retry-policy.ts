/**
 * When to try a webhook delivery again (重试), and when to give up (→ `delivery_failed`).
 *
 * The API promises departments that a failed delivery is retried with back-off for at least
 * 24 hours. The schedule is the delay that follows each failed attempt:
 *
 * | after attempt | 1    | 2    | 3     | 4   | 5   | 6    | 7    |
 * |---------------|------|------|-------|-----|-----|------|------|
 * | wait          | 1 m  | 5 m  | 30 m  | 2 h | 5 h | 10 h | 10 h |
 *
 * So there are at most 8 attempts, and the 8th starts 27 h 36 m (1,656 minutes) after the first:
 * a receiver that is down over a whole working day and night still gets the order. After the 8th
 * attempt fails, `nextAttemptAt` returns `undefined`: the order becomes `delivery_failed` and the
 * duty chief is told.
 *
 * `compress` divides every delay, so the local stack and demos can watch the whole schedule:
 * 60 turns the 27.6 h window into 27.6 minutes, 1,440 into about 69 seconds. Deployed stages
 * leave it at 1. Optional jitter only ever lengthens a delay (by up to `jitter` × the delay), so
 * the window never drops below the promised 24 h while receivers recovering from an outage are
 * not hit by every centre's retries in the same second.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Delay after attempt k (index k − 1) before attempt k + 1. */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  1 * MINUTE_MS,
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  5 * HOUR_MS,
  10 * HOUR_MS,
  10 * HOUR_MS,
];

/** The first attempt plus one per delay: 8. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** The retry window the API promises departments. */
export const WEBHOOK_MIN_RETRY_WINDOW_MS = 24 * HOUR_MS;

export interface RetryOptions {
  /** Divides every delay (≥ 1 in practice; any positive number is accepted). Default 1. */
  compress?: number;
  /** Extra delay as a fraction of the delay, drawn from `random`: 0.1 adds up to 10 %. Default 0. */
  jitter?: number;
  /** A number in [0, 1); injected so tests are deterministic. Default `Math.random`. */
  random?: () => number;
}

/**
 * When to make the next attempt after `attemptsSoFar` attempts have failed, the last at
 * `lastAttemptAt`; `undefined` once all attempts are spent (give up → `delivery_failed`).
 */
export function nextAttemptAt(
  attemptsSoFar: number,
  lastAttemptAt: Date,
  opts: RetryOptions = {},
): Date | undefined {
  if (!Number.isInteger(attemptsSoFar) || attemptsSoFar < 1) {
    throw new RangeError(`attemptsSoFar must be an integer ≥ 1, got ${attemptsSoFar}`);
  }
  const delay = WEBHOOK_RETRY_DELAYS_MS[attemptsSoFar - 1];
  if (delay === undefined) return undefined;
  return new Date(lastAttemptAt.getTime() + scaledDelay(delay, opts));
}

/** Time from the first to the last attempt when every attempt fails (without jitter): 27 h 36 m. */
export function retryWindowMs(opts: Pick<RetryOptions, 'compress'> = {}): number {
  return WEBHOOK_RETRY_DELAYS_MS.reduce((sum, delay) => sum + scaledDelay(delay, opts), 0);
}

function scaledDelay(
  delay: number,
  { compress = 1, jitter = 0, random = Math.random }: RetryOptions,
): number {
  if (!(Number.isFinite(compress) && compress > 0)) {
    throw new RangeError(`compress must be a positive number, got ${compress}`);
  }
  if (!(Number.isFinite(jitter) && jitter >= 0)) {
    throw new RangeError(`jitter must be a number ≥ 0, got ${jitter}`);
  }
  const base = delay / compress;
  const extra = jitter > 0 ? base * jitter * random() : 0;
  return Math.round(base + extra);
}
