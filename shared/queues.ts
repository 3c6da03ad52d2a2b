/**
 * SQS queues, declared once: CDK creates them from this and the local stack creates the
 * same queues on the emulator. `envVar` is how a function learns the queue URL.
 */
export interface QueueDefinition {
  /** Logical id, also the local queue name. */
  id: string;
  envVar: string;
  visibilityTimeoutSeconds: number;
  /** Receives after which a message goes to the dead-letter queue. */
  maxReceiveCount: number;
  retentionDays: number;
}

export const queues = {
  /** 工单派发: work orders (and later reminders/overdue notices) on their way to departments. */
  workOrders: {
    id: 'work-orders',
    envVar: 'WORK_ORDER_QUEUE_URL',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 14,
  },
  /**
   * 每月总结通报: one message per centre report, then per county/city/province roll-up, fanned
   * out by the monthly run (functions/workers/monthly-bulletin.ts) and built by report-builder.
   */
  reports: {
    id: 'reports',
    envVar: 'REPORT_QUEUE_URL',
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
  /**
   * 工作日历变更: one message per page of open work orders and owed follow-ups whose due times
   * a published notice or an override may move (functions/workers/calendar-recompute.ts).
   */
  calendarRecompute: {
    id: 'calendar-recompute',
    envVar: 'CALENDAR_RECOMPUTE_QUEUE_URL',
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueId = keyof typeof queues;

export const deadLetterName = (q: QueueDefinition) => `${q.id}-dlq`;
