import { randomBytes } from 'node:crypto';
import { clock } from './clock.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * Time-ordered opaque ids (ULID layout: 10 chars of milliseconds, 16 of randomness) with a
 * short type prefix, e.g. `case_01jx…`. Time comes from the injected clock.
 */
export function newId(prefix: string): string {
  let ms = clock.now().getTime();
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 32];
  return `${prefix}_${time}${rand}`;
}

/** A random secret in the Standard Webhooks `whsec_` form. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
