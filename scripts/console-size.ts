/**
 * What the console makes a browser download: for a set of screens, every JS and CSS file their
 * chunks pull in (static imports, transitively), gzip-compressed as served. Read from the Vite
 * manifest of web/dist. `npx tsx scripts/console-size.ts` prints each screen and the first
 * load of the window clerk (sign-in, then intake); the budget is checked in test/web.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '..', 'web', 'dist');

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

function manifest(): Record<string, Chunk> {
  return JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8'));
}

const gzipped = (file: string) => gzipSync(readFileSync(join(DIST, file))).length;

/** The files (JS and CSS) that loading these manifest keys fetches. */
export function filesFor(keys: readonly string[]): Set<string> {
  const m = manifest();
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = m[key];
    if (!chunk) throw new Error(`not in the console build: ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  for (const key of keys) visit(key);
  return files;
}

export function gzipBytes(files: Iterable<string>): number {
  let total = 0;
  for (const file of files) total += gzipped(file);
  return total;
}

/** The entry (index.html) plus the given screens' source files, as web/ names them. */
export function screenLoad(pages: readonly string[]): number {
  return gzipBytes(filesFor(['index.html', ...pages]));
}

/** Every JS file of the build with its gzip size: one lazy route's chunk must stay ≤ 250 KB. */
export function chunkSizes(): Array<{ file: string; gzip: number }> {
  return [...new Set(Object.values(manifest()).map((c) => c.file))]
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, gzip: gzipped(file) }));
}

/**
 * The files among these that carry ECharts: its instance attribute, which every ECharts build
 * (tree-shaken `echarts/core` too) writes on the chart's element.
 */
export function echartsFiles(files: Iterable<string>): string[] {
  return [...files].filter(
    (f) => f.endsWith('.js') && readFileSync(join(DIST, f), 'utf8').includes('_echarts_instance_'),
  );
}

/** The screens that draw charts: ECharts belongs in their chunks only. */
export const REPORT_SCREENS = ['src/pages/BulletinPage.vue'];

/** Every screen of the build, as web/ names its source file. */
export function pageKeys(): string[] {
  return Object.keys(manifest()).filter((k) => k.startsWith('src/pages/'));
}

export const CLERK_FIRST_LOAD = [
  'src/pages/SignInPage.vue',
  'src/layouts/ConsoleLayout.vue',
  'src/pages/IntakePage.vue',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('console (gzip, JS+CSS, with everything each loads):');
  for (const key of pageKeys()) {
    console.log(`  ${key.padEnd(34)} ${kb(screenLoad([key]))}`);
  }
  console.log(`  first load: sign-in + intake       ${kb(screenLoad(CLERK_FIRST_LOAD))} (budget 450 KB)`);
  const largest = chunkSizes().sort((a, b) => b.gzip - a.gzip)[0];
  if (largest) console.log(`  largest chunk: ${largest.file} ${kb(largest.gzip)} (budget 250 KB)`);
}
