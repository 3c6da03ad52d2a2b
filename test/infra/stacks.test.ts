import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { repoRoot } from '../../infra/constructs/project-function.ts';
import { functionSpecs } from '../../infra/stacks/stateless-stack.ts';
import { type Route, routes } from '../../shared/http/routes.ts';
import { queues } from '../../shared/queues.ts';
import { table } from '../../shared/table.ts';

/**
 * NodejsFunction insists that its entry file exists even when bundling is skipped, and the
 * handlers are written elsewhere; so the stacks are built against stub entries under a
 * git-ignored `.tmp/` folder inside the repository (entries must sit under the project root).
 */
const entryRoot = join(repoRoot, 'test', 'infra', '.tmp', `entries-${process.pid}`);
const handlerEntries = [...new Set(routes.map((r) => r.entry))];
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const HOOK_TIMEOUT = 60_000;

function build(context: Record<string, unknown>) {
  return buildApp(new App({ context: { ...NO_BUNDLING, ...context } }), { entryRoot });
}

function nagErrors(stack: Stack) {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
}

function routeKey(r: { method: string; path: string }) {
  return `${r.method} ${r.path}`;
}

beforeAll(() => {
  for (const entry of handlerEntries) {
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
    stateless = Template.fromStack(stacks.stateless);
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions with no unsuppressed errors in either stack', () => {
    expect(nagErrors(stacks.stateful)).toEqual([]);
    expect(nagErrors(stacks.stateless)).toEqual([]);
  });

  it('creates the table from shared/table.ts: on demand, PITR, TTL, every GSI', () => {
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
      GlobalSecondaryIndexes: Object.values(table.indexes).map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ),
    });
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
    // Every queue (work queues, their DLQs, the scheduler DLQ) is encrypted and TLS-only.
    const all = stateful.findResources('AWS::SQS::Queue');
    expect(Object.keys(all)).toHaveLength(Object.keys(queues).length * 2 + 1);
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
    stateful.resourceCountIs('AWS::CloudWatch::Alarm', Object.keys(queues).length + 1);
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

  it('makes one arm64 nodejs22.x function per handler entry, with log retention and no NODE_OPTIONS', () => {
    const functions = stateless.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(handlerEntries.length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.MemorySize).toBe(1024);
      expect(fn.Properties.Timeout).toBe(10);
      expect(fn.Properties.FunctionName).toBeUndefined();
      const env = fn.Properties.Environment.Variables;
      expect(env).toMatchObject({ STAGE: 'dev', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
      expect(env.LOG_LEVEL).toBeTypeOf('string');
      expect(env.NODE_OPTIONS).toBeUndefined();
      // A function learns only the queues its routes declare (none of today's routes send).
      const declared = new Set(
        (routes as readonly Route[])
          .filter((r) => fn.Properties.Description.split(', ').includes(`${r.method} ${r.path}`))
          .flatMap((r) => r.queues ?? []),
      );
      for (const [id, q] of Object.entries(queues)) {
        expect(env[q.envVar] !== undefined).toBe(declared.has(id as keyof typeof queues));
      }
    }
    stateless.resourceCountIs('AWS::Logs::LogGroup', handlerEntries.length + 1);
    stateless.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('gives TABLE_NAME and table permissions only to functions whose routes use the table', () => {
    const envOf = (entry: string) => {
      const fn = stacks.stateless.functions.get(entry)!.node.defaultChild as CfnElement;
      const logicalId = stacks.stateless.getLogicalId(fn);
      return stateless.toJSON().Resources[logicalId].Properties.Environment.Variables;
    };
    expect(envOf('functions/http/health.ts').TABLE_NAME).toBeUndefined();
    expect(envOf('functions/cases/create.ts').TABLE_NAME).toBeDefined();

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
    const integrations = Object.values(stateless.findResources('AWS::ApiGatewayV2::Integration'));
    const docsFn = stacks.stateless.resolve(stacks.stateless.functions.get(docs!.entry)?.functionArn);
    const usingDocs = integrations.filter(
      (i) => JSON.stringify(i.Properties.IntegrationUri) === JSON.stringify(docsFn),
    );
    expect(usingDocs).toHaveLength(2);
  });

  it('makes one HTTP API route per route table entry: public ones open, the rest behind JWT', () => {
    stateless.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
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

describe('prod stage with an external OIDC issuer', () => {
  let stacks: ReturnType<typeof build>;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    stacks = build({
      stage: 'prod',
      oidcIssuer: 'https://id.example.cn/realms/bancheng',
      oidcAudience: 'bancheng-web, bancheng-app',
    });
    stateful = Template.fromStack(stacks.stateful);
    stateless = Template.fromStack(stacks.stateless);
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
  });

  it('never hard-codes the aws partition in an ARN', () => {
    for (const template of [stateful, stateless]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
    }
  });
});
