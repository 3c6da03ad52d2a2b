/**
 * Building the CDK app in tests: stub handler entries (NodejsFunction insists that its entry
 * exists even when bundling is skipped), no bundling, and readers for the synthesized template.
 */
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BanchengAppOptions, buildApp } from '../../infra/app.ts';
import { type ProjectFunction, repoRoot } from '../../infra/constructs/project-function.ts';
import { NOT_FOUND_ENTRY } from '../../infra/stacks/stateless-stack.ts';
import { routes } from '../../shared/http/routes.ts';
import { type Worker, workers } from '../../shared/workers.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
/** A two-file console build (index.html + assets/app.js) standing in for web/dist. */
export const CONSOLE_FIXTURE = join(repoRoot, 'test', 'infra', 'fixtures', 'console');

/**
 * Stub handlers for every route and worker entry under a git-ignored `.tmp/` folder inside the
 * repository (entries must sit under the project root), named per test file and process so
 * parallel files never remove each other's. Call `create` in beforeAll, `remove` in afterAll.
 */
export function stubEntries(name: string) {
  const entryRoot = join(repoRoot, 'test', 'infra', '.tmp', `${name}-${process.pid}`);
  const entries = [
    ...new Set([
      ...routes.map((r) => r.entry),
      ...(Object.values(workers) as Worker[]).map((w) => w.entry),
      NOT_FOUND_ENTRY,
    ]),
  ];
  return {
    entryRoot,
    create(): void {
      for (const entry of entries) {
        const file = join(entryRoot, entry);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, 'export const handler = async () => ({ statusCode: 200 });\n');
      }
    },
    remove(): void {
      rmSync(entryRoot, { recursive: true, force: true });
      try {
        rmdirSync(dirname(entryRoot)); // only when no parallel run still has stubs there
      } catch {}
    },
  };
}

export const ACCOUNT = '123456789012';

/** A complete AWS China prod context (OIDC, SMTP, an ICP-recorded domain with an IAM certificate). */
export const CHINA_CONTEXT = {
  stage: 'prod',
  alarmEmail: 'ops@example.cn',
  oidcIssuer: 'https://id.sczwfw.example.cn/realms/bancheng',
  oidcAudience: 'bancheng-web',
  mailTransport: 'smtp',
  mailFrom: '办成 <noreply@sczwfw.example.gov.cn>',
  smtpSecret: 'bancheng/smtp-url',
  domainName: 'bancheng.sczwfw.example.gov.cn',
  iamCertificateId: 'ASCAEXAMPLECERTIFICATE1',
};

/** Both stacks from `context` (as `-c key=value` would give it), without bundling. */
export function buildStacks(
  entryRoot: string,
  context: Record<string, unknown>,
  opts: Partial<BanchengAppOptions> = {},
) {
  return buildApp(new App({ context: { ...NO_BUNDLING, ...context } }), {
    entryRoot,
    consoleDir: CONSOLE_FIXTURE,
    ...opts,
  });
}

export type Stacks = ReturnType<typeof buildStacks>;

/**
 * cdk-nag's unsuppressed errors on a stack (its nested stacks included). Read from the app's
 * cached cloud assembly: `Annotations.fromStack` would synthesize the whole app again each call.
 */
export function nagErrors(stack: Stack) {
  const assembly = (stack.node.root as App).synth();
  return assembly
    .getStackArtifact(stack.artifactId)
    .messages.filter((m) => m.entry.type === 'aws:cdk:error' && /AwsSolutions-/.test(String(m.entry.data)));
}

/** The stateless stack and its nested stacks (one per route area). */
export function statelessStacks(stacks: Stacks): Stack[] {
  return [stacks.stateless, ...stacks.stateless.areas.values()];
}

/** Every resource of the stateless stack and its nested stacks, as one template. */
export function statelessTemplate(stacks: Stacks): Template {
  const resources: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {};
  for (const stack of statelessStacks(stacks)) {
    const json = Template.fromStack(stack).toJSON();
    for (const [id, resource] of Object.entries(json.Resources ?? {})) {
      if (id in resources) throw new Error(`logical id ${id} in two stateless stacks`);
      resources[id] = resource;
    }
    if (stack === stacks.stateless) Object.assign(outputs, json.Outputs ?? {});
  }
  return Template.fromJSON({ Resources: resources, Outputs: outputs });
}

/** The synthesized CloudFormation resource of a function (in whichever stack holds it). */
export function lambdaOf(stacks: Stacks, fn: ProjectFunction) {
  void stacks;
  const stack = Stack.of(fn);
  const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
  return { logicalId, ...Template.fromStack(stack).toJSON().Resources[logicalId] };
}

export function envOf(stacks: Stacks, fn: ProjectFunction): Record<string, unknown> {
  return lambdaOf(stacks, fn).Properties.Environment.Variables;
}

export function routeFn(stacks: Stacks, entry: string): ProjectFunction {
  const fn = stacks.stateless.functions.get(entry);
  if (!fn) throw new Error(`no function for ${entry}`);
  return fn;
}

/** Every statement of the policies attached to a function's role. */
export function statementsOf(stacks: Stacks, fn: ProjectFunction): Record<string, unknown>[] {
  void stacks;
  const stack = Stack.of(fn);
  const roleId = stack.getLogicalId(fn.role!.node.defaultChild as CfnElement);
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

export function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement['Action'];
  return Array.isArray(action) ? action : [action as string];
}

export function resourcesOf(statement: Record<string, unknown>): unknown[] {
  const resource = statement['Resource'];
  return Array.isArray(resource) ? resource : [resource];
}
