import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { type Alarm, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  Operation,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { deadLetterName, type QueueDefinition, queues } from '../../shared/queues.ts';
import { deployedIndexes, type IndexDefinition, table as tableDef } from '../../shared/table.ts';
import { alarm, METRICS_PER_ALARM, messagesAlarm, oldestMessageAlarm } from '../constructs/alarms.ts';
import type { BucketKey } from '../constructs/bindings.ts';
import type { DeployStage } from '../constructs/project-function.ts';

export type QueueKey = keyof typeof queues;

/**
 * Default Object Lock retention (compliance mode) of the archive bucket, by stage, in days:
 * 3653 in prod, at least the ten calendar years the application puts on each object
 * (文书档案定期10年) however many leap days they hold; a day in dev, so that test archives
 * unlock soon. Context
 * `archiveRetentionDays` overrides it (see infra/app.ts).
 */
export const ARCHIVE_RETENTION_DAYS: Readonly<Record<DeployStage, number>> = { prod: 3653, dev: 1 };

/**
 * S3 server access logs are kept this long: the Cybersecurity Law (网络安全法 art. 21) asks for
 * at least six months; a year lets a yearly review of who read the archive still find them.
 */
const ACCESS_LOG_DAYS = 366;

/** Archive objects move to S3 Standard-IA after this many days (see the archive bucket). */
export const ARCHIVE_IA_AFTER_DAYS = 365;

/** Server access logs are delivered by a bucket policy, not the log-delivery ACL (see below). */
const S3_ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/** Who signs the tokens the HTTP API accepts. */
export interface AuthSettings {
  /** OIDC issuer URL, exactly as the token's `iss` claim. */
  issuerUrl: string;
  /** Accepted `aud` (ID tokens) / `client_id` (Cognito access tokens) values. */
  audience: string[];
  /** Origin of the issuer (`https://host`), which the console's CSP lets the browser call. */
  issuerOrigin: string;
  /** Cognito: the hosted sign-in domain, whose token endpoint the console calls (CSP). */
  signInOrigin?: string;
}

/** An external OIDC issuer, used instead of Cognito (AWS China regions have no user pools). */
export interface OidcSettings {
  issuer: string;
  audience: string[];
}

export interface StatefulStackProps extends StackProps {
  stage: DeployStage;
  /** When given, no Cognito user pool is created and the API trusts this issuer. */
  oidc?: OidcSettings;
  /** Subscribed to the alarm topic when given. */
  alarmEmail?: string;
  /** Default retention of the archive bucket in days; defaults to `ARCHIVE_RETENTION_DAYS[stage]`. */
  archiveRetentionDays?: number;
  /**
   * Origins (`https://host[:port]`) whose pages upload and download attachments with presigned
   * URLs, i.e. the attachment bucket's CORS rule; none (the default) → no CORS rule, and
   * browsers cannot use the presigned URLs from a page (other clients still can).
   */
  webOrigins?: readonly string[];
  /**
   * Where a stage that still has the indexes this release replaces stands in their replacement
   * (shared/table.ts, `deployedIndexes`; docs/operations.md, "Replacing an index"): 0 … `indexSteps`.
   * None (the default): `table.indexes`, what a new stage deploys at once.
   */
  indexStep?: number;
}

/** A work queue and its dead-letter queue, as declared in shared/queues.ts. */
export interface QueuePair {
  definition: QueueDefinition;
  queue: Queue;
  deadLetterQueue: Queue;
}

/**
 * Everything that holds data or identity and must outlive a redeploy of the functions:
 * the table, the queues, the scheduler's group/role/DLQ, the user pool and the alarm topic.
 * The stateless stack receives these as typed props.
 */
export class StatefulStack extends Stack {
  public readonly stage: DeployStage;
  public readonly table: Table;
  /** The table's global secondary indexes as this deployment leaves them (see `indexStep`). */
  public readonly indexes: readonly IndexDefinition[];
  public readonly queues: Readonly<Record<QueueKey, QueuePair>>;
  public readonly alarmTopic: Topic;
  /** `bancheng-${stage}`: schedules for reminders and overdue notices go in this group. */
  public readonly scheduleGroup: CfnScheduleGroup;
  public readonly scheduleGroupName: string;
  /**
   * The role EventBridge Scheduler assumes to deliver to targets. Grant it `lambda:InvokeFunction`
   * from the stack that owns the target (a `Policy` attached to this role in that stack), so the
   * stateful stack never depends on the stateless one.
   */
  public readonly schedulerRole: Role;
  /** Failed schedule deliveries land here (set as each schedule's DeadLetterConfig). */
  public readonly schedulerDeadLetterQueue: Queue;
  /**
   * The on-failure destination of the asynchronously invoked workers (the scheduled ones and the
   * due-check target): an invocation that still fails after Lambda's retries lands here, with
   * its input and error, instead of vanishing (the AWS China regions have no dropped-event metric).
   */
  public readonly workerFailureQueue: Queue;
  /**
   * HMAC key of the department action links (`ACTION_LINK_SECRET`). Stateful: replacing it
   * invalidates every link already mailed, and links stay valid for weeks.
   */
  public readonly actionLinkSecret: Secret;
  /** Undefined when an external OIDC issuer is used. */
  public readonly userPool?: UserPool;
  public readonly userPoolClient?: UserPoolClient;
  public readonly auth: AuthSettings;
  /** Case attachments (附件): uploaded and downloaded by presigned URL. */
  public readonly attachmentBucket: Bucket;
  /** The write-once archive (存档): Object Lock in compliance mode, always retained. */
  public readonly archiveBucket: Bucket;
  /** Server access logs of the two buckets above (prefixes `attachments/` and `archive/`). */
  public readonly accessLogBucket: Bucket;
  /** The buckets by the key routes use in `buckets` (shared/http/route-types.ts). */
  public readonly buckets: Readonly<Record<BucketKey, Bucket>>;

  public constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    // A bucket policy for the logging service rather than the legacy log-delivery ACL, so the
    // log bucket keeps ACLs disabled (BucketOwnerEnforced) like every other bucket here. Set
    // on this stack (before any child exists) so it holds however the stack is built.
    this.node.setContext(S3_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.stage = props.stage;
    const keep = props.stage !== 'dev';
    const removalPolicy = keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDef.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDef.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDef.ttlAttribute,
      // New images, for the outbox relay (shared/table.ts, `streamView`).
      stream: StreamViewType[tableDef.streamView],
      deletionProtection: keep,
      removalPolicy,
    });
    // A stage replacing an index steps there one GSI created or deleted per deployment (all
    // CloudFormation allows), so the set depends on the step: see shared/table.ts.
    this.indexes = deployedIndexes(props.indexStep);
    for (const index of this.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.projection.type === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }),
      });
    }

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `bancheng ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const pairs: Partial<Record<QueueKey, QueuePair>> = {};
    for (const [key, definition] of Object.entries(queues) as [QueueKey, QueueDefinition][]) {
      const retentionPeriod = Duration.days(definition.retentionDays);
      const deadLetterQueue = this.secureQueue(idOf(deadLetterName(definition)), { retentionPeriod });
      const queue = this.secureQueue(idOf(definition.id), {
        retentionPeriod,
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      });
      this.alarmOnMessages(deadLetterQueue, `${idOf(deadLetterName(definition))}Alarm`, definition.id);
      // Two visibility timeouts: the message was received and not deleted at least twice, or its
      // consumer has not taken it for that long (failing, throttled, or its event source disabled).
      oldestMessageAlarm(
        this,
        `${idOf(definition.id)}AgeAlarm`,
        this.alarmTopic,
        queue,
        definition.id,
        2 * definition.visibilityTimeoutSeconds,
      );
      pairs[key] = { definition, queue, deadLetterQueue };
    }
    this.queues = pairs as Record<QueueKey, QueuePair>;

    this.scheduleGroupName = `bancheng-${props.stage}`;
    this.scheduleGroup = new CfnScheduleGroup(this, 'ScheduleGroup', { name: this.scheduleGroupName });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: `EventBridge Scheduler delivers bancheng-${props.stage} schedules with this role`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
      }),
    });
    this.schedulerDeadLetterQueue = this.secureQueue('SchedulerDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
    });
    // Scheduler writes to a schedule's DLQ with the schedule's execution role.
    this.schedulerDeadLetterQueue.grantSendMessages(this.schedulerRole);
    this.alarmOnMessages(this.schedulerDeadLetterQueue, 'SchedulerDeadLetterQueueAlarm', 'scheduler');
    NagSuppressions.addResourceSuppressions(this.schedulerDeadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: EventBridge Scheduler moves schedule deliveries that ' +
          'failed all retries here (DeadLetterConfig of each schedule); an alarm fires on any message.',
      },
    ]);

    this.workerFailureQueue = this.secureQueue('WorkerFailureQueue', { retentionPeriod: Duration.days(14) });
    this.alarmOnMessages(this.workerFailureQueue, 'WorkerFailureQueueAlarm', 'scheduled workers’ failure');
    NagSuppressions.addResourceSuppressions(this.workerFailureQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: the on-failure destination of the asynchronously invoked ' +
          'workers (invocations that failed after Lambda’s retries); an alarm fires on any message.',
      },
    ]);
    this.tableAlarms();

    this.actionLinkSecret = new Secret(this, 'ActionLinkSecret', {
      description: `bancheng ${props.stage}: HMAC key of the signed action links sent to departments`,
      // Letters and digits only: the application reads a comma-separated list (newest first)
      // during a rotation, so the key itself must never contain a comma.
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(this.actionLinkSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'No rotation Lambda: a new key must overlap the old one while mailed links (valid 60 days) are in ' +
          'use, which a single-user rotation cannot express. Rotated by hand without a deploy (the functions ' +
          'read the key at run time, cached 5 min): "old,new", then "new,old", then "new" once the old links ' +
          'have expired (docs/operations.md, "Secrets and rotation").',
      },
    ]);

    if (props.oidc) {
      if (props.oidc.audience.length === 0) throw new Error('oidc.audience must list at least one value');
      this.auth = {
        issuerUrl: props.oidc.issuer,
        audience: [...props.oidc.audience],
        issuerOrigin: new URL(props.oidc.issuer).origin,
      };
    } else {
      const { userPool, client, signInOrigin } = this.userPoolWithClient(
        props.stage,
        removalPolicy,
        props.webOrigins ?? [],
      );
      this.userPool = userPool;
      this.userPoolClient = client;
      this.auth = {
        // The issuer is a URL, not an ARN: cognito-idp.{region}.{urlSuffix}/{poolId}.
        issuerUrl: `https://cognito-idp.${this.region}.${this.urlSuffix}/${userPool.userPoolId}`,
        audience: [client.userPoolClientId],
        issuerOrigin: `https://cognito-idp.${this.region}.${this.urlSuffix}`,
        signInOrigin,
      };
    }

    const { accessLogBucket, attachmentBucket, archiveBucket } = this.storage(props, removalPolicy);
    this.accessLogBucket = accessLogBucket;
    this.attachmentBucket = attachmentBucket;
    this.archiveBucket = archiveBucket;
    this.buckets = { attachments: attachmentBucket, archive: archiveBucket };

    new CfnOutput(this, 'IssuerUrl', { value: this.auth.issuerUrl, description: 'JWT issuer (iss)' });
    new CfnOutput(this, 'Audience', {
      value: Fn.join(',', this.auth.audience),
      description: 'Accepted JWT audience (aud / client_id)',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', { value: this.scheduleGroupName });
    new CfnOutput(this, 'SchedulerRoleArn', { value: this.schedulerRole.roleArn });
    new CfnOutput(this, 'AttachmentBucketName', { value: attachmentBucket.bucketName });
    new CfnOutput(this, 'ArchiveBucketName', { value: archiveBucket.bucketName });
  }

  /**
   * The attachment and archive buckets and the bucket their access logs go to. All three:
   * SSE-S3, public access blocked, TLS 1.2+ only (a bucket policy denies anything else), ACLs
   * disabled (BucketOwnerEnforced).
   *
   * SSE-S3 rather than KMS on purpose: objects under compliance-mode Object Lock cannot be
   * deleted or rewritten for ten years, and a customer key disabled or scheduled for deletion
   * in that time would leave them unreadable with no way to re-encrypt them; SSE-S3 also keeps
   * presigned URLs and server access logging free of key policies.
   */
  private storage(
    props: StatefulStackProps,
    removalPolicy: RemovalPolicy,
  ): { accessLogBucket: Bucket; attachmentBucket: Bucket; archiveBucket: Bucket } {
    const secure = {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    } satisfies BucketProps;

    const accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      ...secure,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_DAYS) }],
      removalPolicy,
    });
    // No access logs of its own (it would log its own log deliveries); cdk-nag's S1 accepts a
    // bucket that is the log target of another bucket, so no suppression is needed.

    const origins = [...(props.webOrigins ?? [])];
    const attachmentBucket = new Bucket(this, 'AttachmentBucket', {
      ...secure,
      versioned: true,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'attachments/',
      // Browsers PUT the file and GET it back with presigned URLs: the headers the upload
      // signature covers (shared/adapters/blob-store.ts) must pass the preflight.
      ...(origins.length > 0
        ? {
            cors: [
              {
                allowedOrigins: origins,
                allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
                allowedHeaders: ['content-type', 'x-amz-checksum-sha256', 'content-length'],
                exposedHeaders: ['ETag'],
                maxAge: 3_600,
              },
            ],
          }
        : {}),
      lifecycleRules: [
        {
          id: 'uploads-and-old-versions',
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          // An upload retried over an existing key leaves the old bytes as a noncurrent version.
          noncurrentVersionExpiration: Duration.days(90),
        },
      ],
      removalPolicy,
    });

    const retentionDays = props.archiveRetentionDays ?? ARCHIVE_RETENTION_DAYS[props.stage];
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 36_500)
      throw new Error(
        `archiveRetentionDays must be a whole number of days from 1 to 36500, got ${retentionDays}`,
      );
    const archiveBucket = new Bucket(this, 'ArchiveBucket', {
      ...secure,
      versioned: true,
      objectLockEnabled: true,
      // Applies to objects written without a retention of their own; the application puts an
      // explicit COMPLIANCE retain-until on every archive object (shared/use-cases/archive.ts).
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(retentionDays)),
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'archive/',
      // Filed records are rarely read after their first year: Standard-IA costs about half of
      // Standard. Object Lock retention is unaffected by a storage-class transition, and nothing
      // ever expires here (the retention, not a lifecycle rule, says how long objects stay).
      lifecycleRules: [
        {
          id: 'archive-infrequent-access-after-a-year',
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(ARCHIVE_IA_AFTER_DAYS),
            },
          ],
        },
      ],
      // Always, dev included: a bucket holding locked objects cannot be emptied before they
      // unlock, so deleting it would only fail the stack deletion. Never autoDeleteObjects.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    return { accessLogBucket, attachmentBucket, archiveBucket };
  }

  /** SSE (SQS-managed keys) and a policy that denies non-TLS requests. */
  private secureQueue(id: string, props: ConstructorParameters<typeof Queue>[2]): Queue {
    return new Queue(this, id, {
      ...props,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }

  /** Any message visible in a dead-letter queue is an incident: alarm at > 0. */
  private alarmOnMessages(queue: Queue, id: string, what: string): Alarm {
    return messagesAlarm(this, id, this.alarmTopic, queue, `${what} dead-letter queue (${this.stage})`);
  }

  /**
   * The table: throttled requests (on demand throttles only past a partition's or the account's
   * limits) and DynamoDB's own errors (HTTP 500), on the table and each index, any in five minutes.
   * Each index deployed at this step: a write to the table throttles when any of its indexes does,
   * a replaced one still being written included.
   */
  private tableAlarms(): void {
    const period = Duration.minutes(5);
    const throttles: Record<string, Metric> = {};
    const indexes = [undefined, ...this.indexes.map((i) => i.name)];
    indexes.forEach((index, n) => {
      for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        throttles[`${metricName === 'ReadThrottleEvents' ? 'r' : 'w'}${n}`] = new Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap: {
            TableName: this.table.tableName,
            ...(index ? { GlobalSecondaryIndexName: index } : {}),
          },
          period,
          statistic: 'Sum',
        });
      }
    });
    // Ten metrics per alarm at most: the table and its indexes in as many alarms as that takes.
    const entries = Object.entries(throttles);
    for (let i = 0; i < entries.length; i += METRICS_PER_ALARM) {
      const part = i / METRICS_PER_ALARM;
      alarm(this, `TableThrottles${part === 0 ? '' : part + 1}Alarm`, this.alarmTopic, {
        description: `bancheng ${this.stage}: DynamoDB throttled requests on the table or an index`,
        metric: new MathExpression({
          expression: 'SUM(FILL(METRICS(), 0))',
          usingMetrics: Object.fromEntries(entries.slice(i, i + METRICS_PER_ALARM)),
          period,
        }),
        threshold: 0,
      });
    }
    // The operations the adapters issue (infra/constructs/project-function.ts TABLE_ACTIONS).
    const operations = [
      Operation.GET_ITEM,
      Operation.BATCH_GET_ITEM,
      Operation.QUERY,
      Operation.PUT_ITEM,
      Operation.UPDATE_ITEM,
      Operation.DELETE_ITEM,
      Operation.TRANSACT_WRITE_ITEMS,
    ];
    alarm(this, 'TableSystemErrorsAlarm', this.alarmTopic, {
      description: `bancheng ${this.stage}: DynamoDB system errors (HTTP 500) on the table`,
      metric: this.table.metricSystemErrorsForOperations({ operations, period, statistic: 'Sum' }),
      threshold: 0,
    });
  }

  private userPoolWithClient(
    stage: DeployStage,
    removalPolicy: RemovalPolicy,
    consoleOrigins: readonly string[],
  ): { userPool: UserPool; client: UserPoolClient; signInOrigin: string } {
    const userPool = new UserPool(this, 'UserPool', {
      userPoolName: `bancheng-${stage}`,
      // Staff accounts are created by an administrator, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Optional pool-wide, required where it matters: a user with TOTP enrolled is always asked
      // for the code (Cognito challenges every enrolled user when MFA is optional), the ID token
      // then lists it in `amr` (["pwd","otp","mfa"]), and the API refuses admin and supervisor
      // tokens whose `amr` shows no second factor (shared/http/handler.ts, assertSecondFactor).
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Essentials: the features used here (admin-created accounts, custom attributes, TOTP) at
      // a fraction of Plus, which was most of the monthly bill; Plus's threat protection is the
      // price of that and the reason of the COG8 suppression below.
      featurePlan: FeaturePlan.ESSENTIALS,
      customAttributes: {
        tenantId: new StringAttribute({ mutable: true }),
        role: new StringAttribute({ mutable: true }),
        regionCode: new StringAttribute({ mutable: true }),
        departmentId: new StringAttribute({ mutable: true }),
      },
      deletionProtection: stage !== 'dev',
      removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional pool-wide by product decision: township staff sign in on shared counter PCs and ' +
          'many have no smartphone for TOTP; SMS is not used. Admin and supervisor accounts must enrol TOTP: ' +
          'the API answers 403 mfa_required to their tokens unless the amr claim shows a second factor ' +
          '(docs/operations.md, "Identity").',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus plan (about 80 % of the estimated monthly cost for the province); ' +
          'sign-ins are from known staff accounts created by an administrator, and the API throttles.',
      },
    ]);

    const client = userPool.addClient('WebClient', {
      generateSecret: false,
      // adminUserPassword: AdminInitiateAuth, callable only with the operators' IAM credentials,
      // is how an admin or supervisor enrols TOTP the first time (docs/operations.md, "The first
      // admin"): with MFA optional, the hosted pages never offer the enrolment themselves.
      authFlows: { userSrp: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      // Users must never rewrite their own tenantId/role/regionCode/departmentId: only the
      // name is writable through this client; the custom attributes change via admin APIs.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      // The console signs in with the authorization code and PKCE (oidc-client-ts) and comes back
      // to /auth/callback on its own origin (the domain, or -c webOrigins once it is known).
      ...(consoleOrigins.length
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
              callbackUrls: consoleOrigins.map((o) => `${o}/auth/callback`),
              logoutUrls: consoleOrigins.map((o) => `${o}/sign-in`),
            },
          }
        : { disableOAuth: true }),
    });
    // The hosted sign-in pages; the prefix must be unique in the region (-c cognitoDomainPrefix).
    const prefix = this.node.tryGetContext('cognitoDomainPrefix') ?? `bancheng-${stage}`;
    const domain = userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix: String(prefix) } });
    return { userPool, client, signInOrigin: domain.baseUrl() };
  }
}

/** `work-orders-dlq` → `WorkOrdersDlq`: a readable construct id from a queue name. */
function idOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
