import { resolve } from 'node:path';
import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  NestedStack,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRICS } from '../../shared/adapters/metrics.ts';
import { ENV } from '../../shared/config.ts';
import { type Route, routes, type S3Action } from '../../shared/http/routes.ts';
import { accountMetric, alarm, functionErrorAlarms } from '../constructs/alarms.ts';

/** The `$default` route's handler (shared/http/route-match.ts decides 404 or 405). */
export const NOT_FOUND_ENTRY = 'functions/http/not-found.ts';

import { queues } from '../../shared/queues.ts';
import { table as tableDef } from '../../shared/table.ts';
import { type Worker, workers } from '../../shared/workers.ts';
import {
  BUCKET_ENV,
  type BucketKey,
  bindActionLinks,
  bindBucket,
  bindMail,
  bindScheduling,
  bindSms,
  type MailSettings,
  type SchedulerSettings,
  type SmsSettings,
} from '../constructs/bindings.ts';
import { type ConsoleDomain, ConsoleHosting } from '../constructs/console-hosting.ts';
import {
  bindQueue,
  bindTable,
  type DeployStage,
  ProjectFunction,
  repoRoot,
  type TableAccess,
} from '../constructs/project-function.ts';
import type { AuthSettings, QueueKey } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  stage: DeployStage;
  table: ITable;
  queues: Readonly<Record<QueueKey, IQueue>>;
  /** The attachment and archive buckets, by the key routes name them with in `buckets`. */
  buckets: Readonly<Record<BucketKey, IBucket>>;
  auth: AuthSettings;
  /** The schedule group, the role Scheduler invokes targets with, and its dead-letter queue. */
  scheduler: SchedulerSettings;
  /** HMAC key of the department action links (read by the functions at run time). */
  actionLinkSecret: ISecret;
  mail: MailSettings;
  /** The SMS provider of the functions that text reporters; none: they get no SMS settings. */
  sms?: SmsSettings;
  /** Where every alarm goes (the stateful stack's topic). */
  alarmTopic: ITopic;
  /** On-failure destination of the asynchronously invoked workers. */
  workerFailureQueue: IQueue;
  /**
   * Origin the action links point at (`PUBLIC_BASE_URL`); defaults to the console distribution
   * (`https://<domain>` with a custom domain, else `https://<id>.cloudfront.net`), which also
   * routes the API paths.
   */
  publicBaseUrl?: string;
  /** The console build to deploy (index.html + assets/); defaults to web/dist. */
  consoleDir?: string;
  /** Custom domain of the console distribution. */
  domain?: ConsoleDomain;
  /**
   * Where route entries (`functions/...`) are resolved; defaults to the repository root.
   * Tests point it at stub handlers so the stack builds before the real handlers exist.
   */
  entryRoot?: string;
  /** X-Ray active tracing on every function (default true; false in the China regions). */
  xray?: boolean;
  /** Stage-wide default throttling; defaults to 50 req/s with bursts of 100. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** Routes sharing one handler module share one function (e.g. `docs` and `docsAsset`). */
interface FunctionSpec {
  entry: string;
  routes: Route[];
  access: TableAccess;
  assets: string[];
  /** Queues this function sends to (the union over its routes). */
  queues: QueueKey[];
  /** It manages one-time schedules (any of its routes does). */
  schedules: boolean;
  /** It signs or verifies action links (see `VERIFIES_ACTION_LINKS`). */
  signsLinks: boolean;
  /** S3 actions per bucket (the union over its routes); a bucket with none is not bound. */
  buckets: Record<BucketKey, S3Action[]>;
  /** The longest timeout its routes need (`timeoutSeconds`, else `DEFAULT_ROUTE_TIMEOUT_SECONDS`). */
  timeoutSeconds: number;
}

/**
 * Handler modules that verify action links without signing any: they need the same key and
 * base URL as the signers. (A `verifiesLinks` flag on the route would say this in the table.)
 */
const VERIFIES_ACTION_LINKS: ReadonlySet<string> = new Set(['functions/work-orders/action-link.ts']);

/** Queue consumers wait this long to fill a batch: a work order leaves within ~1 s. */
const MAX_BATCHING_WINDOW = Duration.seconds(1);
/** AWS: a queue's visibility timeout should be at least six times its consumer's timeout. */
const VISIBILITY_PER_TIMEOUT = 6;
const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

const ACCESS_RANK: Record<TableAccess, number> = { none: 0, read: 1, readWrite: 2 };

/** API alarms: the share of 5xx answers (%) and the p99 latency (ms) that page someone. */
export const API_5XX_PERCENT = 5;
export const API_P99_MS = 3_000;

/** A route function's timeout unless its route declares `timeoutSeconds`. */
export const DEFAULT_ROUTE_TIMEOUT_SECONDS = 10;
/** An HTTP API waits at most 30 s for its integration: a longer function would answer no one. */
const MAX_ROUTE_TIMEOUT_SECONDS = 30;

/**
 * The HTTP API and its functions, built from the declarations in shared/: one function per
 * handler module of the route table (shared/http/routes.ts), in a nested stack per route area
 * (`functions/<area>/`, so that no stack nears 500 resources), one API route per route entry, JWT
 * on every route that is not `public`, with the buckets and exactly the S3 actions its routes
 * declare (`buckets`) and the longest timeout they declare (`timeoutSeconds`); one function per
 * worker (shared/workers.ts) with its trigger: an SQS event source, a recurring Scheduler
 * schedule (Asia/Shanghai), or nothing when the application schedules it at run time.
 */
export class StatelessStack extends Stack {
  public readonly api: HttpApi;
  public readonly apiStage: HttpStage;
  public readonly accessLogGroup: LogGroup;
  /** Keyed by handler entry (`functions/cases/create.ts`). */
  public readonly functions: ReadonlyMap<string, ProjectFunction>;
  /** The nested stack of each route area, keyed by the folder of its handlers (`cases`, `work-orders`). */
  public readonly areas: ReadonlyMap<string, NestedStack>;
  /** Keyed by worker id (`dispatch`), from shared/workers.ts. */
  public readonly workerFunctions: ReadonlyMap<string, ProjectFunction>;
  /** Lets the scheduler role invoke the schedule targets (undefined when there are none). */
  public readonly schedulerInvokePolicy?: Policy;
  public readonly apiUrl: string;
  /** The console bucket and distribution (the API is reachable through it too). */
  public readonly console: ConsoleHosting;

  public constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const entryRoot = props.entryRoot ?? repoRoot;
    const xray = props.xray ?? true;

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `bancheng-${props.stage}`,
      description: '办成: case system for township service centres',
      createDefaultStage: false,
    });

    // The Cybersecurity Law (网络安全法 art. 21) asks for network logs kept at least six months.
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.SIX_MONTHS });
    this.apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integration.latency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    // One authorizer on the API, in this stack; the routes in the area stacks bind to it by id
    // (HttpJwtAuthorizer would create it in whichever nested stack bound the first route).
    const authorizer = new HttpAuthorizer(this, 'JwtAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      authorizerName: 'jwt',
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: props.auth.issuerUrl,
      jwtAudience: props.auth.audience,
    });
    const jwt: IHttpRouteAuthorizer = {
      bind: () => ({ authorizerId: authorizer.authorizerId, authorizationType: 'JWT' }),
    };
    const none = new HttpNoneAuthorizer();

    this.console = new ConsoleHosting(this, 'Console', {
      stage: props.stage,
      api: this.api,
      routes,
      oidcOrigin: props.auth.issuerOrigin,
      uploadOrigin: `https://${props.buckets.attachments.bucketRegionalDomainName}`,
      ...(props.auth.signInOrigin ? { signInOrigin: props.auth.signInOrigin } : {}),
      signIn: { authority: props.auth.issuerUrl, clientId: props.auth.audience[0]! },
      ...(props.consoleDir ? { assetDir: props.consoleDir } : {}),
      ...(props.domain ? { domain: props.domain } : {}),
    });
    const publicBaseUrl = props.publicBaseUrl ?? this.console.url;
    const targets = scheduleTargets(this, props.stage);
    // What each function may do beyond the table and its queues, applied once all exist.
    const capable: Capable[] = [];

    // One nested stack per route area (the folder of its handlers: functions/cases/… → CasesRoutes),
    // so that no stack nears CloudFormation's 500 resources (docs/operations.md, "Stack layout").
    const areas = new Map<string, NestedStack>();
    const areaStack = (area: string): NestedStack => {
      let nested = areas.get(area);
      if (!nested) {
        nested = new NestedStack(this, `${pascal(camel(area))}Routes`, {
          description: `bancheng ${props.stage}: the ${area} routes and their functions`,
        });
        areas.set(area, nested);
      }
      return nested;
    };
    const alarmFunctions = new Map<NestedStack, ProjectFunction[]>();
    const watch = (scope: NestedStack, fn: ProjectFunction) =>
      alarmFunctions.set(scope, [...(alarmFunctions.get(scope) ?? []), fn]);

    const functions = new Map<string, ProjectFunction>();
    for (const spec of functionSpecs(routes)) {
      const first = spec.routes[0]!;
      const scope = areaStack(areaOf(spec.entry));
      const fn = new ProjectFunction(scope, `${pascal(first.id)}Function`, {
        entry: resolve(entryRoot, spec.entry),
        stage: props.stage,
        description: spec.routes.map((r) => `${r.method} ${r.path}`).join(', '),
        assets: spec.assets,
        timeout: Duration.seconds(spec.timeoutSeconds),
        xray,
      });
      bindTable(fn, props.table, spec.access);
      for (const key of spec.queues) bindQueue(fn, props.queues[key], queues[key].envVar);
      for (const [key, actions] of Object.entries(spec.buckets) as [BucketKey, S3Action[]][])
        bindBucket(fn, props.buckets[key], BUCKET_ENV[key], actions);
      suppressFunctionFindings(fn, xray);
      functions.set(spec.entry, fn);
      watch(scope, fn);
      capable.push({
        fn,
        schedules: spec.schedules,
        signsLinks: spec.signsLinks,
        sendsMail: false,
        sendsSms: false,
      });

      // One integration and one invoke permission per function, shared by its routes.
      const integration = new HttpLambdaIntegration(`${pascal(first.id)}Integration`, fn, {
        scopePermissionToRoute: false,
      });
      for (const route of spec.routes) {
        const isPublic = route.roles === 'public';
        const httpRoute = new HttpRoute(scope, `${pascal(route.id)}Route`, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: isPublic ? none : jwt,
        });
        if (isPublic) {
          NagSuppressions.addResourceSuppressions(httpRoute, [
            {
              id: 'AwsSolutions-APIG4',
              reason: `${route.method} ${route.path} is public by design (roles: 'public' in shared/http/routes.ts): health check, API documentation and signed action links (the token is the credential); stage throttling applies.`,
            },
          ]);
        }
      }
    }
    this.functions = functions;

    // `$default`: what no route matches answers 404/405 in the error contract, not API Gateway's own body.
    const httpArea = areaStack(areaOf(NOT_FOUND_ENTRY));
    const notFound = new ProjectFunction(httpArea, 'NotFoundFunction', {
      entry: resolve(entryRoot, NOT_FOUND_ENTRY),
      stage: props.stage,
      description: '$default: 404 / 405 in the error contract',
      timeout: Duration.seconds(DEFAULT_ROUTE_TIMEOUT_SECONDS),
      xray,
    });
    suppressFunctionFindings(notFound, xray);
    watch(httpArea, notFound);
    const defaultRoute = new HttpRoute(httpArea, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', notFound, {
        scopePermissionToRoute: false,
      }),
    });
    NagSuppressions.addResourceSuppressions(defaultRoute, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          '$default only answers 404/405 for addresses no route has; it reads nothing and needs no identity.',
      },
    ]);
    this.areas = areas;

    const workerFunctions = new Map<string, ProjectFunction>();
    const invokedByScheduler: ProjectFunction[] = [];
    const schedules: CfnSchedule[] = [];
    for (const worker of Object.values(workers) as Worker[]) {
      const trigger = worker.trigger;
      const target = trigger.kind === 'target' ? targets[trigger.targetEnvVar] : undefined;
      const fn = new ProjectFunction(this, `${pascal(worker.id)}Worker`, {
        entry: resolve(entryRoot, worker.entry),
        stage: props.stage,
        description: worker.description,
        timeout: Duration.seconds(worker.timeoutSeconds),
        xray,
        ...(target
          ? {
              // Named, so that its ARN is known without a reference to the function itself:
              // due checks schedule further due checks, so it needs its own ARN in its env.
              functionName: target.functionName,
            }
          : {}),
        // Scheduler's DLQ only catches failed deliveries; an invocation that still fails after
        // Lambda's two async retries lands in the failure queue (which alarms) instead of vanishing.
        ...(trigger.kind === 'queue' || trigger.kind === 'stream'
          ? {}
          : { onFailure: new SqsDestination(props.workerFailureQueue), retryAttempts: 2 }),
      });
      bindTable(fn, props.table, worker.table);
      for (const key of worker.queues) bindQueue(fn, props.queues[key], queues[key].envVar);
      suppressFunctionFindings(fn, xray);
      workerFunctions.set(worker.id, fn);
      capable.push({
        fn,
        schedules: worker.schedules ?? false,
        signsLinks: worker.signsLinks ?? false,
        sendsMail: worker.sendsMail ?? false,
        sendsSms: worker.sendsSms ?? false,
      });

      const schedule = this.addTrigger(fn, worker, props);
      if (schedule) schedules.push(schedule);
      if (trigger.kind === 'schedule' || trigger.kind === 'target') invokedByScheduler.push(fn);
    }
    this.workerFunctions = workerFunctions;

    const targetArns = Object.fromEntries(Object.entries(targets).map(([envVar, t]) => [envVar, t.arn]));
    for (const { fn, schedules, signsLinks, sendsMail, sendsSms } of capable) {
      // The public origin is no secret: printed forms and reporter texts carry the status link.
      fn.addEnvironment(ENV.publicBaseUrl, publicBaseUrl);
      if (schedules) bindScheduling(fn, props.scheduler, targetArns);
      if (signsLinks) bindActionLinks(fn, publicBaseUrl, props.actionLinkSecret);
      if (sendsMail) bindMail(fn, props.mail);
      if (sendsSms && props.sms) bindSms(fn, props.sms);
    }

    // Granted here, on the stateful stack's role: a grant from the stateful side would make it
    // depend on these functions while this stack depends on it (a cycle).
    if (invokedByScheduler.length > 0) {
      this.schedulerInvokePolicy = new Policy(this, 'SchedulerInvokePolicy', {
        roles: [props.scheduler.role],
        statements: [
          new PolicyStatement({
            actions: ['lambda:InvokeFunction'],
            resources: invokedByScheduler.map((fn) => fn.functionArn),
          }),
        ],
      });
      for (const schedule of schedules) schedule.node.addDependency(this.schedulerInvokePolicy);
    }

    this.alarms(props, alarmFunctions);

    this.apiUrl = this.apiStage.url;
    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: 'HTTP API base URL' });
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.console.url,
      description: 'Web console (the API paths are served on the same origin)',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.console.distribution.distributionDomainName,
      description: 'CNAME target of the custom domain',
    });
  }

  /**
   * The alarms of this stack (docs/operations.md, "Alarms"): unhandled function errors (in each
   * area's own stack, ten functions per alarm), Lambda throttles (the account's concurrency is one
   * pool), the API's 5xx rate and p99 latency, and the month's bulletin missing; and the dashboard.
   */
  private alarms(props: StatelessStackProps, byArea: ReadonlyMap<NestedStack, ProjectFunction[]>): void {
    const topic = props.alarmTopic;
    for (const [scope, fns] of byArea) functionErrorAlarms(scope, scope.node.id, topic, fns, scope.node.id);
    functionErrorAlarms(this, 'Workers', topic, [...this.workerFunctions.values()], 'the workers');
    alarm(this, 'LambdaThrottlesAlarm', topic, {
      description: `bancheng ${props.stage}: Lambda throttled invocations in this account and region`,
      metric: accountMetric('AWS/Lambda', 'Throttles'),
      threshold: 0,
    });

    const period = Duration.minutes(5);
    const requests = this.api.metricCount({ period, statistic: 'Sum' });
    const serverErrors = this.api.metricServerError({ period, statistic: 'Sum' });
    alarm(this, 'Api5xxRateAlarm', topic, {
      description: `bancheng ${props.stage}: more than ${API_5XX_PERCENT} % of API requests answered 5xx`,
      // Under ten requests in five minutes a single 503 is no rate.
      metric: new MathExpression({
        expression: `IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: { requests, errors: serverErrors },
        period,
        label: 'API 5xx %',
      }),
      threshold: API_5XX_PERCENT,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    alarm(this, 'ApiLatencyP99Alarm', topic, {
      description: `bancheng ${props.stage}: API p99 latency above ${API_P99_MS} ms for 15 minutes`,
      metric: this.api.metricLatency({ period, statistic: 'p99' }),
      threshold: API_P99_MS,
      evaluationPeriods: 3,
    });
    const bulletinMissing = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: METRICS.bulletinMissing,
      dimensionsMap: { Stage: props.stage },
      period: Duration.hours(1),
      statistic: 'Maximum',
    });
    alarm(this, 'BulletinMissingAlarm', topic, {
      description: `bancheng ${props.stage}: last month's bulletin was not generated by 06:00 on the 1st`,
      metric: bulletinMissing,
      threshold: 1,
      comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // The hourly checks on the 1st set the state; it holds between them (no data is no news).
      missing: TreatMissingData.IGNORE,
    });

    this.dashboard(props, { requests, serverErrors, bulletinMissing });
  }

  /** One dashboard: the API, the functions (all of this stack's, by search), the queues, the table. */
  private dashboard(
    props: StatelessStackProps,
    m: { requests: IMetric; serverErrors: IMetric; bulletinMissing: IMetric },
  ): void {
    const period = Duration.minutes(5);
    const search = (metric: string, stat: string) =>
      new MathExpression({
        expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metric}" ${this.stackName}', '${stat}', 300)`,
        usingMetrics: {},
        period,
        label: metric,
      });
    const queueKeys = Object.keys(props.queues) as QueueKey[];
    new Dashboard(this, 'Dashboard', {
      dashboardName: `bancheng-${props.stage}`,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new GraphWidget({ title: 'API requests and 5xx', left: [m.requests], right: [m.serverErrors] }),
          new GraphWidget({
            title: 'API latency p50 / p99 (ms)',
            left: [
              this.api.metricLatency({ period, statistic: 'p50' }),
              this.api.metricLatency({ period, statistic: 'p99' }),
            ],
          }),
          new GraphWidget({ title: 'Monthly bulletin missing', left: [m.bulletinMissing] }),
        ],
        [
          new GraphWidget({ title: 'Function errors', left: [search('Errors', 'Sum')] }),
          new GraphWidget({ title: 'Function throttles', left: [search('Throttles', 'Sum')] }),
          new GraphWidget({ title: 'Function duration p99 (ms)', left: [search('Duration', 'p99')] }),
        ],
        [
          new GraphWidget({
            title: 'Oldest message age (s)',
            left: queueKeys.map((k) =>
              props.queues[k].metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: k }),
            ),
          }),
          new GraphWidget({
            title: 'Failed scheduled-worker invocations',
            left: [
              props.workerFailureQueue.metricApproximateNumberOfMessagesVisible({
                period,
                statistic: 'Maximum',
                label: 'worker failures',
              }),
              props.scheduler.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
                period,
                statistic: 'Maximum',
                label: 'scheduler DLQ',
              }),
            ],
          }),
          new GraphWidget({
            title: 'DynamoDB consumed capacity',
            left: [
              props.table.metricConsumedReadCapacityUnits({ period, statistic: 'Sum' }),
              props.table.metricConsumedWriteCapacityUnits({ period, statistic: 'Sum' }),
            ],
          }),
        ],
      ],
    });
  }

  /**
   * A queue worker gets its event source; a scheduled worker its recurring schedule (returned);
   * a target worker nothing, since the application creates its one-time schedules.
   */
  private addTrigger(
    fn: ProjectFunction,
    worker: Worker,
    props: StatelessStackProps,
  ): CfnSchedule | undefined {
    const trigger = worker.trigger;
    if (trigger.kind === 'queue') {
      fn.addEventSource(
        new SqsEventSource(props.queues[trigger.queue], {
          batchSize: trigger.batchSize,
          ...(trigger.maxConcurrency ? { maxConcurrency: trigger.maxConcurrency } : {}),
          maxBatchingWindow: MAX_BATCHING_WINDOW,
          reportBatchItemFailures: true,
        }),
      );
      const visibility = queues[trigger.queue].visibilityTimeoutSeconds;
      const advised = VISIBILITY_PER_TIMEOUT * worker.timeoutSeconds;
      if (visibility < advised) {
        Annotations.of(fn).addWarningV2(
          'bancheng:queue-visibility',
          `queue ${trigger.queue} has a visibility timeout of ${visibility} s; AWS advises at least ` +
            `${VISIBILITY_PER_TIMEOUT} x the ${worker.timeoutSeconds} s timeout of ${worker.id} (${advised} s), ` +
            'or messages of throttled or retried batches are received again too early',
        );
      }
      return undefined;
    }
    if (trigger.kind === 'stream') {
      // Inserted items under the trigger's sort keys only (one filter each; filters are OR-ed):
      // Lambda's filter drops the rest before an invocation is billed. A batch it cannot send is
      // retried from its first unsent record; past the retries the record's metadata goes to the
      // failure queue (which alarms) and the outbox sweeper resends the record when its publish
      // lease ends.
      fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.LATEST,
          batchSize: trigger.batchSize,
          maxBatchingWindow: Duration.seconds(0),
          reportBatchItemFailures: true,
          retryAttempts: 10,
          maxRecordAge: Duration.hours(1),
          onFailure: new SqsDlq(props.workerFailureQueue),
          filters: trigger.sortKeys.map((match) =>
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: {
                Keys: {
                  [tableDef.sortKey]: {
                    S:
                      'equals' in match
                        ? FilterRule.isEqual(match.equals)
                        : FilterRule.beginsWith(match.prefix),
                  },
                },
              },
            }),
          ),
        }),
      );
      if (fn.role)
        NagSuppressions.addResourceSuppressions(
          fn.role,
          [
            {
              id: 'AwsSolutions-IAM5',
              reason:
                'The stream event source needs dynamodb:ListStreams, which takes no resource but *; the stream reads are on the table stream ARN.',
              appliesTo: ['Resource::*'],
            },
          ],
          true,
        );
      return undefined;
    }
    if (trigger.kind === 'target') return undefined;
    return new CfnSchedule(this, `${pascal(worker.id)}Schedule`, {
      description: worker.description,
      groupName: props.scheduler.groupName,
      scheduleExpression: trigger.expression,
      scheduleExpressionTimezone: SCHEDULE_TIMEZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.functionArn,
        roleArn: props.scheduler.role.roleArn,
        // What the local stack passes too (infra/local/workers.ts), with `scheduler` as source.
        input: JSON.stringify({ source: 'scheduler', id: worker.id }),
        retryPolicy: deliveryRetryPolicy(trigger.expression),
        deadLetterConfig: { arn: props.scheduler.deadLetterQueue.queueArn },
      },
    });
  }
}

/** What a function may do beyond the table and its queues (the capability flags of its declaration). */
interface Capable {
  fn: ProjectFunction;
  schedules: boolean;
  signsLinks: boolean;
  sendsMail: boolean;
  sendsSms: boolean;
}

/** `functions/work-orders/transfer.ts` → `work-orders`: the route area a handler belongs to. */
export function areaOf(entry: string): string {
  const [root, area] = entry.split('/');
  if (root !== 'functions' || !area) throw new Error(`handler entry ${entry} is not under functions/<area>/`);
  return area;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Group the route table by handler module, keeping the widest table access and all assets. */
export function functionSpecs(table: readonly Route[]): FunctionSpec[] {
  const byEntry = new Map<string, FunctionSpec>();
  for (const route of table) {
    const spec = byEntry.get(route.entry) ?? {
      entry: route.entry,
      routes: [],
      access: 'none',
      assets: [],
      queues: [],
      schedules: false,
      signsLinks: VERIFIES_ACTION_LINKS.has(route.entry),
      buckets: { attachments: [], archive: [] },
      timeoutSeconds: 0,
    };
    spec.routes.push(route);
    for (const [key, actions] of Object.entries(route.buckets ?? {}) as [BucketKey, readonly S3Action[]][])
      for (const action of actions) if (!spec.buckets[key].includes(action)) spec.buckets[key].push(action);
    const timeout = route.timeoutSeconds ?? DEFAULT_ROUTE_TIMEOUT_SECONDS;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_ROUTE_TIMEOUT_SECONDS)
      throw new Error(
        `route ${route.id}: timeoutSeconds must be 1-${MAX_ROUTE_TIMEOUT_SECONDS}, got ${timeout}`,
      );
    // Routes sharing a handler share one function: it gets the longest timeout any of them needs.
    spec.timeoutSeconds = Math.max(spec.timeoutSeconds, timeout);
    for (const q of route.queues ?? []) if (!spec.queues.includes(q)) spec.queues.push(q);
    if (route.schedules) spec.schedules = true;
    if (route.signsLinks) spec.signsLinks = true;
    if (ACCESS_RANK[route.table] > ACCESS_RANK[spec.access]) spec.access = route.table;
    for (const asset of route.assets ?? []) if (!spec.assets.includes(asset)) spec.assets.push(asset);
    byEntry.set(route.entry, spec);
  }
  return [...byEntry.values()];
}

/** A target worker's fixed function name and the ARN built from it, by `targetEnvVar`. */
interface ScheduleTarget {
  functionName: string;
  arn: string;
}

function scheduleTargets(stack: Stack, stage: DeployStage): Record<string, ScheduleTarget> {
  const result: Record<string, ScheduleTarget> = {};
  for (const worker of Object.values(workers) as Worker[]) {
    if (worker.trigger.kind !== 'target') continue;
    const functionName = `bancheng-${stage}-${kebab(worker.id)}`;
    const arn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    result[worker.trigger.targetEnvVar] = { functionName, arn };
  }
  return result;
}

const SECONDS: Record<string, number> = { minute: 60, hour: 3_600, day: 86_400 };
const DAY = 86_400;

/**
 * How long Scheduler keeps retrying a delivery it could not make (Lambda throttled or briefly
 * unavailable; errors inside the function are Lambda's async retries, not these): up to one
 * period of the schedule, since the next run does the same work and older deliveries would
 * only pile up overlapping runs; a day for cron schedules (today's daily safety net) and
 * anything longer. 185 attempts is Scheduler's maximum: the age is the bound that matters.
 * What is still undelivered then goes to the dead-letter queue, which alarms.
 */
export function deliveryRetryPolicy(expression: string): {
  maximumEventAgeInSeconds: number;
  maximumRetryAttempts: number;
} {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  const period = rate ? Number(rate[1]) * SECONDS[rate[2]!]! : DAY;
  return { maximumEventAgeInSeconds: Math.min(Math.max(period, 60), DAY), maximumRetryAttempts: 185 };
}

function kebab(id: string): string {
  return id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function pascal(id: string): string {
  return id[0]!.toUpperCase() + id.slice(1);
}

function suppressFunctionFindings(fn: ProjectFunction, xray: boolean): void {
  NagSuppressions.addResourceSuppressions(fn, [
    {
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the esbuild target is node22 and the local stack and tests run ' +
        'Node 20/22; move runtime and bundle target to the next LTS together, in one change.',
    },
  ]);
  if (!fn.role || !xray) return;
  // On the role and (applyToChildren) its DefaultPolicy, where the grants land.
  NagSuppressions.addResourceSuppressions(
    fn.role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions, so active ' +
          'tracing requires Resource "*".',
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
}
