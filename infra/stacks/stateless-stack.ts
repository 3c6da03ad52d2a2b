import { resolve } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { type Route, routes } from '../../shared/http/routes.ts';
import { queues } from '../../shared/queues.ts';
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
  auth: AuthSettings;
  /**
   * Where route entries (`functions/...`) are resolved; defaults to the repository root.
   * Tests point it at stub handlers so the stack builds before the real handlers exist.
   */
  entryRoot?: string;
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
}

const ACCESS_RANK: Record<TableAccess, number> = { none: 0, read: 1, readWrite: 2 };

/**
 * The HTTP API and its functions, built from the route table in shared/http/routes.ts:
 * one function per handler module, one API route per route entry, JWT on every route
 * that is not `public`.
 */
export class StatelessStack extends Stack {
  public readonly api: HttpApi;
  public readonly apiStage: HttpStage;
  public readonly accessLogGroup: LogGroup;
  /** Keyed by handler entry (`functions/cases/create.ts`). */
  public readonly functions: ReadonlyMap<string, ProjectFunction>;
  public readonly apiUrl: string;

  public constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const entryRoot = props.entryRoot ?? repoRoot;

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

    const jwt = new HttpJwtAuthorizer('JwtAuthorizer', props.auth.issuerUrl, {
      authorizerName: 'jwt',
      jwtAudience: props.auth.audience,
    });
    const none = new HttpNoneAuthorizer();

    const functions = new Map<string, ProjectFunction>();
    for (const spec of functionSpecs(routes)) {
      const first = spec.routes[0]!;
      const fn = new ProjectFunction(this, `${pascal(first.id)}Function`, {
        entry: resolve(entryRoot, spec.entry),
        stage: props.stage,
        description: spec.routes.map((r) => `${r.method} ${r.path}`).join(', '),
        assets: spec.assets,
      });
      bindTable(fn, props.table, spec.access);
      for (const key of spec.queues) bindQueue(fn, props.queues[key], queues[key].envVar);
      suppressFunctionFindings(fn, spec.access);
      functions.set(spec.entry, fn);

      for (const route of spec.routes) {
        const isPublic = route.roles === 'public';
        const [httpRoute] = this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration: new HttpLambdaIntegration(`${pascal(route.id)}Integration`, fn),
          authorizer: isPublic ? none : (jwt as IHttpRouteAuthorizer),
        });
        if (isPublic && httpRoute) {
          NagSuppressions.addResourceSuppressions(httpRoute, [
            {
              id: 'AwsSolutions-APIG4',
              reason: `${route.method} ${route.path} is public by design (roles: 'public' in shared/http/routes.ts): health check and API documentation carry no case data; stage throttling applies.`,
            },
          ]);
        }
      }
    }
    this.functions = functions;

    this.apiUrl = this.apiStage.url;
    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: 'HTTP API base URL' });
  }
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
    };
    spec.routes.push(route);
    for (const q of route.queues ?? []) if (!spec.queues.includes(q)) spec.queues.push(q);
    if (ACCESS_RANK[route.table] > ACCESS_RANK[spec.access]) spec.access = route.table;
    for (const asset of route.assets ?? []) if (!spec.assets.includes(asset)) spec.assets.push(asset);
    byEntry.set(route.entry, spec);
  }
  return [...byEntry.values()];
}

function pascal(id: string): string {
  return id[0]!.toUpperCase() + id.slice(1);
}

function suppressFunctionFindings(fn: ProjectFunction, access: TableAccess): void {
  NagSuppressions.addResourceSuppressions(fn, [
    {
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the esbuild target is node22 and the local stack and tests run ' +
        'Node 20/22; move runtime and bundle target to the next LTS together, in one change.',
    },
  ]);
  if (!fn.role) return;
  // On the role and (applyToChildren) its DefaultPolicy, where the grants land.
  NagSuppressions.addResourceSuppressions(
    fn.role,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing this function’s own CloudWatch logs; it is the ' +
          'AWS-maintained minimum for a Lambda execution role.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions, so active ' +
          'tracing requires Resource "*".',
        appliesTo: ['Resource::*'],
      },
      ...(access === 'none'
        ? []
        : [
            {
              id: 'AwsSolutions-IAM5',
              reason:
                'Queries on the byRegion GSI need the table’s index ARNs (<table>/index/*); the grant is ' +
                'scoped to the one table and to the read or read/write actions the route declares.',
              appliesTo: [{ regex: '/^Resource::.*\\/index\\/\\*$/g' }],
            },
          ]),
    ],
    true,
  );
}
