import { runInNewContext } from 'node:vm';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSETS_PATTERN,
  apiPathPatterns,
  CONSOLE_DIST,
  cloudFrontHeaders,
  consoleAssetDir,
} from '../../infra/constructs/console-hosting.ts';
import { routes } from '../../shared/http/routes.ts';
import { consoleSecurityHeaders, contentSecurityPolicy } from '../../shared/http/security-headers.ts';
import { buildStacks, CONSOLE_FIXTURE, envOf, nagErrors, type Stacks, stubEntries } from './support.ts';

const stubs = stubEntries('console');
/** Synthesized CloudFormation JSON, read loosely. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
type Json = any;
const HOOK_TIMEOUT = 120_000;
/** AWS managed policies (ids are fixed by CloudFront). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

beforeAll(() => stubs.create());
afterAll(() => stubs.remove());

describe('console hosting (dev, Cognito)', () => {
  let stacks: Stacks;
  let template: Template;
  let config: Json;

  beforeAll(() => {
    stacks = buildStacks(stubs.entryRoot, { stage: 'dev' });
    template = Template.fromStack(stacks.stateless);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    config = distribution!.Properties.DistributionConfig;
  }, HOOK_TIMEOUT);

  it('passes cdk-nag AwsSolutions with the console in the stack', () => {
    expect(nagErrors(stacks.stateless)).toEqual([]);
  });

  it('serves a private bucket through origin access control, readable only by this distribution', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    const s3Origin = config.Origins.find((o: Json) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    const bucketId = stacks.stateless.getLogicalId(
      stacks.stateless.console.bucket.node.defaultChild as CfnElement,
    );
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('routes every first path segment of the route table to the HTTP API, uncached, all headers but Host', () => {
    const behaviours = (config.CacheBehaviors as Json[]).filter((b) => b.PathPattern !== ASSETS_PATTERN);
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns(routes).sort());
    const apiOrigin = config.Origins.find((o: Json) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('execute-api');
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    for (const b of behaviours) {
      expect(b.TargetOriginId).toBe(apiOrigin.Id);
      expect(b.CachePolicyId).toBe(CACHING_DISABLED);
      expect(b.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST);
      expect(b.AllowedMethods).toHaveLength(7);
      expect(b.FunctionAssociations).toBeUndefined();
    }
  });

  it('rewrites only the console’s own paths to index.html, never API errors', () => {
    // No distribution-wide error pages: they would turn the API's 404s into the console page.
    expect(config.CustomErrorResponses).toBeUndefined();
    const fallback = config.DefaultCacheBehavior.FunctionAssociations;
    expect(fallback).toHaveLength(1);
    expect(fallback[0].EventType).toBe('viewer-request');
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
    const code: string = fn!.Properties.FunctionCode;
    const rewrite = (uri: string) =>
      (runInNewContext(`${code}; handler({ request: { uri: ${JSON.stringify(uri)} } })`) as { uri: string })
        .uri;
    expect(rewrite('/cases/2026-000123')).toBe('/index.html');
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js');
    expect(rewrite('/favicon.ico')).toBe('/favicon.ico');
  });

  it('adds the shared security headers, CSP allowing the Cognito issuer and the upload bucket, to console responses', () => {
    const policyId = stacks.stateless.getLogicalId(
      stacks.stateless.console.headersPolicy.node.defaultChild as CfnElement,
    );
    const headers = template.toJSON().Resources[policyId].Properties.ResponseHeadersPolicyConfig;
    const csp = JSON.stringify(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' https://cognito-idp.");
    // The browser uploads attachments to their bucket by presigned PUT: that origin is allowed too.
    expect(csp).toMatch(/connect-src [^;]*AttachmentBucket[^;]*RegionalDomainName/);
    expect(headers.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 31_536_000,
        IncludeSubdomains: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    expect(headers.CustomHeadersConfig.Items).toEqual([
      { Header: 'permissions-policy', Value: consoleSecurityHeaders()['permissions-policy'], Override: true },
    ]);
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
  });

  it('deploys the build revalidated (index.html invalidated), the hashed assets cached a year', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')).map(
      (d) => d.Properties,
    );
    expect(deployments).toHaveLength(1);
    // The console's sign-in settings ride along as /console-config.json: a second source whose
    // issuer and client id are the deployment's own (filled in at deploy time from markers).
    expect(deployments[0]!.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(deployments[0]!.SourceMarkers[1])).toContain('UserPool');
    expect(deployments[0]).toMatchObject({
      DistributionPaths: ['/index.html'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      Prune: false,
    });
    const assets = (config.CacheBehaviors as Json[]).find((b) => b.PathPattern === ASSETS_PATTERN)!;
    expect(assets.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
    const policy =
      template.toJSON().Resources[assets.ResponseHeadersPolicyId.Ref].Properties.ResponseHeadersPolicyConfig;
    expect(policy.CustomHeadersConfig.Items).toContainEqual({
      Header: 'cache-control',
      Value: 'public, max-age=31536000, immutable',
      Override: true,
    });
    expect(policy.SecurityHeadersConfig.ContentSecurityPolicy).toBeDefined();
  });

  it('logs viewer requests to a bucket kept a year', () => {
    const logBucketId = stacks.stateless.getLogicalId(
      stacks.stateless.console.logBucket.node.defaultChild as CfnElement,
    );
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logBucketId, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 366, Status: 'Enabled' })] },
    });
  });

  it('points the action links at the distribution, which serves the API paths', () => {
    // The transfer function is in its area's nested stack: the domain arrives as a parameter
    // that the parent fills from the distribution.
    const fn = stacks.stateless.functions.get('functions/work-orders/transfer.ts')!;
    const distributionId = stacks.stateless.getLogicalId(
      stacks.stateless.console.distribution.node.defaultChild as CfnElement,
    );
    const url = envOf(stacks, fn).PUBLIC_BASE_URL as { 'Fn::Join': [string, [string, { Ref: string }]] };
    expect(url['Fn::Join'][1][0]).toBe('https://');
    const parameter = url['Fn::Join'][1][1].Ref;
    const nested = Object.values(template.findResources('AWS::CloudFormation::Stack')).find(
      (r) => r.Properties.Parameters?.[parameter] !== undefined,
    );
    expect(nested?.Properties.Parameters[parameter]).toEqual({
      'Fn::GetAtt': [distributionId, 'DomainName'],
    });
  });
});

describe('console declarations', () => {
  it('derives one path pattern per first segment, covering every route and no console page', () => {
    const patterns = apiPathPatterns(routes);
    expect(patterns).toContain('/cases*');
    expect(patterns).toContain('/openapi.json*');
    expect(new Set(patterns).size).toBe(patterns.length);
    const matches = (path: string) => patterns.some((p) => path.startsWith(p.slice(0, -1)));
    for (const route of routes) expect(matches(route.path)).toBe(true);
    for (const page of [
      '/sign-in',
      '/intake',
      '/ledger',
      '/case/case_1',
      '/auth/callback',
      '/bulletin',
      '/scores',
    ]) {
      expect(matches(page), page).toBe(false);
    }
    expect(matches('/')).toBe(false);
    expect(matches('/index.html')).toBe(false);
    expect(matches('/assets/index.js')).toBe(false);
    // CloudFront allows 25 cache behaviours per distribution by default.
    expect(patterns.length).toBeLessThanOrEqual(24);
  });

  it('keeps a short segment whose routes all go deeper from taking console pages (/s/* not /s*)', () => {
    expect(apiPathPatterns([{ path: '/s/{token}' }, { path: '/cases' }, { path: '/cases/{id}' }])).toEqual([
      '/s/*',
      '/cases*',
    ]);
    expect(() => apiPathPatterns([{ path: '/sign' }])).toThrow(/console page \/sign-in would go to the API/);
  });

  it('refuses a route whose first segment is a parameter', () => {
    expect(() => apiPathPatterns([{ path: '/{tenantId}/cases' }])).toThrow(/first segment must be a literal/);
  });

  it('maps every shared security header, and refuses a value CloudFront cannot express', () => {
    const { securityHeadersBehavior, customHeaders } = cloudFrontHeaders(
      consoleSecurityHeaders({ oidcOrigin: 'https://id.example.cn' }),
    );
    expect(securityHeadersBehavior.contentSecurityPolicy?.contentSecurityPolicy).toBe(
      contentSecurityPolicy({ oidcOrigin: 'https://id.example.cn' }),
    );
    expect(customHeaders.map((h) => h.header)).toEqual(['permissions-policy']);
    expect(() => cloudFrontHeaders({ 'x-frame-options': 'ALLOW-FROM https://x.cn' })).toThrow(
      /not supported/,
    );
  });

  it('fails a synth without the console build with a message naming npm run build:web', () => {
    expect(consoleAssetDir(CONSOLE_FIXTURE, false)).toBe(CONSOLE_FIXTURE);
    expect(() => consoleAssetDir(`${CONSOLE_FIXTURE}-missing`, true)).toThrow(/npm run build:web/);
    expect(() => consoleAssetDir(CONSOLE_DIST.replace('dist', 'dist-missing'), false)).toThrow(
      /npm run build:web/,
    );
  });
});

describe('signing in to the console through Cognito (authorization code + PKCE)', () => {
  let stacks: Stacks;
  beforeAll(() => {
    stacks = buildStacks(stubs.entryRoot, { stage: 'dev', webOrigins: 'https://bancheng.example.gov.cn' });
  }, HOOK_TIMEOUT);

  it('gives the console a code-flow client that returns to /auth/callback on its origin, and a hosted sign-in domain', () => {
    const stateful = Template.fromStack(stacks.stateful);
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://bancheng.example.gov.cn/auth/callback'],
      LogoutURLs: ['https://bancheng.example.gov.cn/sign-in'],
      GenerateSecret: false,
    });
    stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('lets the browser call the hosted sign-in domain (token endpoint) under the CSP', () => {
    const policies = Object.values(
      Template.fromStack(stacks.stateless).findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    ).map((p) => JSON.stringify(p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig ?? {}));
    expect(policies.some((p) => /connect-src [^;]*SignInDomain/.test(p))).toBe(true);
  });
});
