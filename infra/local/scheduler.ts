/**
 * The local stand-in for EventBridge Scheduler: one-time `at(...)` schedules that fire the
 * same target handlers at the local clock's time. Moving the clock fires whatever fell due,
 * in due order; a running clock is checked every second.
 */
import { logger } from '../../shared/adapters/logger.ts';

export interface LocalSchedule {
  name: string;
  at: Date;
  /** Invoked with the schedule's input, like a Scheduler target Lambda. */
  fire: (input: unknown) => Promise<void>;
  input: unknown;
}

export class LocalScheduler {
  private readonly schedules = new Map<string, LocalSchedule>();
  private firing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  /** Create (or keep, as a ClientToken would) a schedule by name. */
  schedule(s: LocalSchedule): void {
    if (!this.schedules.has(s.name)) this.schedules.set(s.name, s);
  }

  /** Delete a schedule; a missing one is fine (as the real service is told to tolerate). */
  cancel(name: string): boolean {
    return this.schedules.delete(name);
  }

  pending(): LocalSchedule[] {
    return [...this.schedules.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Fire, in due order, every schedule due at `now`; one run at a time. */
  fireDue(now: Date): Promise<void> {
    this.firing = this.firing.then(async () => {
      // A target may schedule more work that is already due (an escalation after a long jump):
      // keep going, in due order, until nothing due is left.
      for (
        let next = this.pending()[0];
        next && next.at.getTime() <= now.getTime();
        next = this.pending()[0]
      ) {
        this.schedules.delete(next.name);
        try {
          await next.fire(next.input);
        } catch (error) {
          logger.error('local schedule target failed', { schedule: next.name, error });
        }
      }
    });
    return this.firing;
  }

  startTicking(now: () => Date): void {
    this.timer ??= setInterval(() => void this.fireDue(now()), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
