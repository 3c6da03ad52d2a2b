/**
 * The CDK app: a stateful stack (table, queues, scheduler, identity, alarms) handed to a
 * stateless stack (HTTP API + functions) as typed props, both checked by cdk-nag.
 *
 *   npx cdk synth -c stage=prod -c oidcIssuer=https://id.example.cn -c oidcAudience=bancheng \
 *     -c alarmEmail=ops@example.cn
 *
 * Context keys: `stage` (dev | prod, default dev), `oidcIssuer` + `oidcAudience` (comma-separated;
 * replaces the Cognito user pool, e.g. in AWS China regions), `alarmEmail`,
 * `publicBaseUrl` (https origin of the signed action links, e.g. a custom domain; default the
 * HTTP API's own execute-api endpoint), `mailTransport` (ses | smtp, default ses), `mailFrom`
 * (default `noreply@bancheng.example.gov.cn`, a placeholder: set a verified sender for prod) and
 * `smtpSecret` (required with smtp: the name or ARN of the Secrets Manager secret whose value is
 * the SMTP URL, password included). AWS China regions have no SES:
 *
 *   npx cdk synth -c mailTransport=smtp -c mailFrom='办成 <noreply@zwfw.example.gov.cn>' \
 *     -c smtpSecret=bancheng/smtp-url
 *
 * Text messages to reporters (the dispatch worker): `smsTransport=tencent` with `smsSignName`,
 * `smsSdkAppId`, `smsTemplateIds` (`intake=…,transfer=…,result=…,closure=…,follow_up_invitation=…`),
 * `smsRegion` (optional) and `smsSecret` (name or ARN of the secret holding
 * `{"secretId":"…","secretKey":"…"}`). Without `smsTransport` no SMS settings are passed (a prod
 * synth warns: reporters then get no text messages).
 *
 * No secret value is ever in a template or a function's environment: functions get a secret's
 * id and read it at run time, cached five minutes (shared/adapters/secrets.ts), so a rotation
 * needs no deploy (docs/operations.md, "Secrets and rotation").
 *
 * Storage: `webOrigins` (comma-separated `https://host[:port]` origins, `http://localhost:port`
 * allowed for a local front end against dev) are the pages that PUT/GET attachments with
 * presigned URLs, i.e. the attachment bucket's CORS rule. Default: the origin of `publicBaseUrl`
 * when that is set, otherwise no CORS rule at all (browsers then cannot use the presigned URLs;
 * a prod synth warns). `*` is refused. `archiveRetentionDays` overrides the archive bucket's
 * default Object Lock retention (compliance mode; 3653 days in prod, 1 in dev). It only covers
 * objects written without a retention of their own: the application puts an explicit
 * retain-until on every archive object (10 years in prod, 1 day otherwise), which wins. Raising
 * it is always possible; objects already written keep their retention whatever it says later.
 *
 * `indexStep` (0 … `indexSteps` of shared/table.ts) is for a stage that still has the indexes
 * this release replaces: CloudFormation creates or deletes one GSI per update, so such a stage
 * deploys its stateful stack once per step (docs/operations.md, "Replacing an index"). Without
 * it the table gets `table.indexes`, which is all a new stage needs.
 *
 * Account and region come from CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION when set; otherwise the
 * stacks are environment-agnostic, so synth needs no credentials. The `cdk` CLI always sets
 * CDK_DEFAULT_REGION (us-east-1 when no profile or AWS_REGION says otherwise), and the region then
 * appears literally in ARNs built with formatArn: synth for the region you deploy to.
 */
import { pathToFileURL } from 'node:url';
import { Annotations, App, Aspects, type Environment, Tags } from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseTemplateIds } from '../shared/adapters/sms-sender.ts';
import { indexSteps, table } from '../shared/table.ts';
import { checkSecretId, type MailSettings, mailAddress, type SmsSettings } from './constructs/bindings.ts';
import type { ConsoleDomain } from './constructs/console-hosting.ts';
import type { DeployStage } from './constructs/project-function.ts';
import {
  ARCHIVE_RETENTION_DAYS,
  type OidcSettings,
  type QueueKey,
  type QueuePair,
  StatefulStack,
} from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';
/** A placeholder until a verified sender is configured (`-c mailFrom=...`). */
export const DEFAULT_MAIL_FROM = 'noreply@bancheng.example.gov.cn';

/**
 * `global` (default) or `china`: AWS China (cn-north-1 Beijing, cn-northwest-1 Ningxia) has no
 * Cognito user pools, no SES and no X-Ray integration in Lambda, and CloudFront there serves
 * only an ICP-recorded custom domain with an IAM server certificate (see docs/operations.md).
 */
export type Profile = 'global' | 'china';

export interface BanchengAppOptions {
  stage: DeployStage;
  /** Context `profile`; implied `china` by a cn-* region. */
  profile?: Profile;
  oidc?: OidcSettings;
  alarmEmail?: string;
  /** Origin of the action links; defaults to the HTTP API's endpoint. */
  publicBaseUrl?: string;
  mail: MailSettings;
  /** The SMS provider; none: the functions that text reporters get no SMS settings. */
  sms?: SmsSettings;
  /** CORS origins of the attachment bucket; defaults to the origin of `publicBaseUrl`, else none. */
  webOrigins?: string[];
  /** Default Object Lock retention of the archive bucket; defaults to 3653 (prod) / 1 (dev) days. */
  archiveRetentionDays?: number;
  /** Where the stage stands in an index replacement (StatefulStackProps); none: `table.indexes`. */
  indexStep?: number;
  env?: Environment;
  /** Where route entries are resolved; defaults to the repository root (see StatelessStack). */
  entryRoot?: string;
  /** The console build to deploy; defaults to web/dist (built by `npm run build:web` when missing). */
  consoleDir?: string;
  /** Custom domain of the console distribution, with its certificate. */
  domain?: ConsoleDomain;
}

export interface BanchengStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Read the options from CDK context (`-c key=value` or cdk.json) and CDK_DEFAULT_* env vars. */
export function optionsFromContext(app: App): BanchengAppOptions {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
    return value.trim();
  };

  const profile = text('profile');
  if (profile !== undefined && profile !== 'global' && profile !== 'china')
    throw new Error(`context profile must be global or china, got "${profile}"`);

  const stage = text('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod')
    throw new Error(`context stage must be dev or prod, got "${stage}"`);

  const issuer = text('oidcIssuer');
  const audience = (text('oidcAudience') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (issuer && !issuer.startsWith('https://')) throw new Error('context oidcIssuer must be an https:// URL');
  if (issuer && audience.length === 0) throw new Error('context oidcIssuer needs oidcAudience as well');
  if (!issuer && audience.length > 0) throw new Error('context oidcAudience given without oidcIssuer');

  const alarmEmail = text('alarmEmail');

  const publicBaseUrl = text('publicBaseUrl')?.replace(/\/+$/, '');
  if (publicBaseUrl && !/^https:\/\/[^/\s]+(\/\S*)?$/.test(publicBaseUrl))
    throw new Error('context publicBaseUrl must be an https:// URL');

  if (text('actionLinkSecretVersion'))
    throw new Error(
      'context actionLinkSecretVersion is no longer used: functions read the action-link key at run time ' +
        '(docs/operations.md, "Secrets and rotation")',
    );

  const transport = text('mailTransport') ?? 'ses';
  if (transport !== 'ses' && transport !== 'smtp')
    throw new Error(`context mailTransport must be ses or smtp, got "${transport}"`);
  const from = text('mailFrom') ?? DEFAULT_MAIL_FROM;
  mailAddress(from); // throws on anything but one address
  if (text('smtpUrl'))
    throw new Error(
      'context smtpUrl is replaced by smtpSecret=<name or ARN of the secret whose value is the SMTP URL>: ' +
        'functions read it at run time, never from their environment',
    );
  const smtpSecret = text('smtpSecret');
  if (transport === 'smtp' && !smtpSecret) throw new Error('context mailTransport=smtp needs smtpSecret');
  if (transport === 'ses' && smtpSecret)
    throw new Error('context smtpSecret given without mailTransport=smtp');
  if (smtpSecret) checkSecretId('smtpSecret', smtpSecret);
  const sms = smsFromContext(text);

  const webOrigins = (text('webOrigins') ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of webOrigins) {
    if (!/^(https:\/\/[a-z0-9.-]+|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/i.test(origin))
      throw new Error(
        `context webOrigins must list https:// origins (scheme, host, optional port; no path or *), got "${origin}"`,
      );
  }

  const archiveRetention: unknown = app.node.tryGetContext('archiveRetentionDays');
  let archiveRetentionDays: number | undefined;
  if (archiveRetention !== undefined && archiveRetention !== null && archiveRetention !== '') {
    const days =
      typeof archiveRetention === 'number' ? archiveRetention : Number(String(archiveRetention).trim());
    if (!Number.isInteger(days) || days < 1 || days > 36_500)
      throw new Error(`context archiveRetentionDays must be a whole number of days from 1 to 36500`);
    archiveRetentionDays = days;
  }

  const indexStep = indexStepFromContext(app.node.tryGetContext('indexStep'));

  const domainName = text('domainName')?.toLowerCase();
  const certificateArn = text('certificateArn');
  const iamCertificateId = text('iamCertificateId');
  if (domainName && !/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(domainName))
    throw new Error(
      `context domainName must be a host name such as bancheng.example.gov.cn, got "${domainName}"`,
    );
  if (domainName && !certificateArn && !iamCertificateId)
    throw new Error('context domainName needs certificateArn (ACM, us-east-1) or iamCertificateId (China)');
  if (!domainName && (certificateArn || iamCertificateId))
    throw new Error('context certificateArn / iamCertificateId given without domainName');
  if (certificateArn && iamCertificateId)
    throw new Error('context certificateArn and iamCertificateId exclude each other');
  if (certificateArn && !/^arn:aws:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn))
    throw new Error(
      'context certificateArn must be an ACM certificate ARN in us-east-1 (CloudFront reads it there)',
    );

  const account = process.env['CDK_DEFAULT_ACCOUNT'];
  const region = process.env['CDK_DEFAULT_REGION'];
  return {
    stage,
    ...(profile ? { profile } : {}),
    ...(issuer ? { oidc: { issuer, audience } } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    mail: { transport, from, ...(smtpSecret ? { smtpSecret } : {}) },
    ...(sms ? { sms } : {}),
    ...(webOrigins.length > 0 ? { webOrigins } : {}),
    ...(archiveRetentionDays !== undefined ? { archiveRetentionDays } : {}),
    ...(indexStep !== undefined ? { indexStep } : {}),
    ...(domainName
      ? {
          domain: {
            name: domainName,
            ...(certificateArn ? { certificateArn } : {}),
            ...(iamCertificateId ? { iamCertificateId } : {}),
          },
        }
      : {}),
    ...(account || region ? { env: { account, region } } : {}),
  };
}

/** Add both stacks and the cdk-nag checks to `app`; `opts` override what the context says. */
export function buildApp(app: App, opts: Partial<BanchengAppOptions> = {}): BanchengStacks {
  const options: BanchengAppOptions = { ...optionsFromContext(app), ...opts };
  const profile = resolveProfile(options);
  // Plain CloudFormation exports (Fn::ImportValue): CloudFormation then refuses to delete or change
  // a stateful output the stateless stack still uses. Set here so tests and `cdk synth` agree.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  }
  if (options.stage === 'prod' && !options.alarmEmail)
    throw new Error(
      'stage prod needs -c alarmEmail=<an address that reads the alarms>: alarms must reach someone',
    );
  const prefix = `Bancheng-${options.stage}`;
  const webOrigins =
    options.webOrigins ??
    (options.publicBaseUrl
      ? [new URL(options.publicBaseUrl).origin]
      : options.domain
        ? [`https://${options.domain.name}`]
        : []);

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    stage: options.stage,
    env: options.env,
    description: `bancheng ${options.stage}: table, queues, buckets, scheduler, identity, alarms`,
    terminationProtection: options.stage === 'prod',
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.archiveRetentionDays !== undefined
      ? { archiveRetentionDays: options.archiveRetentionDays }
      : {}),
    ...(options.indexStep !== undefined ? { indexStep: options.indexStep } : {}),
    webOrigins,
  });
  if (options.stage === 'prod' && webOrigins.length === 0) {
    Annotations.of(stateful.attachmentBucket).addWarningV2(
      'bancheng:web-origins',
      'the attachment bucket has no CORS rule, so browsers cannot upload or download with the presigned ' +
        'URLs: set -c webOrigins=https://<the web front end> (or -c publicBaseUrl)',
    );
  }
  const retention = options.archiveRetentionDays;
  if (options.stage === 'prod' && retention !== undefined && retention < ARCHIVE_RETENTION_DAYS.prod) {
    Annotations.of(stateful.archiveBucket).addWarningV2(
      'bancheng:archive-retention',
      `archive default retention is ${retention} days, under the ten years (${ARCHIVE_RETENTION_DAYS.prod} ` +
        'days) filed records are kept: objects written without their own retention unlock sooner',
    );
  }

  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    stage: options.stage,
    env: options.env,
    description: `bancheng ${options.stage}: HTTP API and functions`,
    table: stateful.table,
    queues: workQueues(stateful),
    buckets: stateful.buckets,
    auth: stateful.auth,
    scheduler: {
      groupName: stateful.scheduleGroupName,
      role: stateful.schedulerRole,
      deadLetterQueue: stateful.schedulerDeadLetterQueue,
    },
    actionLinkSecret: stateful.actionLinkSecret,
    mail: options.mail,
    ...(options.sms ? { sms: options.sms } : {}),
    alarmTopic: stateful.alarmTopic,
    workerFailureQueue: stateful.workerFailureQueue,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    ...(options.entryRoot ? { entryRoot: options.entryRoot } : {}),
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    xray: profile !== 'china',
    ...(options.domain ? { domain: options.domain } : {}),
  });

  // The functions read every index of `table.indexes`: before a step has created them all, only
  // the stateful stack may deploy. An error on the stateless stack fails `cdk deploy --all` (or of
  // that stack) and leaves `cdk deploy <prefix>-Stateful` alone, since the CLI checks what it deploys.
  const absent = Object.values(table.indexes)
    .map((i) => i.name)
    .filter((name) => !stateful.indexes.some((i) => i.name === name));
  if (absent.length > 0)
    Annotations.of(stateless).addError(
      `indexStep ${options.indexStep} leaves out ${absent.join(', ')}, which these functions read: at this ` +
        `step deploy only ${prefix}-Stateful (docs/operations.md, "Replacing an index")`,
    );

  if (options.stage === 'prod' && !options.sms) {
    Annotations.of(stateless).addWarningV2(
      'bancheng:sms',
      'no SMS provider configured, so reporters get no text messages: set -c smsTransport=tencent ' +
        '-c smsSignName=… -c smsSdkAppId=… -c smsTemplateIds=… -c smsSecret=…',
    );
  }
  if (options.stage === 'prod' && options.mail.from === DEFAULT_MAIL_FROM) {
    Annotations.of(stateless).addWarningV2(
      'bancheng:mail-from',
      `mail goes out from the placeholder ${DEFAULT_MAIL_FROM}: set -c mailFrom=<a verified sender>`,
    );
  }

  Tags.of(app).add('project', 'bancheng');
  Tags.of(app).add('stage', options.stage);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { stateful, stateless };
}

/**
 * The profile the options ask for (context `profile`, or `china` for a cn-* region), checked:
 * a China synth that would create what the China regions do not have (a Cognito user pool, SES
 * grants, a distribution on the default domain or with an ACM certificate) fails here, naming
 * the context keys to set, instead of failing at deploy time.
 */
export function resolveProfile(options: BanchengAppOptions): Profile {
  const region = options.env?.region;
  const cnRegion = region?.startsWith('cn-') ?? false;
  if (options.profile === 'global' && cnRegion)
    throw new Error(`profile global cannot deploy to ${region}: an AWS China region (use -c profile=china)`);
  const profile: Profile = options.profile ?? (cnRegion ? 'china' : 'global');
  if (profile === 'global') return profile;
  if (region && !cnRegion)
    throw new Error(`profile china needs an AWS China region (cn-north-1, cn-northwest-1), got ${region}`);
  const problems: string[] = [];
  if (!options.oidc)
    problems.push(
      'no Cognito user pools in the China regions: set -c oidcIssuer=https://... -c oidcAudience=...',
    );
  if (options.mail.transport !== 'smtp')
    problems.push('no SES in the China regions: set -c mailTransport=smtp -c smtpSecret=... -c mailFrom=...');
  if (!options.domain)
    problems.push(
      'CloudFront in China serves no default domain: set -c domainName=<an ICP-recorded domain> -c iamCertificateId=...',
    );
  else if (!options.domain.iamCertificateId)
    problems.push(
      'CloudFront in China takes no ACM certificate: upload it to IAM and set -c iamCertificateId=...',
    );
  if (problems.length > 0) throw new Error(`profile china: ${problems.join('; ')}`);
  return profile;
}

/** The `sms*` context keys, checked: all of them with `smsTransport`, none without. */
function smsFromContext(text: (key: string) => string | undefined): SmsSettings | undefined {
  const transport = text('smsTransport');
  const given = SMS_KEYS.filter((key) => text(key) !== undefined);
  if (!transport) {
    if (given.length > 0) throw new Error(`context ${given.join(', ')} given without smsTransport`);
    return undefined;
  }
  if (transport !== 'tencent') throw new Error(`context smsTransport must be tencent, got "${transport}"`);
  const missing = SMS_REQUIRED.filter((key) => text(key) === undefined);
  if (missing.length > 0) throw new Error(`context smsTransport=tencent needs ${missing.join(', ')}`);
  const templateIds = text('smsTemplateIds')!;
  parseTemplateIds(templateIds); // throws naming the message kind without a template
  const region = text('smsRegion');
  return {
    transport,
    signName: text('smsSignName')!,
    sdkAppId: text('smsSdkAppId')!,
    templateIds,
    ...(region ? { region } : {}),
    secret: checkSecretId('smsSecret', text('smsSecret')!),
  };
}

/**
 * Context `indexStep`: a whole number from 0 to `indexSteps`, from `-c indexStep=2` (a string) or
 * cdk.json (a number); absent or empty: undefined, the final set of indexes.
 */
function indexStepFromContext(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const step =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(step) || step < 0 || step > indexSteps)
    throw new Error(
      `context indexStep must be a whole number from 0 to ${indexSteps} (docs/operations.md, ` +
        `"Replacing an index"), got ${JSON.stringify(value)}`,
    );
  return step;
}

const SMS_REQUIRED = ['smsSignName', 'smsSdkAppId', 'smsTemplateIds', 'smsSecret'] as const;
const SMS_KEYS = [...SMS_REQUIRED, 'smsRegion'] as const;

function workQueues(stateful: StatefulStack): Record<QueueKey, IQueue> {
  const result: Partial<Record<QueueKey, IQueue>> = {};
  for (const [key, pair] of Object.entries(stateful.queues) as [QueueKey, QueuePair][])
    result[key] = pair.queue;
  return result as Record<QueueKey, IQueue>;
}

// Run as the CDK app (`npx tsx infra/app.ts`), not when imported by tests.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = new App();
  buildApp(app);
  app.synth();
}
