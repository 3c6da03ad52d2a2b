import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, DEFAULT_MAIL_FROM, optionsFromContext } from '../../infra/app.ts';
import { type ProjectFunction, repoRoot } from '../../infra/constructs/project-function.ts';
import { StatefulStack } from '../../infra/stacks/stateful-stack.ts';
import { deliveryRetryPolicy, functionSpecs, NOT_FOUND_ENTRY } from '../../infra/stacks/stateless-stack.ts';
import { routes } from '../../shared/http/routes.ts';
import { queues } from '../../shared/queues.ts';
import {
  deployedIndexes,
  dynamoProjection,
  type IndexDefinition,
  indexSteps,
  replacedIndexes,
  successorOf,
  table,
} from '../../shared/table.ts';
import { type Worker, workers } from '../../shared/workers.ts';
import { envOf, lambdaOf, nagErrors, statelessTemplate, statementsOf } from './support.ts';

/**
 * NodejsFunction insists that its entry file exists even when bundling is skipped, and the
 * handlers are written elsewhere; so the stacks are built against stub entries under a
 * git-ignored `.tmp/` folder inside the repository (entries must sit under the project root).
 */
const entryRoot = join(repoRoot, 'test', 'infra', '.tmp', `entries-${process.pid}`);
const handlerEntries = [...new Set(routes.map((r) => r.entry))];
const workerList = Object.values(workers) as Worker[];
const stubEntries = [...handlerEntries, ...workerList.map((w) => w.entry), NOT_FOUND_ENTRY];
const scheduledWorkers = workerList.filter((w) => w.trigger.kind === 'schedule');
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const HOOK_TIMEOUT = 180_000;

function build(context: Record<string, unknown>) {
  return buildApp(new App({ context: { ...NO_BUNDLING, ...context } }), {
    entryRoot,
    consoleDir: join(repoRoot, 'test', 'infra', 'fixtures', 'console'),
  });
}

function routeKey(r: { method: string; path: string }) {
  return `${r.method} ${r.path}`;
}

type Stacks = ReturnType<typeof build>;

function routeFn(stacks: Stacks, entry: string): ProjectFunction {
  const fn = stacks.stateless.functions.get(entry);
  if (!fn) throw new Error(`no function for ${entry}`);
  return fn;
}

function workerFn(stacks: Stacks, id: keyof typeof workers): ProjectFunction {
  const fn = stacks.stateless.workerFunctions.get(id);
  if (!fn) throw new Error(`no function for worker ${id}`);
  return fn;
}

function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement['Action'];
  return Array.isArray(action) ? action : [action as string];
}

/** The table's GSIs in a synthesized stateful template, as CloudFormation reads them. */
function indexesOf(template: Template): Record<string, unknown>[] {
  const [resource] = Object.values(template.findResources('AWS::DynamoDB::Table'));
  return resource?.Properties.GlobalSecondaryIndexes ?? [];
}

const namesOf = (template: Template) => new Set(indexesOf(template).map((i) => String(i['IndexName'])));

/** An index of shared/table.ts as the template should declare it. */
const declared = (index: IndexDefinition) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' },
    { AttributeName: index.sortKey, KeyType: 'RANGE' },
  ],
  Projection: dynamoProjection(index.projection),
});

type AlarmMetric = { MetricStat?: { Metric: { Dimensions: { Name: string; Value: unknown }[] } } };

/** The indexes the table's throttle alarms watch (their GlobalSecondaryIndexName dimensions), sorted. */
function throttleWatched(template: Template): string[] {
  const names = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .flatMap((a): AlarmMetric[] => a.Properties.Metrics ?? [])
    .flatMap((m) => m.MetricStat?.Metric.Dimensions ?? [])
    .filter((d) => d.Name === 'GlobalSecondaryIndexName')
    .map((d) => String(d.Value));
  return [...new Set(names)].sort();
}

const getAtt = (stacks: Stacks, fn: ProjectFunction) => ({
  'Fn::GetAtt': [lambdaOf(stacks, fn).logicalId, 'Arn'],
});

const TRANSFER = 'functions/work-orders/transfer.ts';
const ACTION_LINK = 'functions/work-orders/action-link.ts';

beforeAll(() => {
  for (const entry of stubEntries) {
    const file = join(entryRoot, entry);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'export const handler = async () => ({ statusCode: 200 });\n');
  }
});

afterAll(() => {
  rmSync(entryRoot, { recursive: true, force: true });
  try {
    rmdirSync(dirname(entryRoot)); // only when no parallel run still has stubs there
  } catch {}
});

describe('dev stage with Cognito', () => {
  let stacks: ReturnType<typeof build>;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    stacks = build({ stage: 'dev', alarmEmail: 'ops@example.cn' });
    stateful = Template.fromStack(stacks.stateful);
    stateless = statelessTemplate(stacks);
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions with no unsuppressed errors in either stack', () => {
    expect(nagErrors(stacks.stateful)).toEqual([]);
    expect(nagErrors(stacks.stateless)).toEqual([]);
  });

  it('creates the table from shared/table.ts: on demand, PITR, TTL, exactly the current GSIs', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
    });
    // No indexStep: the final set, as a new stage deploys it — no replaced index left.
    expect(indexesOf(stateful)).toEqual(Object.values(table.indexes).map(declared));
    expect(throttleWatched(stateful)).toEqual(
      Object.values(table.indexes)
        .map((i) => i.name)
        .sort(),
    );
  });

  it('leaves deletion protection off in dev so the stack can be torn down', () => {
    const tables = stateful.findResources('AWS::DynamoDB::Table');
    const [resource] = Object.values(tables);
    expect(resource?.Properties?.DeletionProtectionEnabled).toBe(false);
    expect(resource?.DeletionPolicy).toBe('Delete');
  });

  it('creates each work queue with an encrypted DLQ and redrive after maxReceiveCount', () => {
    for (const definition of Object.values(queues)) {
      stateful.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        MessageRetentionPeriod: definition.retentionDays * 86_400,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Dlq'), 'Arn'] },
          maxReceiveCount: definition.maxReceiveCount,
        },
      });
    }
    // Every queue (work queues, their DLQs, the scheduler DLQ, the workers' failure queue) is
    // encrypted and TLS-only.
    const all = stateful.findResources('AWS::SQS::Queue');
    expect(Object.keys(all)).toHaveLength(Object.keys(queues).length * 2 + 2);
    for (const q of Object.values(all)) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    stateful.resourceCountIs('AWS::SQS::QueuePolicy', Object.keys(all).length);
    stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms to the SNS topic when any dead-letter queue holds a message', () => {
    const onMessages = Object.values(stateful.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    // each work queue's DLQ, the Scheduler DLQ and the workers' on-failure queue
    expect(onMessages).toHaveLength(Object.keys(queues).length + 2);
    stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.cn',
    });
  });

  it('creates the scheduler group, a role only scheduler.amazonaws.com of this account assumes, and a DLQ', () => {
    stateful.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'bancheng-dev' });
    stateful.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
    expect(stacks.stateful.schedulerRole).toBeDefined();
    expect(stacks.stateful.schedulerDeadLetterQueue).toBeDefined();
  });

  it('creates a staff-only user pool with the principal attributes and a secretless client', () => {
    stateful.resourceCountIs('AWS::Cognito::UserPool', 1);
    // Essentials plan: no threat-protection add-on (Plus was most of the monthly bill).
    const [pool] = Object.values(stateful.findResources('AWS::Cognito::UserPool'));
    expect(pool?.Properties.UserPoolTier).toBe('ESSENTIALS');
    expect(pool?.Properties.UserPoolAddOns).toBeUndefined();
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith(
        ['tenantId', 'role', 'regionCode', 'departmentId'].map((name) =>
          Match.objectLike({ Name: name, AttributeDataType: 'String', Mutable: true }),
        ),
      ),
    });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      WriteAttributes: ['name'],
    });
    stateful.hasOutput('IssuerUrl', {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith(['https://cognito-idp.', { Ref: 'AWS::Region' }, { Ref: 'AWS::URLSuffix' }]),
        ],
      },
    });
  });

  it('makes one arm64 nodejs22.x function per handler entry and per worker, with log retention and no NODE_OPTIONS', () => {
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Layers === undefined, // not the console deployment's (AWS CLI layer)
    );
    // + 1: the `$default` route's not-found function
    expect(functions).toHaveLength(handlerEntries.length + workerList.length + 1);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.MemorySize).toBe(1024);
      const env = fn.Properties.Environment.Variables;
      expect(env).toMatchObject({ STAGE: 'dev', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
      expect(env.LOG_LEVEL).toBeTypeOf('string');
      expect(env.NODE_OPTIONS).toBeUndefined();
      expect(env.WEBHOOK_RETRY_COMPRESS).toBeUndefined();
    }
    // + the not-found function's, the access logs and the console deployment's log group
    stateless.resourceCountIs('AWS::Logs::LogGroup', handlerEntries.length + workerList.length + 3);
    stateless.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  it('gives route functions their declared timeout (10 s by default), a generated name and only the queues their routes declare', () => {
    for (const spec of functionSpecs(routes)) {
      const fn = lambdaOf(stacks, routeFn(stacks, spec.entry));
      expect(fn.Properties.Timeout).toBe(spec.timeoutSeconds);
      expect(fn.Properties.FunctionName).toBeUndefined();
      const env = fn.Properties.Environment.Variables;
      for (const [id, q] of Object.entries(queues)) {
        expect(env[q.envVar] !== undefined, `${spec.entry} ${q.envVar}`).toBe(
          spec.queues.includes(id as keyof typeof queues),
        );
      }
    }
  });

  it('gives each worker its declared timeout, table access and queues', () => {
    for (const worker of workerList) {
      const fn = lambdaOf(stacks, workerFn(stacks, worker.id as keyof typeof workers));
      expect(fn.Properties.Timeout).toBe(worker.timeoutSeconds);
      expect(fn.Properties.Description).toBe(worker.description);
      const env = fn.Properties.Environment.Variables;
      expect(env.TABLE_NAME !== undefined, worker.id).toBe(worker.table !== 'none');
      for (const [id, q] of Object.entries(queues)) {
        expect(env[q.envVar] !== undefined, `${worker.id} ${q.envVar}`).toBe(
          (worker.queues as readonly string[]).includes(id),
        );
      }
    }
    // The outbox sweeper sends work orders (and its own failures to the failure queue), and may only send.
    const sweeper = statementsOf(stacks, workerFn(stacks, 'outboxSweeper'));
    const sqs = sweeper.filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
    expect(sqs.map((st) => JSON.stringify(st['Resource'])).sort()).toEqual([
      expect.stringContaining('WorkOrders'),
      expect.stringContaining('WorkerFailureQueue'),
    ]);
    for (const st of sqs)
      expect(actionsOf(st).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
  });

  it('consumes the work-order queue in the dispatch worker, a batch of 5, reporting partial failures', () => {
    const dispatch = lambdaOf(stacks, workerFn(stacks, 'dispatch'));
    stateless.resourceCountIs(
      'AWS::Lambda::EventSourceMapping',
      workerList.filter((w) => w.trigger.kind === 'queue' || w.trigger.kind === 'stream').length,
    );
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: dispatch.logicalId },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('WorkOrders') },
      BatchSize: workers.dispatch.trigger.batchSize,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('relays every inserted outbox record and owed text from the table stream: filtered, partial failures reported, failures to the failure queue', () => {
    // Prepare
    const relay = lambdaOf(stacks, workerFn(stacks, 'outboxRelay'));

    // Assert: the table streams new images…
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    // …and only inserted OUTBOX items and texts (SMS#…, a text's record is its outbox) invoke the relay.
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: relay.logicalId },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('Table.*StreamArn') },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['OUTBOX'] } } } }),
          },
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { Keys: { sk: { S: [{ prefix: 'SMS#' }] } } },
            }),
          },
        ],
      },
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::ImportValue': Match.stringLikeRegexp('WorkerFailureQueue') } },
      },
    });
    // It may send to the work-order queue and touches no table item.
    const dynamo = statementsOf(stacks, workerFn(stacks, 'outboxRelay'))
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('dynamodb:'))
      .sort();
    expect(dynamo).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
  });

  it('caps the report builder’s concurrency, so the 02:00 fan-out cannot starve the API', () => {
    const builder = lambdaOf(stacks, workerFn(stacks, 'reportBuilder'));
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: builder.logicalId },
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('warns while a queue’s visibility timeout is under six times its consumer’s timeout', () => {
    const warnings = Annotations.fromStack(stacks.stateless).findWarning(
      '*',
      Match.stringLikeRegexp('visibility timeout'),
    );
    const tooShort = workerList.filter(
      (w) =>
        w.trigger.kind === 'queue' && queues[w.trigger.queue].visibilityTimeoutSeconds < 6 * w.timeoutSeconds,
    );
    expect(warnings.map((w) => w.id.split('/')[2])).toEqual(
      tooShort.map((w) => `${w.id[0]!.toUpperCase()}${w.id.slice(1)}Worker`),
    );
  });

  it('runs each recurring worker on a Scheduler schedule in Asia/Shanghai, retried, with a dead-letter queue', () => {
    stateless.resourceCountIs('AWS::Scheduler::Schedule', scheduledWorkers.length);
    for (const worker of scheduledWorkers) {
      if (worker.trigger.kind !== 'schedule') continue;
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        GroupName: 'bancheng-dev',
        ScheduleExpression: worker.trigger.expression,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: getAtt(stacks, workerFn(stacks, worker.id as keyof typeof workers)),
          RoleArn: { 'Fn::ImportValue': Match.stringLikeRegexp('SchedulerRole') },
          Input: JSON.stringify({ source: 'scheduler', id: worker.id }),
          RetryPolicy: {
            MaximumEventAgeInSeconds: deliveryRetryPolicy(worker.trigger.expression).maximumEventAgeInSeconds,
            MaximumRetryAttempts: 185,
          },
          DeadLetterConfig: {
            Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('SchedulerDeadLetterQueue') },
          },
        },
      });
    }
    // The sweeper's next run is a minute away; the daily safety net may retry for a day.
    expect(workers.outboxSweeper.trigger.expression).toBe('rate(1 minute)');
    expect(deliveryRetryPolicy('rate(1 minute)').maximumEventAgeInSeconds).toBe(60);
    expect(deliveryRetryPolicy('rate(2 hours)').maximumEventAgeInSeconds).toBe(7_200);
    expect(deliveryRetryPolicy(workers.safetyNet.trigger.expression).maximumEventAgeInSeconds).toBe(86_400);
  });

  it('runs the monthly bulletin at 02:00 on the 1st, Asia/Shanghai, feeding the reports queue', () => {
    expect(workers.monthlyBulletin.trigger.expression).toBe('cron(0 2 1 * ? *)');
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({
        Arn: getAtt(stacks, workerFn(stacks, 'monthlyBulletin')),
        Input: JSON.stringify({ source: 'scheduler', id: 'monthlyBulletin' }),
      }),
    });
    expect(workers.reportBuilder.trigger).toMatchObject({ kind: 'queue', queue: 'reports' });
  });

  it('lets the scheduler role invoke exactly the outbox sweeper, the safety net, the monthly bulletin, its check and the due check', () => {
    const policy = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('SchedulerRole'),
    );
    expect(policy).toHaveLength(1);
    const statements = policy[0]!.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('lambda:InvokeFunction');
    expect(statements[0].Effect).toBe('Allow');
    const expected = (
      ['outboxSweeper', 'safetyNet', 'monthlyBulletin', 'bulletinCheck', 'dueCheck'] as const
    ).map((id) => JSON.stringify(getAtt(stacks, workerFn(stacks, id))));
    expect(statements[0].Resource.map((r: unknown) => JSON.stringify(r)).sort()).toEqual(expected.sort());
  });

  it('names the due-check target and sends its failed invocations to the workers’ failure queue', () => {
    const dueCheck = lambdaOf(stacks, workerFn(stacks, 'dueCheck'));
    expect(dueCheck.Properties.FunctionName).toBe('bancheng-dev-due-check');
    expect(dueCheck.Properties.DeadLetterConfig).toBeUndefined();
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: dueCheck.logicalId },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::ImportValue': Match.stringLikeRegexp('WorkerFailureQueue') } },
      },
    });
  });

  it('gives functions that schedule the group, the role, the DLQ and the due-check ARN, and PassRole to Scheduler only', () => {
    const schedulers = [
      routeFn(stacks, TRANSFER),
      workerFn(stacks, 'dueCheck'),
      workerFn(stacks, 'safetyNet'),
    ];
    for (const fn of schedulers) {
      const env = envOf(stacks, fn);
      expect(env.SCHEDULE_GROUP).toBe('bancheng-dev');
      expect(JSON.stringify(env.SCHEDULER_ROLE_ARN)).toContain('SchedulerRole');
      expect(JSON.stringify(env.SCHEDULER_DLQ_ARN)).toContain('SchedulerDeadLetterQueue');
      // Built from the fixed name (the function cannot reference its own ARN).
      const target = JSON.stringify(env[workers.dueCheck.trigger.targetEnvVar]);
      expect(target).toContain(':function:bancheng-dev-due-check');
      expect(target).toContain('AWS::Partition');

      const statements = statementsOf(stacks, fn);
      const scheduling = statements.find((st) => actionsOf(st).includes('scheduler:CreateSchedule'));
      expect(actionsOf(scheduling!).sort()).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:GetSchedule',
      ]);
      expect(JSON.stringify(scheduling!['Resource'])).toContain(':schedule/bancheng-dev/*');
      const passRole = statements.find((st) => actionsOf(st).includes('iam:PassRole'));
      expect(passRole).toMatchObject({
        Effect: 'Allow',
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      });
      expect(JSON.stringify(passRole!['Resource'])).toContain('SchedulerRole');
    }
    for (const fn of [routeFn(stacks, 'functions/cases/create.ts'), workerFn(stacks, 'dispatch')]) {
      expect(envOf(stacks, fn).SCHEDULE_GROUP).toBeUndefined();
      const actions = statementsOf(stacks, fn).flatMap(actionsOf);
      expect(actions.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole')).toEqual([]);
    }
  });

  it('hands the action-link key’s ARN (never its value), with the console’s URL, to every signer and verifier', () => {
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    // In the area stacks the distribution arrives as a parameter named after it.
    const distributionId = stacks.stateless
      .getLogicalId(stacks.stateless.console.distribution.node.defaultChild as CfnElement)
      .replace(/[0-9A-F]{8}$/, '');
    const linked = [
      routeFn(stacks, TRANSFER),
      routeFn(stacks, ACTION_LINK),
      workerFn(stacks, 'dispatch'),
      workerFn(stacks, 'dueCheck'),
      workerFn(stacks, 'safetyNet'),
    ];
    for (const fn of linked) {
      const env = envOf(stacks, fn);
      expect(env.ACTION_LINK_SECRET).toBeUndefined();
      const secret = JSON.stringify(env.ACTION_LINK_SECRET_ID);
      expect(secret).toContain('ActionLinkSecret');
      expect(secret).not.toContain('{{resolve:');
      expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain(distributionId);
      const read = statementsOf(stacks, fn).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('secretsmanager:')),
      );
      expect(read).toEqual([
        { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: env.ACTION_LINK_SECRET_ID },
      ]);
    }
    for (const fn of [routeFn(stacks, 'functions/cases/create.ts'), workerFn(stacks, 'outboxSweeper')]) {
      expect(envOf(stacks, fn).ACTION_LINK_SECRET_ID).toBeUndefined();
      // The public origin is no secret: intake texts and printed forms carry the reporter's status link.
      expect(JSON.stringify(envOf(stacks, fn).PUBLIC_BASE_URL)).toContain(distributionId);
    }
  });

  it('mails through SES from the configured sender, and only from the functions that send mail', () => {
    const dispatch = workerFn(stacks, 'dispatch');
    expect(envOf(stacks, dispatch)).toMatchObject({ MAIL_TRANSPORT: 'ses', MAIL_FROM: DEFAULT_MAIL_FROM });
    expect(envOf(stacks, dispatch).SMTP_SECRET_ID).toBeUndefined();
    const ses = statementsOf(stacks, dispatch).find((st) => actionsOf(st).includes('ses:SendRawEmail'));
    expect(ses).toMatchObject({ Condition: { StringEquals: { 'ses:FromAddress': DEFAULT_MAIL_FROM } } });
    expect(actionsOf(ses!).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(JSON.stringify(ses!['Resource'])).toContain(':identity/*');

    const withSes = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('ses:Send'),
    );
    expect(withSes).toHaveLength(1);
    for (const fn of [routeFn(stacks, TRANSFER), workerFn(stacks, 'dueCheck')]) {
      expect(envOf(stacks, fn).MAIL_TRANSPORT).toBeUndefined();
    }
  });

  it('deploys the stateless stack after the stateful one, with no dependency back', () => {
    expect(stacks.stateless.dependencies).toContain(stacks.stateful);
    expect(stacks.stateful.dependencies).not.toContain(stacks.stateless);
  });

  it('gives TABLE_NAME and table permissions only to functions whose routes use the table', () => {
    expect(envOf(stacks, routeFn(stacks, 'functions/http/openapi.ts')).TABLE_NAME).toBeUndefined();
    expect(envOf(stacks, routeFn(stacks, 'functions/cases/create.ts')).TABLE_NAME).toBeDefined();

    const policies = JSON.stringify(stateless.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dynamodb:PutItem');
    const readOnly = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('ListCasesFunction'),
    );
    expect(JSON.stringify(readOnly)).toContain('dynamodb:Query');
    expect(JSON.stringify(readOnly)).not.toContain('dynamodb:PutItem');
  });

  it('serves /docs and /docs/{asset} from one function that carries the swagger-ui assets', () => {
    const docs = functionSpecs(routes).find((s) => s.entry === 'functions/http/docs.ts');
    expect(docs?.routes.map((r) => r.id)).toEqual(['docs', 'docsAsset']);
    expect(docs?.assets).toEqual(['swagger-ui-dist/swagger-ui-bundle.js', 'swagger-ui-dist/swagger-ui.css']);
    // One integration (and one invoke permission) for the function, which both routes target.
    const docsFn = lambdaOf(stacks, stacks.stateless.functions.get(docs!.entry)!);
    const integrations = Object.entries(stateless.findResources('AWS::ApiGatewayV2::Integration')).filter(
      ([, i]) =>
        JSON.stringify(i.Properties.IntegrationUri) ===
        JSON.stringify({ 'Fn::GetAtt': [docsFn.logicalId, 'Arn'] }),
    );
    expect(integrations).toHaveLength(1);
    const targeting = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).filter((r) =>
      JSON.stringify(r.Properties.Target).includes(integrations[0]![0]),
    );
    expect(targeting.map((r) => r.Properties.RouteKey).sort()).toEqual(['GET /docs', 'GET /docs/{asset}']);
  });

  it('makes one HTTP API route per route table entry: public ones open, the rest behind JWT', () => {
    stateless.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length + 1);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
    });
    for (const route of routes) {
      stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey(route),
        AuthorizationType: route.roles === 'public' ? 'NONE' : 'JWT',
        ...(route.roles === 'public'
          ? {}
          : { AuthorizerId: { Ref: Match.stringLikeRegexp('JwtAuthorizer') } }),
      });
    }
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('logs every request as JSON with requestId, status and routeKey, and throttles the stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const stage = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
    });
    stateless.hasOutput('ApiUrl', {});
  });

  it('never hard-codes the aws partition in an ARN', () => {
    for (const template of [stateful, stateless]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
    }
  });
});

const SMTP_SECRET = 'bancheng/smtp-url';

describe('prod stage with an external OIDC issuer, SMTP mail and a custom domain', () => {
  let stacks: ReturnType<typeof build>;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    stacks = build({
      stage: 'prod',
      alarmEmail: 'ops@example.cn',
      oidcIssuer: 'https://id.example.cn/realms/bancheng',
      oidcAudience: 'bancheng-web, bancheng-app',
      mailTransport: 'smtp',
      mailFrom: '办成 <noreply@zwfw.example.gov.cn>',
      smtpSecret: SMTP_SECRET,
      publicBaseUrl: 'https://bancheng.example.gov.cn/',
    });
    stateful = Template.fromStack(stacks.stateful);
    stateless = statelessTemplate(stacks);
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions with no unsuppressed errors in either stack', () => {
    expect(nagErrors(stacks.stateful)).toEqual([]);
    expect(nagErrors(stacks.stateless)).toEqual([]);
  });

  it('creates no Cognito user pool and trusts the given issuer and audiences', () => {
    stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    stateful.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: 'https://id.example.cn/realms/bancheng',
        Audience: ['bancheng-web', 'bancheng-app'],
      },
    });
  });

  it('protects and retains the table in prod', () => {
    const [resource] = Object.values(stateful.findResources('AWS::DynamoDB::Table'));
    expect(resource?.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(resource?.DeletionPolicy).toBe('Retain');
    expect(resource?.UpdateReplacePolicy).toBe('Retain');
  });

  it('names the schedule group after the stage', () => {
    stateful.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'bancheng-prod' });
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', { GroupName: 'bancheng-prod' });
    expect(envOf(stacks, routeFn(stacks, TRANSFER)).SCHEDULE_GROUP).toBe('bancheng-prod');
    expect(lambdaOf(stacks, workerFn(stacks, 'dueCheck')).Properties.FunctionName).toBe(
      'bancheng-prod-due-check',
    );
  });

  it('retains the action-link key in prod', () => {
    const [secret] = Object.values(stateful.findResources('AWS::SecretsManager::Secret'));
    expect(secret?.DeletionPolicy).toBe('Retain');
  });

  it('mails through the SMTP relay whose URL it reads from its secret, and grants no SES permission at all', () => {
    const dispatch = workerFn(stacks, 'dispatch');
    const env = envOf(stacks, dispatch);
    expect(env).toMatchObject({
      MAIL_TRANSPORT: 'smtp',
      MAIL_FROM: '办成 <noreply@zwfw.example.gov.cn>',
      SMTP_SECRET_ID: SMTP_SECRET,
    });
    expect(env.SMTP_URL).toBeUndefined();
    const read = statementsOf(stacks, dispatch).find((st) =>
      JSON.stringify(st['Resource']).includes(`:secret:${SMTP_SECRET}-??????`),
    );
    expect(read?.['Action']).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(stateless.toJSON())).not.toContain('ses:');
  });

  it('points action links at the configured public origin', () => {
    for (const fn of [
      routeFn(stacks, TRANSFER),
      routeFn(stacks, ACTION_LINK),
      workerFn(stacks, 'dueCheck'),
    ]) {
      expect(envOf(stacks, fn).PUBLIC_BASE_URL).toBe('https://bancheng.example.gov.cn');
    }
  });

  it('never hard-codes the aws partition in an ARN', () => {
    for (const template of [stateful, stateless]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
    }
  });
});

describe('a stage replacing an index, one deployment per step (context indexStep)', () => {
  const steps = Array.from({ length: indexSteps + 1 }, (_, step) => step);
  /** The synthesized stateful template after each step: that stack alone, which synthesizes fast. */
  let templates: Template[];

  beforeAll(() => {
    templates = steps.map((indexStep) =>
      Template.fromStack(new StatefulStack(new App(), 'Bancheng-dev-Stateful', { stage: 'dev', indexStep })),
    );
  }, HOOK_TIMEOUT);

  it('declares at each step the indexes deployedIndexes gives, throttle alarms on each of them', () => {
    steps.forEach((step, n) => {
      const template = templates[n]!;
      expect(indexesOf(template), `step ${step}`).toEqual(deployedIndexes(step).map(declared));
      expect(throttleWatched(template), `step ${step}`).toEqual(
        deployedIndexes(step)
          .map((i) => i.name)
          .sort(),
      );
    });
    expect(namesOf(templates[indexSteps]!)).toEqual(new Set(Object.values(table.indexes).map((i) => i.name)));
  });

  it('creates or deletes exactly one GSI from one step to the next, and changes no index it keeps', () => {
    for (let step = 1; step <= indexSteps; step++) {
      const [before, after] = [templates[step - 1]!, templates[step]!];
      const [had, has] = [namesOf(before), namesOf(after)];
      const created = [...has].filter((name) => !had.has(name));
      const deleted = [...had].filter((name) => !has.has(name));
      expect([...created, ...deleted], `step ${step}`).toHaveLength(1);
      // A kept index with another projection or keys would be a second change CloudFormation refuses.
      for (const name of [...has].filter((n) => had.has(n)))
        expect(
          indexesOf(after).find((i) => i['IndexName'] === name),
          `step ${step}: ${name}`,
        ).toEqual(indexesOf(before).find((i) => i['IndexName'] === name));
    }
  });

  it('starts from the replaced ALL indexes and creates every successor before deleting any of them', () => {
    const atStart = indexesOf(templates[0]!);
    for (const replaced of replacedIndexes) {
      expect(atStart.find((i) => i['IndexName'] === replaced.name)?.['Projection']).toEqual({
        ProjectionType: 'ALL',
      });
      const successor = successorOf(replaced);
      expect(successor.name).not.toBe(replaced.name);
      expect(namesOf(templates[0]!).has(successor.name)).toBe(false);
    }
    const firstWith = (name: string) => templates.findIndex((t) => namesOf(t).has(name));
    const firstWithout = (name: string) => templates.findIndex((t) => !namesOf(t).has(name));
    const lastCreated = Math.max(...replacedIndexes.map((r) => firstWith(successorOf(r).name)));
    const firstDeleted = Math.min(...replacedIndexes.map((r) => firstWithout(r.name)));
    expect(lastCreated).toBeLessThan(firstDeleted);
  });

  it.runIf(indexSteps > 0)(
    'fails a deployment of the functions until every index they read exists, and passes indexStep on',
    () => {
      // The CLI checks only the stacks it deploys: `cdk deploy Bancheng-dev-Stateful` still passes.
      const errors = (stack: Stack) =>
        stack.node.metadata.filter((m) => m.type === 'aws:cdk:error').map((m) => String(m.data));
      // The step before the last successor is created, and the step that creates it.
      const [early, ready] = [replacedIndexes.length - 1, replacedIndexes.length];
      const last = successorOf(replacedIndexes[early]!).name;
      const before = build({ stage: 'dev', indexStep: String(early) });
      expect(before.stateful.indexes).toEqual(deployedIndexes(early));
      expect(errors(before.stateless)).toEqual([
        `indexStep ${early} leaves out ${last}, which these functions read: at this step deploy only ` +
          'Bancheng-dev-Stateful (docs/operations.md, "Replacing an index")',
      ]);
      expect(errors(before.stateful)).toEqual([]);
      const after = build({ stage: 'dev', indexStep: String(ready) });
      expect(after.stateful.indexes).toEqual(deployedIndexes(ready));
      expect(errors(after.stateless)).toEqual([]);
    },
  );
});

describe('context', () => {
  const options = (context: Record<string, unknown>) => optionsFromContext(new App({ context }));

  it('mails through SES from the placeholder sender unless told otherwise', () => {
    expect(options({}).mail).toEqual({ transport: 'ses', from: DEFAULT_MAIL_FROM });
    expect(options({}).publicBaseUrl).toBeUndefined();
  });

  it('refuses mail settings that cannot work', () => {
    expect(() => options({ mailTransport: 'file' })).toThrow(/ses or smtp/);
    expect(() => options({ mailTransport: 'smtp' })).toThrow(/needs smtpSecret/);
    expect(() => options({ smtpSecret: 'bancheng/smtp-url' })).toThrow(/without mailTransport=smtp/);
    expect(() => options({ mailTransport: 'smtp', smtpSecret: 'smtps://u:p@relay' })).toThrow(
      /name or ARN of a Secrets Manager secret/,
    );
    // The URL carries the password: it never goes into a template or an environment.
    expect(() => options({ mailTransport: 'smtp', smtpUrl: 'smtps://u:p@relay.example.cn' })).toThrow(
      /replaced by smtpSecret/,
    );
    expect(() => options({ mailFrom: 'a@x.cn, b@y.cn' })).toThrow(/one address/);
  });

  it('refuses the retired key-version pin: the key is read at run time', () => {
    expect(() => options({ actionLinkSecretVersion: 'a1b2c3d4-0000-4000-8000-123456789abc' })).toThrow(
      /no longer used/,
    );
  });

  it('reads indexStep as a whole number, from -c (a string) or cdk.json (a number); none: the final set', () => {
    expect(options({}).indexStep).toBeUndefined();
    expect(options({ indexStep: '' }).indexStep).toBeUndefined();
    expect(options({ indexStep: '2' }).indexStep).toBe(2);
    expect(options({ indexStep: 0 }).indexStep).toBe(0);
    expect(options({ indexStep: indexSteps }).indexStep).toBe(indexSteps);
  });

  it('refuses an indexStep that is no step of this release’s replacement', () => {
    for (const indexStep of [indexSteps + 1, -1, 1.5, 'x', '1.5', '-1', ' ', '0x1', true]) {
      expect(() => options({ indexStep }), String(indexStep)).toThrow(
        `context indexStep must be a whole number from 0 to ${indexSteps}`,
      );
    }
  });

  it('accepts only an https public base URL', () => {
    expect(() => options({ publicBaseUrl: 'http://bancheng.example.cn' })).toThrow(/https/);
    expect(options({ publicBaseUrl: 'https://bancheng.example.cn//' }).publicBaseUrl).toBe(
      'https://bancheng.example.cn',
    );
  });
});
