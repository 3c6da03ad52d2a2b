/**
 * One-time schedules for work-order checks, behind a small interface. In AWS: EventBridge
 * Scheduler `at(...)` schedules in Asia/Shanghai, deleted after they fire, with a ClientToken
 * (a retried create makes no duplicate), a retry policy and a dead-letter queue. Locally: the
 * local scheduler, which fires the same target module at the local clock's time.
 */

import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { ENV, requiredEnv } from '../config.ts';
import { type WorkerId, workers } from '../workers.ts';

export interface OneTimeSchedule {
  name: string;
  at: Date;
  target: WorkerId;
  input: unknown;
}

export interface DeadlineScheduler {
  scheduleOnce(schedule: OneTimeSchedule): Promise<void>;
  /** Delete a pending schedule; one that already fired (or never existed) is fine. */
  cancel(name: string): Promise<void>;
}

/** `at(2026-10-09T17:30:00)` in Asia/Shanghai wall time. */
export function atExpression(at: Date): string {
  const shanghai = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `at(${shanghai})`;
}

export function eventBridgeScheduler(client = new SchedulerClient({})): DeadlineScheduler {
  return {
    async scheduleOnce({ name, at, target, input }) {
      const worker = workers[target];
      if (worker.trigger.kind !== 'target') throw new Error(`${target} is not a schedule target`);
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name,
            GroupName: requiredEnv(ENV.scheduleGroup),
            ScheduleExpression: atExpression(at),
            ScheduleExpressionTimezone: 'Asia/Shanghai',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            ClientToken: createHash('sha256').update(name).digest('hex').slice(0, 64),
            Target: {
              Arn: requiredEnv(worker.trigger.targetEnvVar),
              RoleArn: requiredEnv(ENV.schedulerRoleArn),
              Input: JSON.stringify(input),
              RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 24 * 3600 },
              DeadLetterConfig: { Arn: requiredEnv(ENV.schedulerDlqArn) },
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error; // already there: a retry
      }
    },
    async cancel(name) {
      try {
        await client.send(
          new DeleteScheduleCommand({ Name: name, GroupName: requiredEnv(ENV.scheduleGroup) }),
        );
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}

let current: DeadlineScheduler | undefined;

/** The process's scheduler: EventBridge Scheduler unless the local stack installed its own. */
export function scheduler(): DeadlineScheduler {
  current ??= eventBridgeScheduler();
  return current;
}

export function useScheduler(next: DeadlineScheduler | undefined): void {
  current = next;
}
