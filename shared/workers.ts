/**
 * Functions that are not behind the HTTP API, declared once: CDK makes each a Lambda with its
 * trigger (an SQS event source, the table's stream, or an EventBridge Scheduler schedule in
 * Asia/Shanghai), and the local stack runs the same handler modules from its queue and stream
 * pollers and its scheduler.
 */
import type { QueueId } from './queues.ts';

export type WorkerTrigger =
  | {
      kind: 'queue';
      queue: QueueId;
      batchSize: number;
      /**
       * At most this many concurrent invocations drain the queue (the event source's maximum
       * concurrency, 2–1000), so a burst of jobs cannot take the account's concurrency from the API.
       */
      maxConcurrency?: number;
    }
  /**
   * The table's change stream (DynamoDB Streams, new images): the records of items newly inserted
   * under a sort key that one of `sortKeys` matches, in batches of up to `batchSize`. Locally,
   * the stream of the DynamoDB Local table, polled.
   */
  | { kind: 'stream'; sortKeys: readonly SortKeyMatch[]; batchSize: number }
  /** A recurring EventBridge Scheduler schedule: `rate(...)` or `cron(...)`, Asia/Shanghai. */
  | { kind: 'schedule'; expression: string; localEveryMs: number }
  /**
   * The target of one-time `at(...)` schedules the application creates at run time (a work
   * order's reminder and due check). Its ARN reaches the functions that schedule it through
   * the env var `targetEnvVar`.
   */
  | { kind: 'target'; targetEnvVar: string };

/** A sort key a stream trigger lets through: exactly `equals`, or any that begins with `prefix`. */
export type SortKeyMatch = { equals: string } | { prefix: string };

export interface Worker {
  id: string;
  entry: string;
  trigger: WorkerTrigger;
  table: 'none' | 'read' | 'readWrite';
  /** Queues it sends to. */
  queues: readonly QueueId[];
  /** It sends e-mail (SES permission in AWS). */
  sendsMail?: boolean;
  /** It texts reporters (the `SMS_*` settings and the provider's credentials in AWS). */
  sendsSms?: boolean;
  /** It signs department action links. */
  signsLinks?: boolean;
  /** It creates/deletes one-time schedules (EventBridge Scheduler) for work-order deadlines. */
  schedules?: boolean;
  timeoutSeconds: number;
  description: string;
}

export const workers = {
  outboxRelay: {
    id: 'outboxRelay',
    entry: 'functions/workers/outbox-relay.ts',
    // Every outbox record and every text owed to a reporter (its record beside the case is its
    // outbox), once committed, onto the work-order queue: the requests that owe a message commit
    // it and answer, without an SQS call of their own.
    trigger: { kind: 'stream', sortKeys: [{ equals: 'OUTBOX' }, { prefix: 'SMS#' }], batchSize: 100 },
    // It reads the stream's records only (Lambda's event source holds the stream permissions).
    table: 'none',
    queues: ['workOrders'],
    timeoutSeconds: 30,
    description: '发件箱转发：新写入的待发消息（工单、短信、通知）随即送入派发队列',
  },
  dispatch: {
    id: 'dispatch',
    entry: 'functions/workers/dispatch.ts',
    trigger: { kind: 'queue', queue: 'workOrders', batchSize: 5 },
    table: 'readWrite',
    // A delivery given up tells the duty chief and the director: their outbox records reach the
    // queue through the relay, so it sends nothing itself.
    queues: [],
    sendsMail: true,
    sendsSms: true,
    signsLinks: true,
    timeoutSeconds: 60,
    description: '工单派发：按 webhook 或电子邮件送达承办单位；向反映人和工作人员发送短信、邮件通知',
  },
  outboxSweeper: {
    id: 'outboxSweeper',
    entry: 'functions/workers/outbox-sweeper.ts',
    trigger: { kind: 'schedule', expression: 'rate(1 minute)', localEveryMs: 2_000 },
    table: 'readWrite',
    queues: ['workOrders'],
    timeoutSeconds: 60,
    description: '补发：重新发送未确认送达或到了重试时间的工单消息',
  },
  dueCheck: {
    id: 'dueCheck',
    entry: 'functions/workers/due-check.ts',
    trigger: { kind: 'target', targetEnvVar: 'DUE_CHECK_TARGET_ARN' },
    table: 'readWrite',
    queues: [],
    signsLinks: true,
    schedules: true,
    timeoutSeconds: 30,
    description: '督办：工单到期提醒、超期判定与逐级升级（一次性定时任务的目标）',
  },
  safetyNet: {
    id: 'safetyNet',
    entry: 'functions/workers/safety-net.ts',
    trigger: { kind: 'schedule', expression: 'cron(0 6 * * ? *)', localEveryMs: 60_000 },
    table: 'readWrite',
    queues: [],
    signsLinks: true,
    schedules: true,
    timeoutSeconds: 300,
    description: '兜底：每日查出应检查而未检查的工单并补做（丢失的定时任务不会丢掉时限）',
  },
  monthlyBulletin: {
    id: 'monthlyBulletin',
    entry: 'functions/workers/monthly-bulletin.ts',
    // 02:00 on the 1st, Asia/Shanghai: last month is complete.
    trigger: { kind: 'schedule', expression: 'cron(0 2 1 * ? *)', localEveryMs: 60_000 },
    table: 'readWrite',
    queues: ['reports'],
    timeoutSeconds: 300,
    description: '每月总结通报：每月1日为上月逐个中心派发生成任务（县、市、省汇总随后逐级生成）',
  },
  bulletinCheck: {
    id: 'bulletinCheck',
    entry: 'functions/workers/bulletin-check.ts',
    // Hourly on the 1st from 06:00, Asia/Shanghai: the 02:00 run should be done by then; the later
    // checks clear the alarm once a late or rerun bulletin is there.
    trigger: { kind: 'schedule', expression: 'cron(0 6-23 1 * ? *)', localEveryMs: 3_600_000 },
    table: 'read',
    queues: [],
    timeoutSeconds: 30,
    description: '通报检查：每月1日6时起每小时检查上月全省通报是否已生成，未生成则告警',
  },
  reportBuilder: {
    id: 'reportBuilder',
    entry: 'functions/workers/report-builder.ts',
    // 3,111 centre jobs at 02:00: ten builders at a time finish in minutes and leave the API be.
    trigger: { kind: 'queue', queue: 'reports', batchSize: 5, maxConcurrency: 10 },
    table: 'readWrite',
    queues: ['reports'],
    timeoutSeconds: 300,
    description: '生成并保存一个中心的月度通报或一个区域的汇总，齐备后触发上一级汇总',
  },
  calendarRecompute: {
    id: 'calendarRecompute',
    entry: 'functions/workers/calendar-recompute.ts',
    trigger: { kind: 'queue', queue: 'calendarRecompute', batchSize: 1 },
    table: 'readWrite',
    // Each page sends the next; each moved order tells its department through the outbox (relayed).
    queues: ['calendarRecompute'],
    signsLinks: true,
    schedules: true,
    timeoutSeconds: 300,
    description: '工作日历变更后：逐页重新计算未办结工单与待回访的期限，移动定时任务并通知',
  },
} as const satisfies Record<string, Worker>;

export type WorkerId = keyof typeof workers;
