/**
 * What a function may do beyond the table and its queues, one helper per capability the
 * declarations name (`schedules`, `signsLinks`, `sendsMail`, `sendsSms`): each sets the env vars the
 * application reads and grants exactly the permissions that go with them, and acknowledges
 * (with its reason) the one cdk-nag finding its grant raises.
 */
import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { MAIL_ENV } from '../../shared/adapters/mailer.ts';
import { SECRETS, type SecretName } from '../../shared/adapters/secrets.ts';
import { SMS_ENV } from '../../shared/adapters/sms-sender.ts';
import { ENV } from '../../shared/config.ts';
import type { Route, S3Action } from '../../shared/http/route-types.ts';

/** The buckets a route may name in `buckets` (shared/http/route-types.ts). */
export type BucketKey = keyof NonNullable<Route['buckets']>;

/** Where a function finds each bucket's name. */
export const BUCKET_ENV: Readonly<Record<BucketKey, string>> = {
  attachments: ENV.attachmentBucket,
  archive: ENV.archiveBucket,
};

/** Object-level actions a route may declare; `s3:ListBucket` is the one bucket-level action. */
const OBJECT_ACTIONS: ReadonlySet<string> = new Set<S3Action>([
  's3:GetObject',
  's3:PutObject',
  's3:PutObjectRetention',
]);
const LIST_BUCKET: S3Action = 's3:ListBucket';

/** EventBridge Scheduler as the stateful stack sets it up. */
export interface SchedulerSettings {
  /** The schedule group every schedule of this stage goes in (`bancheng-${stage}`). */
  groupName: string;
  /** The role Scheduler invokes targets with. */
  role: IRole;
  /** Where Scheduler puts deliveries that failed all retries. */
  deadLetterQueue: IQueue;
}

/** How deployed functions send mail: SES, or an SMTP relay where SES is missing (AWS China). */
export interface MailSettings {
  transport: 'ses' | 'smtp';
  /** `MAIL_FROM`: an address, or `Name <address>`. */
  from: string;
  /** Required for `smtp`: name or ARN of the secret holding the SMTP URL (it carries the password). */
  smtpSecret?: string;
}

/**
 * A function that creates and deletes one-time schedules in the group: `SCHEDULE_GROUP`,
 * `SCHEDULER_ROLE_ARN`, `SCHEDULER_DLQ_ARN` and the ARN of every schedule target (under the
 * target's env var); permission to manage schedules in this group only, and to pass the
 * scheduler role to Scheduler and nothing else.
 */
export function bindScheduling(
  fn: NodejsFunction,
  scheduler: SchedulerSettings,
  targets: Readonly<Record<string, string>>,
): void {
  fn.addEnvironment(ENV.scheduleGroup, scheduler.groupName);
  fn.addEnvironment(ENV.schedulerRoleArn, scheduler.role.roleArn);
  fn.addEnvironment(ENV.schedulerDlqArn, scheduler.deadLetterQueue.queueArn);
  for (const [envVar, arn] of Object.entries(targets)) fn.addEnvironment(envVar, arn);

  const schedules = Stack.of(fn).formatArn({
    service: 'scheduler',
    resource: 'schedule',
    resourceName: `${scheduler.groupName}/*`,
  });
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
      resources: [schedules],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [scheduler.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  );
  suppressOnRole(fn, {
    id: 'AwsSolutions-IAM5',
    reason:
      'Schedule names are made at run time (one per work-order deadline), so the grant names the ' +
      `schedule group "${scheduler.groupName}/*": create, get and delete only, in this stage's group only.`,
    appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:scheduler:.*:schedule\\/.*\\/\\*$/g' }],
  });
}

/**
 * A function that signs or verifies department action links: `PUBLIC_BASE_URL`, and the key's
 * id (`ACTION_LINK_SECRET_ID`, its ARN: no value) with permission to read that one secret. The
 * function reads the key at run time, cached five minutes (shared/adapters/secrets.ts), so a new
 * value put into the secret reaches every function without a deploy.
 */
export function bindActionLinks(fn: NodejsFunction, publicBaseUrl: string, secret: ISecret): void {
  fn.addEnvironment(ENV.publicBaseUrl, publicBaseUrl);
  bindSecret(fn, 'actionLink', secret.secretArn);
}

/** How the functions that text reporters reach the SMS provider (context `sms*`, see infra/app.ts). */
export interface SmsSettings {
  transport: 'tencent';
  /** The approved signature (短信签名). */
  signName: string;
  sdkAppId: string;
  /** `intake=2001,transfer=2002,…`: an approved template per message kind. */
  templateIds: string;
  region?: string;
  /** Name or ARN of the secret holding `{"secretId":"…","secretKey":"…"}`. */
  secret: string;
}

/** A function that texts reporters: the `SMS_*` settings and the credentials' secret (read at run time). */
export function bindSms(fn: NodejsFunction, sms: SmsSettings): void {
  fn.addEnvironment(SMS_ENV.transport, sms.transport);
  fn.addEnvironment(SMS_ENV.signName, sms.signName);
  fn.addEnvironment(SMS_ENV.sdkAppId, sms.sdkAppId);
  fn.addEnvironment(SMS_ENV.templateIds, sms.templateIds);
  if (sms.region) fn.addEnvironment(SMS_ENV.region, sms.region);
  bindSecret(fn, 'smsCredentials', sms.secret);
}

/**
 * `<name>_SECRET_ID` (the secret's name or ARN) and `secretsmanager:GetSecretValue` on that one
 * secret. A name is granted as `<name>-??????`: Secrets Manager appends six random characters to
 * the ARN of every secret, and `?` matches exactly one, so no other secret's name fits.
 */
export function bindSecret(fn: NodejsFunction, name: SecretName, secret: string): void {
  fn.addEnvironment(SECRETS[name].id, secret);
  const arn =
    secret.startsWith('arn:') || Token.isUnresolved(secret)
      ? secret
      : Stack.of(fn).formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: `${secret}-??????`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
}

/** A name or ARN of a Secrets Manager secret, as context gives it. */
export function checkSecretId(key: string, value: string): string {
  if (!/^(arn:aws(-cn)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[\w/+=.@-]{1,512}$/.test(value))
    throw new Error(`context ${key} must be the name or ARN of a Secrets Manager secret, got "${value}"`);
  return value;
}

/**
 * A function that mails departments: `MAIL_*`, plus SES send permission for `ses`, or the SMTP
 * URL's secret (read at run time) for `smtp`.
 */
export function bindMail(fn: NodejsFunction, mail: MailSettings): void {
  fn.addEnvironment(MAIL_ENV.transport, mail.transport);
  fn.addEnvironment(MAIL_ENV.from, mail.from);
  if (mail.transport === 'smtp') {
    if (!mail.smtpSecret) throw new Error(`${fn.node.path}: mail transport smtp needs the SMTP URL's secret`);
    bindSecret(fn, 'smtpUrl', mail.smtpSecret);
    return;
  }
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      conditions: { StringEquals: { 'ses:FromAddress': mailAddress(mail.from) } },
    }),
  );
  suppressOnRole(fn, {
    id: 'AwsSolutions-IAM5',
    reason:
      'SES authorizes a send against the sender identity and, while the account is in the SES sandbox, ' +
      'each recipient identity, and recipients are departments added at run time: so identity/* of this ' +
      'account and region, limited by the ses:FromAddress condition to the one configured sender.',
    appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:ses:.*:identity\\/\\*$/g' }],
  });
}

/**
 * A function that uses a bucket: its name under `envVar`, and exactly the declared actions,
 * as a plain statement (the `grant*` helpers add more: `grantPut` adds `s3:PutObjectLegalHold`,
 * `s3:Abort*` and others, `grantReadWrite` adds `s3:DeleteObject*`). Object actions apply to
 * `<bucket>/*`, `s3:ListBucket` to the bucket itself. Anything else (Delete, retention bypass,
 * bucket configuration) is refused here, whatever a declaration says.
 */
export function bindBucket(
  fn: NodejsFunction,
  bucket: IBucket,
  envVar: string,
  actions: readonly S3Action[],
): void {
  if (actions.length === 0) return;
  const unknown = actions.filter((a) => a !== LIST_BUCKET && !OBJECT_ACTIONS.has(a));
  if (unknown.length > 0)
    throw new Error(`${fn.node.path}: S3 actions ${unknown.join(', ')} are not allowed on ${envVar}`);
  fn.addEnvironment(envVar, bucket.bucketName);

  const objectActions = [...new Set(actions.filter((a) => OBJECT_ACTIONS.has(a)))].sort();
  if (objectActions.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
    );
    suppressOnRole(fn, {
      id: 'AwsSolutions-IAM5',
      reason:
        `Object keys are made at run time (per tenant and case), so the grant names the objects of the ` +
        `${bucket.node.id} bucket (<bucket>/*), with exactly the actions the route declares ` +
        `(${objectActions.join(', ')}): no Delete, no retention bypass, nothing on any other bucket.`,
      appliesTo: [{ regex: `/^Resource::.*${escapeRegex(bucket.node.id)}.*\\/\\*$/g` }],
    });
  }
  if (actions.includes(LIST_BUCKET)) {
    fn.addToRolePolicy(new PolicyStatement({ actions: [LIST_BUCKET], resources: [bucket.bucketArn] }));
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `办成 <noreply@x.cn>` → `noreply@x.cn`; a bare address is returned as is. */
export function mailAddress(from: string): string {
  const address = (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
  if (!/^[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]+$/.test(address)) {
    throw new Error(`mail from must be one address or "Name <address>", got ${JSON.stringify(from)}`);
  }
  return address;
}

/** On the role and (applyToChildren) its DefaultPolicy, where `addToRolePolicy` lands. */
function suppressOnRole(
  fn: NodejsFunction,
  suppression: Parameters<typeof NagSuppressions.addResourceSuppressions>[1][number],
) {
  if (fn.role) NagSuppressions.addResourceSuppressions(fn.role, [suppression], true);
}
