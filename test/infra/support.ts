/**
 * Building the CDK app in tests: stub handler entries (NodejsFunction insists that its entry
 * exists even when bundling is skipped), no bundling, and readers for the synthesized template.
 */
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
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

export function nagErrors(stack: Stack) {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
}

/** The synthesized CloudFormation resource of a function. */
export function lambdaOf(stacks: Stacks, fn: ProjectFunction) {
  const logicalId = stacks.stateless.getLogicalId(fn.node.defaultChild as CfnElement);
  return { logicalId, ...Template.fromStack(stacks.stateless).toJSON().Resources[logicalId] };
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
  const roleId = stacks.stateless.getLogicalId(fn.role!.node.defaultChild as CfnElement);
  return Object.values(Template.fromStack(stacks.stateless).findResources('AWS::IAM::Policy'))
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
