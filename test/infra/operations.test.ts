/**
 * Running it (issue 15, items 2, 4, 7): an alarm on every failure path, all to the alarm topic;
 * secrets read at run time, never in a function's environment (global and China); the SMS
 * settings from context; the resource headroom of every stack and nested stack.
 * Three synths: global prod and China prod, both with SMS, and a prod without SMS.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromContext } from '../../infra/app.ts';
import type { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { METRICS } from '../../shared/adapters/metrics.ts';
import { queues } from '../../shared/queues.ts';
import { table } from '../../shared/table.ts';
import { type Worker, workers } from '../../shared/workers.ts';
import {
  ACCOUNT,
  actionsOf,
  buildStacks,
  CHINA_CONTEXT,
  envOf,
  lambdaOf,
  nagErrors,
  type Stacks,
  statelessStacks,
  statelessTemplate,
  statementsOf,
  stubEntries,
} from './support.ts';

const stubs = stubEntries('operations');
const HOOK_TIMEOUT = 240_000;
/** CloudFormation's limit is 500 resources per stack; 60 % of it leaves room for the next areas. */
const RESOURCE_BUDGET = 300;
const SMS = {
  smsTransport: 'tencent',
  smsSignName: '四川政务服务',
  smsSdkAppId: '1400000000',
  smsTemplateIds:
    'intake=2001,transfer=2002,result=2003,closure=2004,follow_up_invitation=2005,staff_notice=2006',
  smsRegion: 'ap-chengdu',
  smsSecret: 'bancheng/sms',
};
const GLOBAL_PROD = { stage: 'prod', alarmEmail: 'ops@example.cn', ...SMS };
/** Env var names that would hold a secret's value. */
const SECRET_VALUES = ['ACTION_LINK_SECRET', 'SMTP_URL', 'SMS_CREDENTIALS'];

beforeAll(() => stubs.create());
afterAll(() => stubs.remove());

function allFunctions(stacks: Stacks): ProjectFunction[] {
  return [...stacks.stateless.functions.values(), ...stacks.stateless.workerFunctions.values()];
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation, read loosely
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json> };
interface MetricDataQuery {
  MetricStat?: { Metric: { MetricName: string; Dimensions?: { Name: string; Value: unknown }[] } };
}

/** Every alarm of every stack, with the stack it is in. */
function alarmsOf(stacks: Stacks): { id: string; stack: Stack; alarm: Resource }[] {
  return [stacks.stateful, ...statelessStacks(stacks)].flatMap((stack) =>
    Object.entries(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => ({
      id,
      stack,
      alarm: alarm as Resource,
    })),
  );
}

/** The metrics an alarm reads: its own, or those of its expression. */
function metricsOf(alarm: Resource): { name: string; dimensions: Record<string, unknown> }[] {
  const p = alarm.Properties;
  if (p['MetricName']) return [{ name: p['MetricName'], dimensions: dimensionMap(p['Dimensions'] ?? []) }];
  return (p['Metrics'] as MetricDataQuery[])
    .filter((m) => m.MetricStat)
    .map((m) => ({
      name: m.MetricStat!.Metric.MetricName,
      dimensions: dimensionMap(m.MetricStat!.Metric.Dimensions ?? []),
    }));
}

function dimensionMap(dimensions: { Name: string; Value: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(dimensions.map((d) => [d.Name, d.Value]));
}

const named = (stacks: Stacks, pattern: RegExp) => alarmsOf(stacks).filter((a) => pattern.test(a.id));

describe('alarms on every failure path (global prod)', () => {
  let stacks: Stacks;

  beforeAll(() => {
    stacks = buildStacks(stubs.entryRoot, GLOBAL_PROD);
    statelessTemplate(stacks); // synthesize here, not in the first test
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions in both stacks', () => {
    expect([...nagErrors(stacks.stateful), ...nagErrors(stacks.stateless)]).toEqual([]);
  });

  it('sends every alarm to the alarm topic, which mails the alarm address', () => {
    const alarms = alarmsOf(stacks);
    expect(alarms.length).toBeGreaterThan(0);
    for (const { id, alarm } of alarms) {
      expect(alarm.Properties['AlarmActions'], id).toHaveLength(1);
      expect(JSON.stringify(alarm.Properties['AlarmActions']), id).toMatch(/AlarmTopic/);
      expect(alarm.Properties['AlarmDescription'], id).toContain('docs/operations.md');
    }
    Template.fromStack(stacks.stateful).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.cn',
    });
  });

  it('alarms on any message in each dead-letter queue, the Scheduler DLQ and the workers’ failure queue', () => {
    const onMessages = alarmsOf(stacks).filter((a) =>
      metricsOf(a.alarm).some((m) => m.name === 'ApproximateNumberOfMessagesVisible'),
    );
    const ids = onMessages.map((a) => a.id).sort();
    expect(ids).toHaveLength(Object.keys(queues).length + 2);
    for (const q of Object.values(queues)) {
      const prefix = q.id.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase());
      expect(ids.filter((id) => id.startsWith(`${prefix}DlqAlarm`))).toHaveLength(1);
    }
    expect(ids.filter((id) => id.startsWith('SchedulerDeadLetterQueueAlarm'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('WorkerFailureQueueAlarm'))).toHaveLength(1);
    for (const { alarm } of onMessages) expect(alarm.Properties['Threshold']).toBe(0);
  });

  it('alarms on the age of the oldest message of each work queue, at two visibility timeouts', () => {
    const age = alarmsOf(stacks).filter((a) =>
      metricsOf(a.alarm).some((m) => m.name === 'ApproximateAgeOfOldestMessage'),
    );
    expect(age).toHaveLength(Object.keys(queues).length);
    expect(age.map((a) => a.alarm.Properties['Threshold']).sort()).toEqual(
      Object.values(queues)
        .map((q) => 2 * q.visibilityTimeoutSeconds)
        .sort(),
    );
  });

  it('covers every function’s unhandled errors with exactly one alarm, ten functions per alarm at most', () => {
    const errorAlarms = alarmsOf(stacks).filter((a) =>
      metricsOf(a.alarm).some((m) => m.name === 'Errors' && m.dimensions['FunctionName']),
    );
    const covered = new Map<string, number>();
    for (const { stack, alarm } of errorAlarms) {
      const metrics = metricsOf(alarm);
      expect(metrics.length).toBeLessThanOrEqual(10);
      for (const m of metrics) {
        const key = `${stack.node.path}:${JSON.stringify(m.dimensions['FunctionName'])}`;
        covered.set(key, (covered.get(key) ?? 0) + 1);
      }
    }
    const notFound = stacks.stateless.areas
      .get('http')!
      .node.findChild('NotFoundFunction') as ProjectFunction;
    const expected = [...allFunctions(stacks), notFound].map((fn) => {
      const stack = Stack.of(fn);
      return `${stack.node.path}:${JSON.stringify({ Ref: stack.getLogicalId(fn.node.defaultChild as CfnElement) })}`;
    });
    expect([...covered.keys()].sort()).toEqual(expected.sort());
    expect([...covered.values()].every((n) => n === 1)).toBe(true);
  });

  it('alarms on Lambda throttles in the account, and on DynamoDB throttles and system errors of the table and every index', () => {
    const lambdaThrottles = alarmsOf(stacks).filter((a) =>
      metricsOf(a.alarm).some((m) => m.name === 'Throttles'),
    );
    expect(lambdaThrottles).toHaveLength(1);
    expect(metricsOf(lambdaThrottles[0]!.alarm)).toEqual([{ name: 'Throttles', dimensions: {} }]);

    const throttled = named(stacks, /^TableThrottles\d*Alarm/).flatMap((a) => metricsOf(a.alarm));
    const sources = [undefined, ...Object.values(table.indexes).map((i) => i.name)];
    for (const index of sources)
      for (const name of ['ReadThrottleEvents', 'WriteThrottleEvents'])
        expect(
          throttled.filter((m) => m.name === name && m.dimensions['GlobalSecondaryIndexName'] === index),
          `${name} ${index ?? 'table'}`,
        ).toHaveLength(1);

    const systemErrors = named(stacks, /^TableSystemErrorsAlarm/);
    expect(systemErrors).toHaveLength(1);
    const operations = metricsOf(systemErrors[0]!.alarm).map((m) => m.dimensions['Operation']);
    expect(operations).toEqual(expect.arrayContaining(['GetItem', 'Query', 'PutItem', 'TransactWriteItems']));
  });

  it('alarms on the API’s 5xx rate and its p99 latency', () => {
    const rate = named(stacks, /^Api5xxRateAlarm/);
    expect(rate).toHaveLength(1);
    expect(
      metricsOf(rate[0]!.alarm)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['5xx', 'Count']);
    const latency = named(stacks, /^ApiLatencyP99Alarm/);
    expect(latency).toHaveLength(1);
    expect(latency[0]!.alarm.Properties).toMatchObject({ MetricName: 'Latency', ExtendedStatistic: 'p99' });
  });

  it('alarms when the check after 06:00 on the 1st finds last month’s bulletin missing', () => {
    const missing = named(stacks, /^BulletinMissingAlarm/);
    expect(missing).toHaveLength(1);
    expect(missing[0]!.alarm.Properties).toMatchObject({
      Namespace: 'Bancheng',
      MetricName: METRICS.bulletinMissing,
      Dimensions: [{ Name: 'Stage', Value: 'prod' }],
      Threshold: 1,
      TreatMissingData: 'ignore',
    });
    expect(workers.bulletinCheck.trigger.expression).toBe('cron(0 6-23 1 * ? *)');
    statelessTemplate(stacks).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6-23 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
    });
  });

  it('gives every asynchronously invoked worker an on-failure destination, and every schedule a DLQ and retries', () => {
    const template = statelessTemplate(stacks);
    const asyncWorkers = (Object.values(workers) as Worker[]).filter(
      (w) => w.trigger.kind === 'schedule' || w.trigger.kind === 'target',
    );
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(asyncWorkers.length);
    for (const worker of asyncWorkers) {
      const fn = lambdaOf(stacks, stacks.stateless.workerFunctions.get(worker.id)!);
      const config = configs.find(
        (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: fn.logicalId }),
      );
      expect(JSON.stringify(config?.Properties.DestinationConfig.OnFailure), worker.id).toContain(
        'WorkerFailureQueue',
      );
      // …and may send there (only send).
      const sqs = statementsOf(stacks, stacks.stateless.workerFunctions.get(worker.id)!).filter((st) =>
        JSON.stringify(st['Resource']).includes('WorkerFailureQueue'),
      );
      expect(sqs.flatMap(actionsOf)).toContain('sqs:SendMessage');
    }
    for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) {
      expect(JSON.stringify(schedule.Properties.Target.DeadLetterConfig)).toContain(
        'SchedulerDeadLetterQueue',
      );
      expect(schedule.Properties.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    }
  });

  it('draws one dashboard of the API, the functions, the queues and the table', () => {
    const dashboards = Object.values(statelessTemplate(stacks).findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe('bancheng-prod');
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const metric of [
      '5xx',
      'Latency',
      'Errors',
      'Throttles',
      'ApproximateAgeOfOldestMessage',
      METRICS.bulletinMissing,
    ])
      expect(body).toContain(metric);
  });

  it('refuses a prod synth without the alarm e-mail, naming the context key', () => {
    const { alarmEmail: _, ...noEmail } = GLOBAL_PROD;
    expect(() => buildStacks(stubs.entryRoot, noEmail)).toThrow(/stage prod needs -c alarmEmail/);
  });

  secretChecks(() => stacks);
  smsChecks(() => stacks);
  headroomChecks(() => stacks);
});

describe('China prod (cn-northwest-1) with SMS', () => {
  const region = 'cn-northwest-1';
  let stacks: Stacks;
  beforeAll(() => {
    stacks = buildStacks(
      stubs.entryRoot,
      { ...CHINA_CONTEXT, ...SMS },
      { env: { account: ACCOUNT, region } },
    );
    statelessTemplate(stacks);
  }, HOOK_TIMEOUT);

  it('reads the SMTP URL from its secret in the China partition', () => {
    const dispatch = stacks.stateless.workerFunctions.get('dispatch')!;
    expect(envOf(stacks, dispatch)['SMTP_SECRET_ID']).toBe(CHINA_CONTEXT.smtpSecret);
    const read = statementsOf(stacks, dispatch).find((st) =>
      JSON.stringify(st['Resource']).includes(`:secret:${CHINA_CONTEXT.smtpSecret}-??????`),
    );
    expect(JSON.stringify(read?.['Resource'])).toContain(`secretsmanager:${region}:${ACCOUNT}`);
    expect(JSON.stringify(read?.['Resource'])).toContain('AWS::Partition');
  });

  secretChecks(() => stacks);
  smsChecks(() => stacks);
  headroomChecks(() => stacks);
});

function secretChecks(get: () => Stacks) {
  it('puts no secret value in any function’s environment, only secret ids', () => {
    const stacks = get();
    const lambdas = Object.entries(statelessTemplate(stacks).findResources('AWS::Lambda::Function'));
    expect(lambdas.length).toBeGreaterThan(allFunctions(stacks).length);
    let ids = 0;
    for (const [id, fn] of lambdas) {
      const env: Record<string, unknown> = fn.Properties.Environment?.Variables ?? {};
      for (const name of SECRET_VALUES) expect(env[name], `${id} ${name}`).toBeUndefined();
      for (const [name, value] of Object.entries(env)) {
        const text = JSON.stringify(value);
        expect(text, `${id} ${name}`).not.toContain('{{resolve:');
        expect(text, `${id} ${name}`).not.toMatch(/:\/\/[^/@"]*:[^/@"]*@/); // no user:password@ in a URL
        if (name.endsWith('_SECRET_ID')) ids += 1;
      }
    }
    // the signers and verifiers of action links, and dispatch's SMS (and SMTP in China) secrets
    expect(ids).toBeGreaterThan(2);
  });

  it('lets a function read exactly the secrets whose ids it holds', () => {
    const stacks = get();
    for (const fn of allFunctions(stacks)) {
      const env = envOf(stacks, fn);
      const held = Object.entries(env).filter(([name]) => name.endsWith('_SECRET_ID'));
      const reads = statementsOf(stacks, fn).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('secretsmanager:')),
      );
      expect(
        reads.flatMap(actionsOf).every((a) => a === 'secretsmanager:GetSecretValue'),
        fn.node.id,
      ).toBe(true);
      expect(reads, fn.node.id).toHaveLength(held.length);
    }
  });
}

function smsChecks(get: () => Stacks) {
  it('passes the SMS settings and the credentials’ secret to the dispatch worker only', () => {
    const stacks = get();
    const dispatch = stacks.stateless.workerFunctions.get('dispatch')!;
    expect(envOf(stacks, dispatch)).toMatchObject({
      SMS_TRANSPORT: 'tencent',
      SMS_SIGN_NAME: SMS.smsSignName,
      SMS_SDK_APP_ID: SMS.smsSdkAppId,
      SMS_TEMPLATE_IDS: SMS.smsTemplateIds,
      SMS_REGION: SMS.smsRegion,
      SMS_SECRET_ID: SMS.smsSecret,
    });
    const read = statementsOf(stacks, dispatch).find((st) =>
      JSON.stringify(st['Resource']).includes(`:secret:${SMS.smsSecret}-??????`),
    );
    expect(read?.['Action']).toBe('secretsmanager:GetSecretValue');
    for (const fn of allFunctions(stacks)) {
      if (fn === dispatch) continue;
      expect(
        Object.keys(envOf(stacks, fn)).filter((k) => k.startsWith('SMS_')),
        fn.node.id,
      ).toEqual([]);
    }
  });
}

function headroomChecks(get: () => Stacks) {
  it(`keeps every stack and nested stack at ${RESOURCE_BUDGET} resources or fewer (60 % of 500), console included`, () => {
    const stacks = get();
    const counts = [stacks.stateful, ...statelessStacks(stacks)].map((stack) => ({
      stack: stack.node.path,
      resources: Object.keys(Template.fromStack(stack).toJSON().Resources).length,
    }));
    // the console is deployed from the stateless stack
    expect(
      Object.keys(Template.fromStack(stacks.stateless).findResources('AWS::CloudFront::Distribution')),
    ).toHaveLength(1);
    for (const { stack, resources } of counts) expect(resources, stack).toBeLessThanOrEqual(RESOURCE_BUDGET);
    expect(stacks.stateless.areas.size).toBeGreaterThan(1);
  });
}

describe('SMS context', () => {
  const options = (context: Record<string, unknown>) => optionsFromContext(new App({ context }));

  it('passes no SMS settings without smsTransport, and reads them all with it', () => {
    expect(options({}).sms).toBeUndefined();
    expect(options(SMS).sms).toEqual({
      transport: 'tencent',
      signName: SMS.smsSignName,
      sdkAppId: SMS.smsSdkAppId,
      templateIds: SMS.smsTemplateIds,
      region: SMS.smsRegion,
      secret: SMS.smsSecret,
    });
  });

  it('refuses SMS settings that cannot work', () => {
    expect(() => options({ smsSignName: 'x' })).toThrow(/smsSignName given without smsTransport/);
    expect(() => options({ ...SMS, smsTransport: 'aliyun' })).toThrow(/must be tencent/);
    const { smsSecret: _, ...noSecret } = SMS;
    expect(() => options(noSecret)).toThrow(/needs smsSecret/);
    expect(() => options({ ...SMS, smsTemplateIds: 'intake=1' })).toThrow(/template id for transfer/);
    expect(() => options({ ...SMS, smsSecret: '{"secretId":"a"}' })).toThrow(/name or ARN/);
  });

  it(
    'warns on a prod synth without SMS, and passes nothing to the dispatch worker',
    () => {
      const stacks = buildStacks(stubs.entryRoot, { stage: 'prod', alarmEmail: 'ops@example.cn' });
      const warnings = Annotations.fromStack(stacks.stateless).findWarning(
        '*',
        Match.stringLikeRegexp('text messages'),
      );
      expect(warnings).toHaveLength(1);
      const dispatch = stacks.stateless.workerFunctions.get('dispatch')!;
      expect(Object.keys(envOf(stacks, dispatch)).filter((k) => k.startsWith('SMS_'))).toEqual([]);
    },
    HOOK_TIMEOUT,
  );
});
