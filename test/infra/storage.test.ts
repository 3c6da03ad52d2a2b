import { App, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromContext } from '../../infra/app.ts';
import { BUCKET_ENV, type BucketKey } from '../../infra/constructs/bindings.ts';
import type { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { DEFAULT_ROUTE_TIMEOUT_SECONDS, functionSpecs } from '../../infra/stacks/stateless-stack.ts';
import { type Route, routes } from '../../shared/http/routes.ts';
import {
  actionsOf,
  buildStacks,
  envOf,
  lambdaOf,
  nagErrors,
  resourcesOf,
  routeFn,
  type Stacks,
  statelessStacks,
  statementsOf,
  stubEntries,
} from './support.ts';

const stubs = stubEntries('storage-entries');
const HOOK_TIMEOUT = 180_000;
const build = (context: Record<string, unknown>) => buildStacks(stubs.entryRoot, context);

const ARCHIVE_CASE = 'functions/archive/archive-case.ts';
const GET_ATTACHMENT = 'functions/archive/get-attachment.ts';
const GET_ARCHIVE = 'functions/archive/get-archive.ts';
const TRACE_EVENTS = 'functions/archive/trace-events.ts';
const BUCKET_KEYS: BucketKey[] = ['attachments', 'archive'];

beforeAll(() => stubs.create());
afterAll(() => stubs.remove());

/** The stateful logical ids of the buckets; stateless references carry them in their export names. */
function bucketIds(stacks: Stacks): Record<BucketKey | 'logs', string> {
  const id = (bucket: { node: { defaultChild?: unknown } }) =>
    stacks.stateful.getLogicalId(bucket.node.defaultChild as CfnElement);
  return {
    attachments: id(stacks.stateful.attachmentBucket),
    archive: id(stacks.stateful.archiveBucket),
    logs: id(stacks.stateful.accessLogBucket),
  };
}

function bucketResource(template: Template, logicalId: string) {
  const resource = template.toJSON().Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  return resource;
}

/** The policy statements of the bucket policy of the bucket with this logical id. */
function bucketPolicyStatements(template: Template, logicalId: string): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::S3::BucketPolicy'))
    .filter((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: logicalId }))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/**
 * A function's S3 permissions as `{ bucket: { objects: [...], bucket: [...] } }`: which
 * actions it has on the objects (`<bucket>/*`) and on the bucket itself, per bucket.
 */
function s3Grants(stacks: Stacks, fn: ProjectFunction) {
  const ids = bucketIds(stacks);
  const grants: Record<string, { objects: string[]; bucket: string[] }> = {};
  for (const st of statementsOf(stacks, fn)) {
    const actions = actionsOf(st).filter((a) => a.startsWith('s3:'));
    if (actions.length === 0) continue;
    expect(st['Effect']).toBe('Allow');
    for (const resource of resourcesOf(st)) {
      const text = JSON.stringify(resource);
      const key = (Object.keys(ids) as (keyof typeof ids)[]).find((k) => text.includes(ids[k]));
      if (!key) throw new Error(`S3 grant on an unknown resource ${text}`);
      const onObjects = text.endsWith('"/*"]]}');
      grants[key] ??= { objects: [], bucket: [] };
      const entry = grants[key];
      (onObjects ? entry.objects : entry.bucket).push(...actions);
    }
  }
  for (const entry of Object.values(grants)) {
    entry.objects.sort();
    entry.bucket.sort();
  }
  return grants;
}

/** What the declarations say a function's grants must be (see `functionSpecs`). */
function declaredGrants(buckets: Record<BucketKey, readonly string[]>) {
  const grants: Record<string, { objects: string[]; bucket: string[] }> = {};
  for (const key of BUCKET_KEYS) {
    const actions = buckets[key];
    if (actions.length === 0) continue;
    grants[key] = {
      objects: actions.filter((a) => a !== 's3:ListBucket').sort(),
      bucket: actions.filter((a) => a === 's3:ListBucket'),
    };
  }
  return grants;
}

/** Every S3 action in any IAM policy of either stack (not bucket policies, which only deny or admit S3's logging). */
/** S3 actions in every IAM policy but the console deployment's (it copies the build, see console.test.ts). */
function allIamS3Actions(stacks: Stacks): string[] {
  const deployer = stacks.stateless.getLogicalId(
    stacks.stateless.console.node.findChild('DeploymentRole').node.defaultChild as CfnElement,
  );
  return [stacks.stateful, ...statelessStacks(stacks)].flatMap((stack) =>
    Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) !== JSON.stringify([{ Ref: deployer }]))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[])
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('s3:') || a === '*'),
  );
}

describe('dev stage: buckets and what the functions may do with them', () => {
  let stacks: Stacks;
  let stateful: Template;
  let stateless: Template;
  let ids: ReturnType<typeof bucketIds>;

  beforeAll(() => {
    stacks = build({ stage: 'dev' });
    stateful = Template.fromStack(stacks.stateful);
    stateless = Template.fromStack(stacks.stateless);
    ids = bucketIds(stacks);
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions with no unsuppressed errors in either stack', () => {
    expect(nagErrors(stacks.stateful)).toEqual([]);
    expect(nagErrors(stacks.stateless)).toEqual([]);
  });

  it('creates three buckets and no auto-delete custom resource', () => {
    stateful.resourceCountIs('AWS::S3::Bucket', 3);
    expect(JSON.stringify(stateful.toJSON())).not.toContain('AutoDeleteObjects');
    stateful.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('locks the archive: Object Lock, compliance mode, 1 day by default in dev, versioned, always retained', () => {
    const archive = bucketResource(stateful, ids.archive);
    expect(archive.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(archive.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Years).toBeUndefined();
    expect(archive.DeletionPolicy).toBe('Retain');
    expect(archive.UpdateReplacePolicy).toBe('Retain');
  });

  it('encrypts every bucket with SSE-S3, blocks public access, disables ACLs and denies non-TLS and TLS < 1.2', () => {
    for (const id of Object.values(ids)) {
      const bucket = bucketResource(stateful, id);
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
      expect(bucket.Properties.AccessControl).toBeUndefined();

      const statements = bucketPolicyStatements(stateful, id);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        }),
      );
      // Nothing but S3's own log delivery is ever allowed by a bucket policy.
      for (const st of statements.filter((s) => s['Effect'] === 'Allow')) {
        expect(st['Principal']).toEqual({ Service: 'logging.s3.amazonaws.com' });
        expect(st['Action']).toBe('s3:PutObject');
      }
    }
  });

  it('logs access to the attachment and archive buckets into the access-log bucket, by bucket policy', () => {
    expect(bucketResource(stateful, ids.attachments).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: ids.logs },
      LogFilePrefix: 'attachments/',
    });
    expect(bucketResource(stateful, ids.archive).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: ids.logs },
      LogFilePrefix: 'archive/',
    });
    const logs = bucketResource(stateful, ids.logs);
    expect(logs.Properties.LoggingConfiguration).toBeUndefined();
    expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: 366, Status: 'Enabled' }),
    ]);
    const delivery = bucketPolicyStatements(stateful, ids.logs).filter((s) => s['Effect'] === 'Allow');
    expect(delivery).toHaveLength(2);
    for (const st of delivery) {
      expect(JSON.stringify(st['Condition'])).toContain('aws:SourceAccount');
      expect(JSON.stringify(st['Condition'])).toContain('aws:SourceArn');
    }
  });

  it('versions attachments, aborts stale multipart uploads after a day and expires old versions after 90 days', () => {
    const attachments = bucketResource(stateful, ids.attachments);
    expect(attachments.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(attachments.Properties.ObjectLockEnabled).toBeUndefined();
    expect(attachments.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
      }),
    ]);
    // No web origin configured (no webOrigins, no publicBaseUrl): no CORS rule at all.
    expect(attachments.Properties.CorsConfiguration).toBeUndefined();
  });

  it('lets dev tear down the attachment and log buckets, but never the archive', () => {
    expect(bucketResource(stateful, ids.attachments).DeletionPolicy).toBe('Delete');
    expect(bucketResource(stateful, ids.logs).DeletionPolicy).toBe('Delete');
    expect(bucketResource(stateful, ids.archive).DeletionPolicy).toBe('Retain');
  });

  it('lets archiveCase put objects with retention in the archive, and nothing on attachments', () => {
    expect(s3Grants(stacks, routeFn(stacks, ARCHIVE_CASE))).toEqual({
      archive: { objects: ['s3:PutObject', 's3:PutObjectRetention'], bucket: [] },
    });
  });

  it('lets getAttachment only read attachment objects', () => {
    expect(s3Grants(stacks, routeFn(stacks, GET_ATTACHMENT))).toEqual({
      attachments: { objects: ['s3:GetObject'], bucket: [] },
    });
  });

  it('lets getArchive read archive objects and list the archive bucket (ListBucket on the bucket ARN)', () => {
    expect(s3Grants(stacks, routeFn(stacks, GET_ARCHIVE))).toEqual({
      archive: { objects: ['s3:GetObject'], bucket: ['s3:ListBucket'] },
    });
  });

  it('grants every function exactly the S3 actions its routes declare, and workers none', () => {
    for (const spec of functionSpecs(routes)) {
      expect(s3Grants(stacks, routeFn(stacks, spec.entry)), spec.entry).toEqual(declaredGrants(spec.buckets));
    }
    for (const fn of stacks.stateless.workerFunctions.values()) expect(s3Grants(stacks, fn)).toEqual({});
  });

  it('grants no function Delete, retention bypass, bucket configuration or any S3 wildcard', () => {
    const actions = allIamS3Actions(stacks);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(
      new Set(['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention', 's3:ListBucket']),
    );
    for (const action of actions) {
      expect(action).not.toContain('*');
      expect(action).not.toMatch(/Delete|Bypass|Put(Bucket|Lifecycle|Encryption)|Legal/);
    }
  });

  it('sets ATTACHMENT_BUCKET / ARCHIVE_BUCKET to the bucket names, only where a route declares the bucket', () => {
    for (const spec of functionSpecs(routes)) {
      const env = envOf(stacks, routeFn(stacks, spec.entry));
      for (const key of BUCKET_KEYS) {
        const value = env[BUCKET_ENV[key]];
        if (spec.buckets[key].length === 0) {
          expect(value, `${spec.entry} ${BUCKET_ENV[key]}`).toBeUndefined();
        } else {
          expect(value, `${spec.entry} ${BUCKET_ENV[key]}`).toEqual({
            'Fn::ImportValue': expect.stringContaining(`ExportsOutputRef${ids[key]}`),
          });
        }
      }
    }
    for (const fn of stacks.stateless.workerFunctions.values()) {
      expect(envOf(stacks, fn).ATTACHMENT_BUCKET).toBeUndefined();
      expect(envOf(stacks, fn).ARCHIVE_BUCKET).toBeUndefined();
    }
    expect(envOf(stacks, routeFn(stacks, ARCHIVE_CASE)).ATTACHMENT_BUCKET).toBeUndefined();
    expect(envOf(stacks, routeFn(stacks, GET_ATTACHMENT)).ARCHIVE_BUCKET).toBeUndefined();
  });

  it('honours timeoutSeconds: archiveCase and traceEvents get 29 s, the rest the 10 s default', () => {
    expect(lambdaOf(stacks, routeFn(stacks, ARCHIVE_CASE)).Properties.Timeout).toBe(29);
    expect(lambdaOf(stacks, routeFn(stacks, TRACE_EVENTS)).Properties.Timeout).toBe(29);
    for (const spec of functionSpecs(routes)) {
      const declared = Math.max(...spec.routes.map((r) => r.timeoutSeconds ?? DEFAULT_ROUTE_TIMEOUT_SECONDS));
      expect(lambdaOf(stacks, routeFn(stacks, spec.entry)).Properties.Timeout, spec.entry).toBe(declared);
    }
  });

  it('exports the bucket names and never hard-codes the aws partition', () => {
    stateful.hasOutput('AttachmentBucketName', { Value: { Ref: ids.attachments } });
    stateful.hasOutput('ArchiveBucketName', { Value: { Ref: ids.archive } });
    for (const template of [stateful, stateless]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
    }
  });
});

describe('prod stage with web origins', () => {
  let stacks: Stacks;
  let stateful: Template;
  let ids: ReturnType<typeof bucketIds>;

  beforeAll(() => {
    stacks = build({
      stage: 'prod',
      alarmEmail: 'ops@example.cn',
      webOrigins: 'https://bancheng.example.gov.cn/, https://admin.example.gov.cn:8443',
      publicBaseUrl: 'https://api.example.gov.cn',
    });
    stateful = Template.fromStack(stacks.stateful);
    ids = bucketIds(stacks);
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions with no unsuppressed errors in either stack', () => {
    expect(nagErrors(stacks.stateful)).toEqual([]);
    expect(nagErrors(stacks.stateless)).toEqual([]);
  });

  it('locks archive objects for 3653 days (compliance) by default', () => {
    expect(bucketResource(stateful, ids.archive).Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3653 } },
    });
  });

  it('retains every bucket in prod', () => {
    for (const id of Object.values(ids)) {
      expect(bucketResource(stateful, id).DeletionPolicy).toBe('Retain');
      expect(bucketResource(stateful, id).UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('allows presigned browser uploads and downloads from exactly the configured origins', () => {
    expect(bucketResource(stateful, ids.attachments).Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: ['https://bancheng.example.gov.cn', 'https://admin.example.gov.cn:8443'],
          AllowedMethods: ['PUT', 'GET', 'HEAD'],
          AllowedHeaders: ['content-type', 'x-amz-checksum-sha256', 'content-length'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3600,
        },
      ],
    });
    expect(bucketResource(stateful, ids.archive).Properties.CorsConfiguration).toBeUndefined();
  });

  it('keeps the archive function at 29 s and its grants unchanged', () => {
    expect(lambdaOf(stacks, routeFn(stacks, ARCHIVE_CASE)).Properties.Timeout).toBe(29);
    expect(s3Grants(stacks, routeFn(stacks, ARCHIVE_CASE))).toEqual({
      archive: { objects: ['s3:PutObject', 's3:PutObjectRetention'], bucket: [] },
    });
  });
});

describe('prod stage defaults and overrides', () => {
  it(
    'takes the CORS origin from publicBaseUrl when webOrigins is not given',
    () => {
      const stacks = build({
        stage: 'prod',
        alarmEmail: 'ops@example.cn',
        publicBaseUrl: 'https://bancheng.example.gov.cn/app',
      });
      const attachments = bucketResource(Template.fromStack(stacks.stateful), bucketIds(stacks).attachments);
      expect(attachments.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual([
        'https://bancheng.example.gov.cn',
      ]);
      expect(Annotations.fromStack(stacks.stateful).findWarning('*', Match.stringLikeRegexp('CORS'))).toEqual(
        [],
      );
    },
    HOOK_TIMEOUT,
  );

  it(
    'warns without any web origin, and when the archive retention is overridden below ten years',
    () => {
      const stacks = build({ stage: 'prod', alarmEmail: 'ops@example.cn', archiveRetentionDays: '30' });
      const ids = bucketIds(stacks);
      const stateful = Template.fromStack(stacks.stateful);
      expect(bucketResource(stateful, ids.attachments).Properties.CorsConfiguration).toBeUndefined();
      expect(
        bucketResource(stateful, ids.archive).Properties.ObjectLockConfiguration.Rule.DefaultRetention,
      ).toEqual({ Mode: 'COMPLIANCE', Days: 30 });
      const warnings = Annotations.fromStack(stacks.stateful)
        .findWarning('*', Match.anyValue())
        .map((w) => String(w.entry.data));
      expect(warnings.some((w) => w.includes('no CORS rule'))).toBe(true);
      expect(warnings.some((w) => w.includes('archive default retention is 30 days'))).toBe(true);
      expect(nagErrors(stacks.stateful)).toEqual([]);
    },
    HOOK_TIMEOUT,
  );
});

describe('context and declarations', () => {
  const options = (context: Record<string, unknown>) => optionsFromContext(new App({ context }));

  it('reads webOrigins as a list of origins and refuses anything wider', () => {
    expect(options({}).webOrigins).toBeUndefined();
    expect(options({ webOrigins: 'https://a.example.cn/, http://localhost:5173' }).webOrigins).toEqual([
      'https://a.example.cn',
      'http://localhost:5173',
    ]);
    expect(() => options({ webOrigins: '*' })).toThrow(/webOrigins/);
    expect(() => options({ webOrigins: 'https://*.example.cn' })).toThrow(/webOrigins/);
    expect(() => options({ webOrigins: 'http://example.cn' })).toThrow(/webOrigins/);
    expect(() => options({ webOrigins: 'https://example.cn/upload' })).toThrow(/webOrigins/);
  });

  it('reads archiveRetentionDays as whole days from 1 to 36500', () => {
    expect(options({}).archiveRetentionDays).toBeUndefined();
    expect(options({ archiveRetentionDays: '3653' }).archiveRetentionDays).toBe(3653);
    expect(options({ archiveRetentionDays: 7 }).archiveRetentionDays).toBe(7);
    for (const bad of ['0', 'ten', '1.5', '36501', -1]) {
      expect(() => options({ archiveRetentionDays: bad })).toThrow(/archiveRetentionDays/);
    }
  });

  const route = (over: Partial<Route>): Route => ({
    id: 'x',
    method: 'GET',
    path: '/x',
    entry: 'functions/x.ts',
    roles: 'public',
    table: 'none',
    summary: 'x',
    tag: 'x',
    ...over,
  });

  it('merges the S3 actions and takes the longest timeout of routes sharing a handler', () => {
    const [spec] = functionSpecs([
      route({ id: 'a', timeoutSeconds: 5, buckets: { attachments: ['s3:GetObject'] } }),
      route({ id: 'b', timeoutSeconds: 20, buckets: { attachments: ['s3:PutObject', 's3:GetObject'] } }),
      route({ id: 'c', buckets: { archive: ['s3:ListBucket'] } }),
    ]);
    expect(spec?.timeoutSeconds).toBe(20);
    expect(spec?.buckets).toEqual({
      attachments: ['s3:GetObject', 's3:PutObject'],
      archive: ['s3:ListBucket'],
    });
    expect(functionSpecs([route({ timeoutSeconds: 3 })])[0]?.timeoutSeconds).toBe(3);
    expect(functionSpecs([route({})])[0]?.timeoutSeconds).toBe(DEFAULT_ROUTE_TIMEOUT_SECONDS);
  });

  it('refuses a route timeout the HTTP API cannot wait for', () => {
    expect(() => functionSpecs([route({ timeoutSeconds: 31 })])).toThrow(/timeoutSeconds/);
    expect(() => functionSpecs([route({ timeoutSeconds: 0 })])).toThrow(/timeoutSeconds/);
  });
});
