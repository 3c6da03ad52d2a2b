/**
 * Custom CloudWatch metrics as CloudWatch embedded metric format (EMF): one JSON line on stdout,
 * which Lambda's log delivery turns into a metric (no API call, no permission; available in the
 * AWS China regions too). Namespace `Bancheng`, dimension `Stage`. Locally (no CloudWatch) a
 * debug log line instead.
 */
import { stage } from '../config.ts';
import { clock } from './clock.ts';
import { logger } from './logger.ts';

export const METRIC_NAMESPACE = 'Bancheng';

/** The metrics the application emits, named once (the CDK alarms read the same names). */
export const METRICS = {
  /** 1 when last month's province bulletin is missing at a check, 0 when it is there or not owed. */
  bulletinMissing: 'BulletinMissing',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** The EMF record of one value (exported for tests: what `putMetric` writes). */
export function emfRecord(name: MetricName, value: number, extra: Record<string, unknown> = {}) {
  return {
    _aws: {
      Timestamp: clock.now().getTime(),
      CloudWatchMetrics: [
        { Namespace: METRIC_NAMESPACE, Dimensions: [['Stage']], Metrics: [{ Name: name, Unit: 'Count' }] },
      ],
    },
    Stage: stage(),
    [name]: value,
    ...extra,
  };
}

/** Write the metric (in AWS; locally there is no CloudWatch to read it: a debug log line). */
export function putMetric(name: MetricName, value: number, extra: Record<string, unknown> = {}): void {
  if (stage() === 'local') {
    logger.debug('metric', { metric: name, value, ...extra });
    return;
  }
  process.stdout.write(`${JSON.stringify(emfRecord(name, value, extra))}\n`);
}
