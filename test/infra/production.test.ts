/**
 * Production guards (issue 15): the China profile in both China regions, the synths it refuses,
 * least privilege (own log group only, exact table actions, no wildcard), log retention.
 * Three synths in all, shared by the tests of each describe.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FUNCTION_LOG_RETENTION,
  type ProjectFunction,
  repoRoot,
} from '../../infra/constructs/project-function.ts';
import { type Worker, workers } from '../../shared/workers.ts';
import {
  actionsOf,
  buildStacks,
  CHINA_CONTEXT,
  lambdaOf,
  nagErrors,
  type Stacks,
  statelessStacks,
  statelessTemplate,
  statementsOf,
  stubEntries,
} from './support.ts';

const stubs = stubEntries('production');
const HOOK_TIMEOUT = 180_000;
const ACCOUNT = '123456789012';
const CHINA = CHINA_CONTEXT;

beforeAll(() => stubs.create());
afterAll(() => stubs.remove());

function allFunctions(stacks: Stacks): ProjectFunction[] {
  return [...stacks.stateless.functions.values(), ...stacks.stateless.workerFunctions.values()];
}

/** The DynamoDB operations the code issues, read from its source: what a grant may name. */
function dynamoActionsInCode(): Set<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(repoRoot, 'shared'));
  walk(join(repoRoot, 'functions'));
  const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const used = new Set<string>();
  const commands: Record<string, string> = {
    GetCommand: 'GetItem',
    BatchGetCommand: 'BatchGetItem',
    QueryCommand: 'Query',
    PutCommand: 'PutItem',
    UpdateCommand: 'UpdateItem',
    DeleteCommand: 'DeleteItem',
    BatchWriteCommand: 'BatchWriteItem',
    ScanCommand: 'Scan',
  };
  for (const [command, action] of Object.entries(commands))
    if (new RegExp(`new ${command}\\b`).test(code)) used.add(`dynamodb:${action}`);
  if (/new TransactWriteCommand\b/.test(code)) {
    // Each item of a transaction needs the action of its kind.
    const items: Record<string, string> = {
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
    };
    for (const [kind, action] of Object.entries(items))
      if (new RegExp(`\\b${kind}\\s*:`).test(code)) used.add(`dynamodb:${action}`);
  }
  return used;
}

function leastPrivilegeChecks(get: () => Stacks) {
  it('attaches no managed policy to any role: no AWSLambdaBasicExecutionRole', () => {
    const stacks = get();
    for (const stack of [stacks.stateful, ...statelessStacks(stacks)]) {
      for (const role of Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role')))
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets each function write its own log group and no other', () => {
    const stacks = get();
    for (const fn of allFunctions(stacks)) {
      const logGroupId = Stack.of(fn).getLogicalId(fn.logGroup.node.defaultChild as CfnElement);
      const logStatements = statementsOf(stacks, fn).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      expect(logStatements).toEqual([
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        },
      ]);
    }
  });

  it('grants no wildcard action, no Scan, and no DynamoDB action the code never issues', () => {
    const stacks = get();
    const used = dynamoActionsInCode();
    expect(used.has('dynamodb:Scan')).toBe(false);
    // A stream-triggered worker's role also holds what Lambda's event source reads the stream with.
    const streamReads = [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ];
    const streamFns = new Set(
      (Object.values(workers) as Worker[])
        .filter((w) => w.trigger.kind === 'stream')
        .map((w) => stacks.stateless.workerFunctions.get(w.id)),
    );
    for (const fn of allFunctions(stacks)) {
      const allowed = streamFns.has(fn as never) ? new Set([...used, ...streamReads]) : used;
      for (const statement of statementsOf(stacks, fn)) {
        for (const action of actionsOf(statement)) {
          expect(action, `${fn.node.id}: ${action}`).not.toContain('*');
          if (action.startsWith('dynamodb:')) expect(allowed, `${fn.node.id}: ${action}`).toContain(action);
        }
      }
    }
  });

  it('keeps every function log group and the API access logs at least 180 days', () => {
    const stacks = get();
    const groups = Object.values(statelessTemplate(stacks).findResources('AWS::Logs::LogGroup'));
    // + the $default not-found function, the API access logs and the console deployment
    expect(groups.length).toBe(allFunctions(stacks).length + 3);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
    expect(FUNCTION_LOG_RETENTION).toBeGreaterThanOrEqual(180);
  });
}

describe.each(['cn-northwest-1', 'cn-north-1'])('China profile in %s', (region) => {
  let stacks: Stacks;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    stacks = buildStacks(stubs.entryRoot, CHINA, { env: { account: ACCOUNT, region } });
    stateful = Template.fromStack(stacks.stateful);
    stateless = statelessTemplate(stacks);
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions in both stacks', () => {
    const errors = [...nagErrors(stacks.stateful), ...nagErrors(stacks.stateless)];
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 160)}`)).toEqual([]);
  });

  it('creates no Cognito, grants no SES and traces nothing with X-Ray', () => {
    const all = JSON.stringify([stateful.toJSON(), stateless.toJSON()]);
    expect(all).not.toMatch(/AWS::Cognito::/);
    expect(all).not.toMatch(/"ses:/);
    expect(all).not.toMatch(/"xray:/);
    for (const fn of allFunctions(stacks))
      expect(lambdaOf(stacks, fn).Properties.TracingConfig).toBeUndefined();
  });

  it('builds every ARN in the aws-cn partition, with the region and account', () => {
    const all = JSON.stringify([stateful.toJSON(), stateless.toJSON()]);
    expect(all).not.toContain('arn:aws:');
    // The partition is CloudFormation's AWS::Partition (aws-cn there), never a literal aws.
    expect(all).toContain(`:scheduler:${region}:${ACCOUNT}:schedule/bancheng-prod/*`);
    expect(all).toContain('"Ref":"AWS::Partition"');
    expect(all).toContain(`.execute-api.${region}.`);
  });

  it('serves the console on the ICP-recorded domain with the IAM certificate', () => {
    const [distribution] = Object.values(stateless.findResources('AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual([CHINA.domainName]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: CHINA.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    const transfer = stacks.stateless.functions.get('functions/work-orders/transfer.ts')!;
    expect(lambdaOf(stacks, transfer).Properties.Environment.Variables.PUBLIC_BASE_URL).toBe(
      `https://${CHINA.domainName}`,
    );
  });

  leastPrivilegeChecks(() => stacks);
});

describe('global dev stage', () => {
  let stacks: Stacks;
  beforeAll(() => {
    stacks = buildStacks(stubs.entryRoot, { stage: 'dev' });
    Template.fromStack(stacks.stateless); // synthesize here, not in the first test
  }, HOOK_TIMEOUT);

  it('moves archive objects to Standard-IA after a year and never expires them', () => {
    const archiveId = stacks.stateful.getLogicalId(
      stacks.stateful.archiveBucket.node.defaultChild as CfnElement,
    );
    const archive = Template.fromStack(stacks.stateful).toJSON().Resources[archiveId];
    expect(archive.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'archive-infrequent-access-after-a-year',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 365 }],
      },
    ]);
    expect(archive.Properties.ObjectLockEnabled).toBe(true);
  });

  it('traces with X-Ray outside China', () => {
    for (const fn of allFunctions(stacks))
      expect(lambdaOf(stacks, fn).Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  leastPrivilegeChecks(() => stacks);
});

describe('synths the China profile refuses', () => {
  const china = { env: { account: ACCOUNT, region: 'cn-northwest-1' } };
  const without = (...keys: (keyof typeof CHINA)[]) =>
    Object.fromEntries(Object.entries(CHINA).filter(([k]) => !keys.includes(k as keyof typeof CHINA)));

  it('refuses a Cognito user pool in a China region, naming the OIDC keys', () => {
    expect(() => buildStacks(stubs.entryRoot, without('oidcIssuer', 'oidcAudience'), china)).toThrow(
      /profile china: no Cognito user pools.*-c oidcIssuer/,
    );
  });

  it('refuses SES in a China region, naming the SMTP keys', () => {
    expect(() => buildStacks(stubs.entryRoot, without('mailTransport', 'smtpSecret'), china)).toThrow(
      /profile china: no SES.*-c mailTransport=smtp/,
    );
  });

  it('refuses the default CloudFront domain and an ACM certificate in China', () => {
    const noDomain = Object.fromEntries(
      Object.entries(CHINA).filter(([k]) => k !== 'domainName' && k !== 'iamCertificateId'),
    );
    expect(() => buildStacks(stubs.entryRoot, noDomain, china)).toThrow(/ICP-recorded domain/);
    expect(() =>
      buildStacks(
        stubs.entryRoot,
        {
          ...noDomain,
          domainName: CHINA.domainName,
          certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc-1`,
        },
        china,
      ),
    ).toThrow(/takes no ACM certificate/);
  });

  it('refuses a prod synth without the alarm e-mail', () => {
    const { alarmEmail: _, ...noEmail } = CHINA;
    expect(() => buildStacks(stubs.entryRoot, noEmail, china)).toThrow(/stage prod needs -c alarmEmail/);
  });

  it('implies china from the region, and refuses a profile that contradicts the region', () => {
    expect(() => buildStacks(stubs.entryRoot, { stage: 'dev' }, china)).toThrow(/profile china/);
    expect(() => buildStacks(stubs.entryRoot, { ...CHINA, profile: 'global' }, china)).toThrow(
      /profile global cannot deploy to cn-northwest-1/,
    );
    expect(() =>
      buildStacks(
        stubs.entryRoot,
        { ...CHINA, profile: 'china' },
        { env: { account: ACCOUNT, region: 'eu-west-1' } },
      ),
    ).toThrow(/needs an AWS China region/);
    expect(() => buildStacks(stubs.entryRoot, { profile: 'mars' })).toThrow(
      /profile must be global or china/,
    );
  });
});
