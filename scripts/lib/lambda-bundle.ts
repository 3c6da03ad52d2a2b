/**
 * The esbuild options CDK's NodejsFunction uses for every function (infra/constructs/
 * project-function.ts: ESM, minified, Node 22, the AWS SDK inside), for the scripts and tests
 * that build a function the way it ships: the cold-start benchmark and the bundle-size test.
 */
import type { BuildOptions } from 'esbuild';
import { routes } from '../../shared/http/routes.ts';
import { workers } from '../../shared/workers.ts';

export const LAMBDA_BUNDLE = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Every function's entry: one per route-table entry (routes may share one) and one per worker. */
export function functionEntries(): string[] {
  return [...new Set([...routes.map((r) => r.entry), ...Object.values(workers).map((w) => w.entry)])];
}
