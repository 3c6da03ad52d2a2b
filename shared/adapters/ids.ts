import { randomBytes } from 'node:crypto';
import { clock } from './clock.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * Time-ordered opaque ids (ULID layout: 10 chars of milliseconds, 16 of randomness) with a
 * short type prefix, e.g. `case_01jx…`. Time comes from the injected clock. Monotonic within a
 * process, as ULID's monotonic factory: a second id in the same millisecond is the previous
 * one's randomness plus one, so ids made one after another sort in that order — the two texts a
 * closure owes, say, or every id of a test under a frozen clock.
 */
let lastMs = -1;
let lastRandom: number[] = [];

export function newId(prefix: string): string {
  const now = clock.now().getTime();
  let random = now === lastMs ? increment(lastRandom) : undefined;
  if (!random) random = [...randomBytes(16)].map((b) => b % 32);
  lastMs = now;
  lastRandom = random;
  let ms = now;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  return `${prefix}_${time}${random.map((d) => ALPHABET[d]).join('')}`;
}

/** Base-32 digits plus one; undefined when they overflow (then a fresh draw). */
function increment(digits: readonly number[]): number[] | undefined {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return undefined;
}

/** A random secret in the Standard Webhooks `whsec_` form. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
