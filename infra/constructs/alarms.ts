/**
 * Alarms, one helper per kind, all to the stage's SNS topic. Every alarm's description says what
 * failed and where the runbook's entry for it is (docs/operations.md, "Alarms"); the construct ids
 * carry the failure path (`…ErrorsAlarm`, `…AgeAlarm`), which the tests count by.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** CloudWatch allows at most 10 metrics in one alarm's expression. */
export const METRICS_PER_ALARM = 10;
const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmSpec {
  description: string;
  metric: IMetric;
  threshold: number;
  /** Default: greater than the threshold. */
  comparison?: ComparisonOperator;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  /** Default NOT_BREACHING: no data means nothing happened. */
  missing?: TreatMissingData;
}

/** One alarm that notifies `topic`. */
export function alarm(scope: Construct, id: string, topic: ITopic, spec: AlarmSpec): Alarm {
  const created = new Alarm(scope, id, {
    alarmDescription: `${spec.description} (docs/operations.md, "Alarms")`,
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: spec.evaluationPeriods ?? 1,
    ...(spec.datapointsToAlarm ? { datapointsToAlarm: spec.datapointsToAlarm } : {}),
    treatMissingData: spec.missing ?? TreatMissingData.NOT_BREACHING,
  });
  created.addAlarmAction(new SnsAction(topic));
  return created;
}

/** Any message visible in a dead-letter (or failure) queue is an incident: alarm at > 0. */
export function messagesAlarm(scope: Construct, id: string, topic: ITopic, queue: IQueue, what: string) {
  return alarm(scope, id, topic, {
    description: `bancheng: messages in the ${what} need attention`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    }),
    threshold: 0,
  });
}

/** A work queue whose oldest message waits longer than `seconds`: its consumer is failing or throttled. */
export function oldestMessageAlarm(
  scope: Construct,
  id: string,
  topic: ITopic,
  queue: IQueue,
  what: string,
  seconds: number,
) {
  return alarm(scope, id, topic, {
    description: `bancheng: the oldest message of the ${what} queue is older than ${seconds} s`,
    metric: queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    threshold: seconds,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
  });
}

/**
 * Unhandled errors (crashes, timeouts) of these functions, `METRICS_PER_ALARM` per alarm: the sum
 * of their `Errors` over five minutes, any error alarms. Ids `<prefix>ErrorsAlarm`, then
 * `<prefix>Errors2Alarm`, … when there are more than ten.
 */
export function functionErrorAlarms(
  scope: Construct,
  prefix: string,
  topic: ITopic,
  functions: readonly IFunction[],
  what: string,
): Alarm[] {
  const alarms: Alarm[] = [];
  for (let i = 0; i < functions.length; i += METRICS_PER_ALARM) {
    const group = functions.slice(i, i + METRICS_PER_ALARM);
    const usingMetrics: Record<string, IMetric> = {};
    group.forEach((fn, n) => {
      usingMetrics[`e${n}`] = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
    });
    const part = i / METRICS_PER_ALARM;
    alarms.push(
      alarm(scope, `${prefix}Errors${part === 0 ? '' : part + 1}Alarm`, topic, {
        description: `bancheng: a function of ${what} failed (unhandled error or timeout)`,
        metric: new MathExpression({
          expression: 'SUM(FILL(METRICS(), 0))',
          usingMetrics,
          period: FIVE_MINUTES,
          label: `errors: ${what}`,
        }),
        threshold: 0,
      }),
    );
  }
  return alarms;
}

/** A metric without dimensions: the account's total in this region (e.g. Lambda throttles). */
export function accountMetric(namespace: string, metricName: string): Metric {
  return new Metric({ namespace, metricName, period: FIVE_MINUTES, statistic: 'Sum' });
}
