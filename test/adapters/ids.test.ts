/**
 * Ids are ULID-shaped and monotonic within a process: the text records of a case sort by their
 * outbox ids (SMS#{eventId}), so two ids made in the same millisecond must sort in the order
 * they were made.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock, systemClock, useClock } from '../../shared/adapters/clock.ts';
import { newId } from '../../shared/adapters/ids.ts';

afterEach(() => {
  useClock(systemClock);
});

describe('newId', () => {
  it('ids made one after another in the same millisecond sort in the order they were made', () => {
    // Prepare
    useClock(new AdjustableClock({ frozenAt: new Date('2026-10-12T10:00:00+08:00') }));

    // Act
    const ids = Array.from({ length: 2000 }, () => newId('sms'));

    // Assert
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(4, 14))).size).toBe(1);
  });

  it('a later millisecond sorts after, whatever the randomness; the shape is prefix_ + 26 Crockford characters', async () => {
    // Prepare
    const clock = new AdjustableClock({ frozenAt: new Date('2026-10-12T10:00:00+08:00') });
    useClock(clock);
    const first = newId('case');

    // Act
    await clock.advanceBy(1);
    const second = newId('case');

    // Assert
    expect(second > first).toBe(true);
    expect(first).toMatch(/^case_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(second.slice(5, 15)).not.toBe(first.slice(5, 15));
  });
});
