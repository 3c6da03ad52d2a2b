/**
 * The web console's hosting: a private bucket behind CloudFront (origin access control), and the
 * HTTP API behind the same distribution, so the console calls its own origin (no CORS).
 *
 * - API behaviours: one per first path segment of the route table (`/cases*`, `/health*`, …),
 *   derived from shared/http/routes.ts, never a hand list; no caching, every viewer header but
 *   Host forwarded (API Gateway routes on its own host name), all methods.
 * - Default behaviour: the bucket. A CloudFront Function sends extensionless paths (the
 *   console's own routes, e.g. `/my/cases/123`) to `/index.html`; it runs on this behaviour only,
 *   so a 404 of the API stays a 404 and a missing asset stays an error.
 * - Every console response carries the headers of `consoleSecurityHeaders()`
 *   (shared/http/security-headers.ts) with the OIDC issuer's origin in the CSP.
 * - The console build (`web/dist`: index.html + assets/) is deployed by one BucketDeployment;
 *   index.html is revalidated on every load, the hashed `assets/*` are cached for a year.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { CONSOLE_PAGES } from '../../shared/http/console-routes.ts';
import type { Route } from '../../shared/http/route-types.ts';
import { consoleSecurityHeaders } from '../../shared/http/security-headers.ts';
import { type DeployStage, repoRoot } from './project-function.ts';

/** The console build the deployment takes (`npm run build:web`). */
export const CONSOLE_DIST = join(repoRoot, 'web', 'dist');
/** The console's content-hashed bundles (Vite's `assets/`). */
export const ASSETS_PATTERN = '/assets/*';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** CloudFront access logs: the Cybersecurity Law (网络安全法 art. 21) asks for six months. */
const CDN_LOG_DAYS = 366;

/** A custom domain for the distribution (required by CloudFront in the China regions). */
export interface ConsoleDomain {
  /** e.g. `bancheng.example.gov.cn` */
  name: string;
  /** ACM certificate in us-east-1 (global partition). */
  certificateArn?: string;
  /** IAM server certificate id (China: CloudFront there does not take ACM certificates). */
  iamCertificateId?: string;
}

export interface ConsoleHostingProps {
  stage: DeployStage;
  api: HttpApi;
  /** The route table: its first path segments become the API behaviours. */
  routes: readonly Route[];
  /** Origin of the OIDC issuer (a plain string or a token), allowed in the CSP. */
  oidcOrigin: string;
  /** Origin of the attachment bucket (presigned uploads from the browser), allowed in the CSP. */
  uploadOrigin?: string;
  /** Cognito's hosted sign-in domain (its token endpoint), allowed in the CSP. */
  signInOrigin?: string;
  /**
   * How the console signs people in (`/console-config.json`, read at run time): the OIDC issuer
   * and the console's client id. Locally the front answers `{auth: 'local'}` instead.
   */
  signIn: { authority: string; clientId: string };
  /** Folder with index.html and assets/; defaults to web/dist. */
  assetDir?: string;
  domain?: ConsoleDomain;
}

/**
 * One CloudFront path pattern per first segment of the route table: `/cases*` where a route is the
 * segment itself (`GET /cases`), `/s/*` where every route goes deeper (`/s/{token}`) — so that a
 * short segment never swallows a console page (`/s*` would take `/sign-in`). Throws when a console
 * page (shared/http/console-routes.ts) would still be sent to the API.
 */
export function apiPathPatterns(table: readonly Pick<Route, 'path'>[]): string[] {
  const segments = new Map<string, boolean>();
  for (const { path } of table) {
    const [, first, ...rest] = path.split('/');
    if (!first || first.includes('{'))
      throw new Error(`route path ${path}: the first segment must be a literal (it picks the origin)`);
    segments.set(first, (segments.get(first) ?? false) || rest.length === 0);
  }
  const patterns = [...segments].map(([s, bare]) => (bare ? `/${s}*` : `/${s}/*`));
  for (const page of Object.values(CONSOLE_PAGES)) {
    const sample = page.replace(/:\w+/g, 'x');
    const taken = patterns.find((p) => sample.startsWith(p.replace(/\*$/, '')));
    if (taken) throw new Error(`console page ${page} would go to the API by the pattern ${taken}`);
  }
  return patterns;
}

/**
 * The response-headers policy's security headers from the shared declaration. Every header of
 * `consoleSecurityHeaders()` must land somewhere: a value this mapping does not know throws, so
 * a change in the declaration cannot be dropped silently.
 */
export function cloudFrontHeaders(headers: Record<string, string>): {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeaders: { header: string; value: string; override: boolean }[];
} {
  const behavior: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {};
  const customHeaders: { header: string; value: string; override: boolean }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name) {
      case 'content-security-policy':
        behavior.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security': {
        const maxAge = /max-age=(\d+)/.exec(value)?.[1];
        if (!maxAge) throw new Error(`strict-transport-security without max-age: ${value}`);
        behavior.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(maxAge)),
          includeSubdomains: /includeSubDomains/i.test(value),
          preload: /preload/i.test(value),
          override: true,
        };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`x-content-type-options ${value} is not supported`);
        behavior.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const option = { DENY: HeadersFrameOption.DENY, SAMEORIGIN: HeadersFrameOption.SAMEORIGIN }[value];
        if (!option) throw new Error(`x-frame-options ${value} is not supported`);
        behavior.frameOptions = { frameOption: option, override: true };
        break;
      }
      case 'referrer-policy': {
        const policy = Object.values(HeadersReferrerPolicy).find((p) => p === value);
        if (!policy) throw new Error(`referrer-policy ${value} is not supported`);
        behavior.referrerPolicy = { referrerPolicy: policy, override: true };
        break;
      }
      case 'x-xss-protection':
        throw new Error('x-xss-protection: map it to xssProtection before declaring it');
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: behavior, customHeaders };
}

/**
 * The folder to deploy. A missing build is made with `npm run build:web` when the app really
 * synthesizes (bundling on); with bundling skipped (unit tests, `cdk synth --exclusively` of
 * other stacks) it is an error naming the fix, since a test must point at a fixture.
 */
export function consoleAssetDir(dir: string, bundling: boolean): string {
  if (existsSync(join(dir, 'index.html'))) return dir;
  const hint = `the console build ${dir}/index.html is missing: run \`npm run build:web\` (it writes web/dist) before cdk synth/deploy`;
  if (!bundling || dir !== CONSOLE_DIST) throw new Error(hint);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!pkg.scripts?.['build:web']) throw new Error(`${hint} (package.json has no build:web script yet)`);
  execFileSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`npm run build:web ran, but ${hint}`);
  return dir;
}

/** Viewer-request rewrite of the console's client-side routes (no dot in the last segment). */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export class ConsoleHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly headersPolicy: ResponseHeadersPolicy;
  /** `https://<custom domain>` or `https://<id>.cloudfront.net`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const keep = props.stage !== 'dev';
    const secure = {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
    };

    // CloudFront's standard logs are written with an ACL grant, so this bucket alone keeps
    // object-writer ownership; nothing else is stored here.
    this.logBucket = new Bucket(this, 'LogBucket', {
      ...secure,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ id: 'expire-cdn-logs', expiration: Duration.days(CDN_LOG_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.logBucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'This is the log bucket of the console distribution: logging its own accesses would log its log deliveries.',
      },
    ]);

    this.bucket = new Bucket(this, 'SiteBucket', {
      ...secure,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'Holds only the public console build; it is readable by the distribution alone (OAC), whose access ' +
          'logs record every read, and written only by the deployment.',
      },
    ]);

    const { securityHeadersBehavior, customHeaders } = cloudFrontHeaders(
      consoleSecurityHeaders({
        oidcOrigin: props.oidcOrigin,
        ...(props.uploadOrigin ? { uploadOrigin: props.uploadOrigin } : {}),
        ...(props.signInOrigin ? { signInOrigin: props.signInOrigin } : {}),
      }),
    );
    this.headersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'bancheng console: CSP and security headers from shared/http/security-headers.ts',
      securityHeadersBehavior,
      ...(customHeaders.length > 0 ? { customHeadersBehavior: { customHeaders } } : {}),
    });

    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      // Up to the HTTP API's own 30 s integration limit.
      readTimeout: Duration.seconds(30),
    });
    const apiBehavior = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // With caching disabled this forwards Authorization too; Host must stay API Gateway's.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    const spaFallback = new EdgeFunction(this, 'SpaFallback', {
      comment: 'console routes -> /index.html (default behaviour only)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_FALLBACK),
    });

    const assetHeaders = new ResponseHeadersPolicy(this, 'AssetHeaders', {
      comment: 'bancheng console: hashed bundles cached for a year, plus the security headers',
      securityHeadersBehavior,
      customHeadersBehavior: {
        customHeaders: [...customHeaders, { header: 'cache-control', value: IMMUTABLE, override: true }],
      },
    });
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);

    const domain = props.domain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `bancheng ${props.stage} console and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headersPolicy,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        ...Object.fromEntries(apiPathPatterns(props.routes).map((p) => [p, apiBehavior])),
        [ASSETS_PATTERN]: {
          origin: siteOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: assetHeaders,
        },
      },
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(domain?.certificateArn
        ? {
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
          }
        : {}),
    });
    if (domain?.iamCertificateId) {
      // CloudFront in China takes IAM server certificates only; Distribution has no prop for it.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [domain.name]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: domain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }
    this.url = domain ? `https://${domain.name}` : `https://${this.distribution.distributionDomainName}`;

    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: department contacts open action links wherever they are, and staff sign in ' +
          'from outside Sichuan on duty trips; the API is behind JWT and stage throttling.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL by default (~$8/month before requests, over the cost target): the API throttles per ' +
          'stage and validates every input; docs/operations.md describes adding one.',
      },
      ...(domain?.certificateArn
        ? []
        : domain?.iamCertificateId
          ? [
              {
                id: 'AwsSolutions-CFR4',
                reason:
                  'The viewer certificate (an IAM server certificate, China) is set by a property override ' +
                  'cdk-nag does not read: it enforces TLSv1.2_2021 (see the override above).',
              },
            ]
          : [
              {
                id: 'AwsSolutions-CFR4',
                reason:
                  'Without a custom domain the distribution serves the default *.cloudfront.net certificate, whose ' +
                  'minimum protocol CloudFront fixes; with -c domainName it is TLSv1.2_2021.',
              },
            ]),
    ]);

    this.deploy(props, keep);
  }

  private deploy(props: ConsoleHostingProps, keep: boolean): void {
    const bundling = Stack.of(this).bundlingRequired;
    const dir = consoleAssetDir(props.assetDir ?? CONSOLE_DIST, bundling);

    // The deployment handler's own role and log group: it writes only that log group, and
    // BucketDeployment adds exactly its reads of the asset and writes to the site bucket.
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'deploys the console build into the site bucket',
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const common = {
      destinationBucket: this.bucket,
      role,
      logGroup,
      memoryLimit: 512,
      // Old hashed assets stay for tabs still open on the previous build.
      prune: false,
    };
    // One deployment (each BucketDeployment brings its own AWS CLI layer): every object is
    // stored `no-cache`, so index.html is revalidated on each load; the `/assets/*` behaviour
    // overrides that for the content-hashed bundles, which never change under their name.
    new BucketDeployment(this, 'Deployment', {
      ...common,
      sources: [
        Source.asset(dir),
        Source.jsonData('console-config.json', {
          auth: 'oidc',
          authority: props.signIn.authority,
          clientId: props.signIn.clientId,
        }),
      ],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
    });
    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The CDK BucketDeployment handler copies a build of unknown file names: it needs the objects of ' +
            'the CDK asset bucket and of the site bucket (<bucket>/*), and CloudFront invalidation has no ' +
            'resource-level permission beyond the distribution.',
        },
      ],
      true,
    );
    // The handler is a singleton at stack level, outside this construct.
    const stack = Stack.of(this);
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      NagSuppressions.addResourceSuppressions(child, [
        {
          id: 'AwsSolutions-L1',
          reason: 'The runtime of the BucketDeployment handler is chosen by aws-cdk-lib, not by us.',
        },
      ]);
    }
  }
}
