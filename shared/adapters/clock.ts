/**
 * The only place that reads the wall clock. Everything else asks `clock.now()`, so the
 * local stack and the tests can move time (`POST /_local/clock`) and every handler sees it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

/** The process-wide clock every use case reads. */
export const clock: Clock = { now: () => current.now() };

/** Install another clock (local stack, tests). Returns the previous one. */
export function useClock(next: Clock): Clock {
  const previous = current;
  current = next;
  return previous;
}

/**
 * A clock that runs with real time from a movable origin, or stands still (tests).
 * `advanceBy` and `setTo` move it; listeners (the local scheduler) hear every move.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly listeners = new Set<(now: Date) => void | Promise<void>>();

  constructor(opts: { frozenAt?: Date } = {}) {
    this.frozenAt = opts.frozenAt?.getTime();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  async advanceBy(ms: number): Promise<Date> {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
    return this.notify();
  }

  async setTo(instant: Date): Promise<Date> {
    if (this.frozenAt !== undefined) this.frozenAt = instant.getTime();
    else this.offsetMs = instant.getTime() - Date.now();
    return this.notify();
  }

  onChange(listener: (now: Date) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async notify(): Promise<Date> {
    const now = this.now();
    for (const l of this.listeners) await l(now);
    return now;
  }
}
