/**
 * The EventBridge Scheduler adapter: there is no Scheduler emulator, so the SDK client is a
 * small fake that records commands and throws the service's own exceptions.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atExpression, eventBridgeScheduler } from '../../shared/adapters/scheduler.ts';

const ENV = {
  SCHEDULE_GROUP: 'bancheng-dev',
  SCHEDULER_ROLE_ARN: 'role-arn',
  SCHEDULER_DLQ_ARN: 'dlq-arn',
  DUE_CHECK_TARGET_ARN: 'due-check-arn',
};

function fakeClient(fail?: Error) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      if (fail) throw fail;
      return {};
    },
  } as unknown as SchedulerClient;
  return { client, sent };
}

beforeAll(() => Object.assign(process.env, ENV));
afterAll(() => {
  for (const k of Object.keys(ENV)) delete process.env[k];
});

describe('EventBridge Scheduler adapter', () => {
  it('creates a one-time at() schedule in Asia/Shanghai, deleted after it fires, with a ClientToken, retries and a DLQ', async () => {
    const { client, sent } = fakeClient();
    await eventBridgeScheduler(client).scheduleOnce({
      name: 'wo_x_1.due.20261009T0930',
      at: new Date('2026-10-09T17:30:00+08:00'),
      target: 'dueCheck',
      input: { workOrderId: 'wo_x_1' },
    });
    const input = (sent[0] as CreateScheduleCommand).input;
    expect(sent[0]).toBeInstanceOf(CreateScheduleCommand);
    expect(input).toMatchObject({
      Name: 'wo_x_1.due.20261009T0930',
      GroupName: 'bancheng-dev',
      ScheduleExpression: 'at(2026-10-09T17:30:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: 'due-check-arn',
        RoleArn: 'role-arn',
        Input: '{"workOrderId":"wo_x_1"}',
        DeadLetterConfig: { Arn: 'dlq-arn' },
      },
    });
    expect(input.ClientToken).toMatch(/^[0-9a-f]{64}$/);
    expect(input.Target?.RetryPolicy?.MaximumRetryAttempts).toBeGreaterThan(0);
  });

  it('the same name twice gives the same ClientToken; an existing schedule (ConflictException) is fine', async () => {
    const { client, sent } = fakeClient(
      new ConflictException({ Message: 'exists', message: 'exists', $metadata: {} }),
    );
    const s = eventBridgeScheduler(client);
    const schedule = {
      name: 'n1',
      at: new Date('2026-10-09T09:00:00+08:00'),
      target: 'dueCheck' as const,
      input: {},
    };
    await expect(s.scheduleOnce(schedule)).resolves.toBeUndefined();
    await expect(s.scheduleOnce(schedule)).resolves.toBeUndefined();
    const tokens = sent.map((c) => (c as CreateScheduleCommand).input.ClientToken);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('cancelling a schedule that already fired (ResourceNotFoundException) is fine; other errors are not', async () => {
    const gone = fakeClient(
      new ResourceNotFoundException({ Message: 'gone', message: 'gone', $metadata: {} }),
    );
    await expect(eventBridgeScheduler(gone.client).cancel('n1')).resolves.toBeUndefined();
    expect(gone.sent[0]).toBeInstanceOf(DeleteScheduleCommand);
    const broken = fakeClient(new Error('throttled'));
    await expect(eventBridgeScheduler(broken.client).cancel('n1')).rejects.toThrow('throttled');
  });

  it('at() is written in Shanghai wall time', () => {
    expect(atExpression(new Date('2026-12-31T16:30:00Z'))).toBe('at(2027-01-01T00:30:00)');
  });
});
