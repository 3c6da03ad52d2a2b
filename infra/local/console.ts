/**
 * The web console on the local front: `npm start` (and the browser tests) build web/ into
 * web/dist when its sources changed since the last build, and the front serves the files with
 * the same security headers CloudFront adds in AWS. Any GET that no API route takes is the
 * console's when it is a file of the build or one of the console's pages (shared/http/console-routes.ts:
 * index.html); anything else stays the API's 404.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { isConsolePage } from '../../shared/http/console-routes.ts';
import { consoleSecurityHeaders } from '../../shared/http/security-headers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'web');
export const CONSOLE_DIST = join(WEB, 'dist');
const STAMP = join(CONSOLE_DIST, '.source-stamp');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** What the build depends on: the console's sources, its config and the locked dependencies. */
function sourceStamp(): string {
  const inputs = [
    ...filesUnder(join(WEB, 'src')),
    join(WEB, 'index.html'),
    join(WEB, 'vite.config.ts'),
    join(ROOT, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(ROOT, file)).update(readFileSync(file));
  return hash.digest('hex');
}

/** Builds the console unless web/dist already holds a build of these very sources. */
export async function ensureConsoleBuilt(): Promise<{ built: boolean; ms: number }> {
  const started = performance.now();
  const stamp = sourceStamp();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return { built: false, ms: 0 };
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, stamp);
  return { built: true, ms: Math.round(performance.now() - started) };
}

/** What the console needs to know at run time: how people sign in here. */
export const LOCAL_CONSOLE_CONFIG = { auth: 'local' } as const;

function sendFile(res: ServerResponse, file: string, cache: string): void {
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cache,
    ...consoleSecurityHeaders(),
  });
  res.end(readFileSync(file));
}

/** Serves a console path (GET/HEAD not taken by the API). Returns false when there is nothing to serve. */
export function serveConsole(pathname: string, res: ServerResponse): boolean {
  if (pathname === '/console-config.json') {
    res.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store' });
    res.end(JSON.stringify(LOCAL_CONSOLE_CONFIG));
    return true;
  }
  const index = join(CONSOLE_DIST, 'index.html');
  // Build bookkeeping (.source-stamp, .vite/manifest.json) is not served.
  if (!existsSync(index) || pathname.split('/').some((segment) => segment.startsWith('.'))) return false;
  const file = normalize(join(CONSOLE_DIST, pathname));
  const inside = file.startsWith(CONSOLE_DIST + sep);
  if (inside && existsSync(file) && statSync(file).isFile()) {
    const immutable = file.startsWith(join(CONSOLE_DIST, 'assets') + sep);
    sendFile(res, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return true;
  }
  if (!isConsolePage(pathname)) return false;
  sendFile(res, index, 'no-cache');
  return true;
}
