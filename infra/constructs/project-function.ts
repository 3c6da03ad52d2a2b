import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config.ts';

/** The repository root: entries, `package-lock.json` and `node_modules` are resolved from here. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Stages that deploy to AWS (`local` never reaches CDK). */
export type DeployStage = 'dev' | 'prod';

/** What a function may do to the table (mirrors `Route['table']`). */
export type TableAccess = 'none' | 'read' | 'readWrite';

export type ProjectFunctionProps = Omit<NodejsFunctionProps, 'entry'> & {
  /** Handler module, absolute or relative to the repository root; exports `handler`. */
  entry: string;
  stage: DeployStage;
  /** Powertools log level; defaults to DEBUG in dev and INFO in prod. */
  logLevel?: string;
  /** X-Ray active tracing; off where Lambda has no X-Ray integration (the China regions). */
  xray?: boolean;
  /**
   * Files under `node_modules` the handler reads at run time (e.g. `swagger-ui-dist/swagger-ui.css`),
   * copied flat beside the bundle: `swagger-ui.css` next to `index.mjs`.
   */
  assets?: readonly string[];
};

const ASSET_PATH = /^(@[\w.-]+\/)?[\w.-]+(\/[\w.-]+)+$/;

/**
 * Function logs are kept 180 days: the Cybersecurity Law (网络安全法 art. 21) asks for network
 * logs kept at least six months.
 */
export const FUNCTION_LOG_RETENTION = RetentionDays.SIX_MONTHS;

/** DynamoDB actions by declared access: exactly the operations the adapters issue (no Scan). */
export const TABLE_ACTIONS: Readonly<Record<Exclude<TableAccess, 'none'>, readonly string[]>> = {
  // GetCommand, BatchGetCommand, QueryCommand
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  // + PutCommand, UpdateCommand, DeleteCommand and the Put/Update/Delete/ConditionCheck items
  // of TransactWriteCommand (a transaction needs the action of each of its items)
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

/**
 * The one way this project builds a Lambda function: Node 22 on arm64, X-Ray (where Lambda has
 * it), an ESM bundle with the AWS SDK inside (cold start ~3x faster than loading the runtime's
 * SDK, see STACK.md), source maps, a log group kept 180 days, and a role of its own that may
 * write that log group and nothing else to start with (no AWSLambdaBasicExecutionRole, whose
 * `logs:*` on `*` would let any function write into any log group, the API access logs included).
 */
export class ProjectFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const { entry, stage, logLevel, xray = true, assets = [], bundling, environment, ...rest } = props;
    for (const asset of assets) {
      // The path ends up in a shell command: accept plain package paths only.
      if (!ASSET_PATH.test(asset) || asset.split('/').includes('..')) {
        throw new Error(`${id}: asset "${asset}" is not a plain path under node_modules`);
      }
    }

    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: FUNCTION_LOG_RETENTION,
      removalPolicy: stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${id}: writes its own log group only, plus the grants of its declaration`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      memorySize: 1024,
      timeout: Duration.seconds(10),
      ...rest,
      role,
      entry: resolve(repoRoot, entry),
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: xray ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup,
      environment: {
        [ENV.stage]: stage,
        [ENV.logLevel]: logLevel ?? (stage === 'prod' ? 'INFO' : 'DEBUG'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        externalModules: [],
        mainFields: ['module', 'main'],
        target: 'node22',
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
        ...bundling,
        commandHooks:
          assets.length > 0
            ? {
                beforeInstall: () => [],
                beforeBundling: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  assets.map(
                    (asset) => `cp "${inputDir}/node_modules/${asset}" "${outputDir}/${basename(asset)}"`,
                  ),
              }
            : bundling?.commandHooks,
      },
    });
  }
}

/**
 * Tell a function where the table is (`TABLE_NAME`) and grant exactly the access its route
 * declares; `none` sets nothing and grants nothing.
 */
export function bindTable(fn: NodejsFunction, table: ITable, access: TableAccess): void {
  if (access === 'none') return;
  fn.addEnvironment(ENV.tableName, table.tableName);
  const actions = TABLE_ACTIONS[access];
  fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
  // Queries on the GSIs: Query is the only operation on an index.
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }),
  );
  if (fn.role)
    NagSuppressions.addResourceSuppressions(
      fn.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Queries on the GSIs need the table’s index ARNs (<table>/index/*): Query only, on the one table.',
          appliesTo: [{ regex: '/^Resource::.*\\/index\\/\\*$/g' }],
        },
      ],
      true,
    );
}

/** Tell a function a queue's URL under `envVar` and allow it to send (only send) to that queue. */
export function bindQueue(fn: NodejsFunction, queue: IQueue, envVar: string): void {
  fn.addEnvironment(envVar, queue.queueUrl);
  queue.grantSendMessages(fn);
}
