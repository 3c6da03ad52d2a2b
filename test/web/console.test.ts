/**
 * The console as the local front serves it, its API types and its size: the generated types are
 * those of the served OpenAPI document; any path the API does not take is the console (its own
 * routes fall back to index.html, a missing file is a 404); every console response carries the
 * security headers; the clerk's first load stays within its budget, no chunk passes 250 KB of gzip,
 * and ECharts comes only with the report screens.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLERK_FIRST_LOAD,
  chunkSizes,
  echartsFiles,
  filesFor,
  pageKeys,
  REPORT_SCREENS,
  screenLoad,
} from '../../scripts/console-size.ts';
import { apiTypes, SCHEMA_FILE } from '../../scripts/gen-api-types.ts';
import { contentSecurityPolicy } from '../../shared/http/security-headers.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

describe('the console on the local front', () => {
  it('serves index.html at / and at its own routes, with the security headers and no caching', async () => {
    for (const path of ['/', '/intake', '/case/case_01abc', '/sign-in', '/bulletin', '/scores']) {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="app"></div>');
    }
  });

  it('keeps every other path for the API: /cases without a token is 401, an unknown path 404', async () => {
    expect((await fetch(`${stack.url}/cases`)).status).toBe(401);
    expect((await fetch(`${stack.url}/case`)).status).toBe(404);
    expect((await fetch(`${stack.url}/nothing-here`)).status).toBe(404);
  });

  it('serves built assets as immutable and answers a missing file with 404', async () => {
    const html = await (await fetch(`${stack.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${stack.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${stack.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${stack.url}/.source-stamp`)).status).toBe(404);
    expect((await fetch(`${stack.url}/.vite/manifest.json`)).status).toBe(404);
  });

  it('tells the console to sign in with the local demo accounts, one per role', async () => {
    expect(await (await fetch(`${stack.url}/console-config.json`)).json()).toEqual({ auth: 'local' });
    const { accounts } = await (await fetch(`${stack.url}/_local/accounts`)).json();
    expect(Object.values(accounts).map((a) => (a as { label: string }).label)).toEqual([
      '窗口人员',
      '值班长',
      '中心主任',
      '承办单位',
      '县级督查',
      '市级督查',
      '省级督查',
      '管理员',
    ]);
  });
});

describe('the console build', () => {
  it('has API types generated from the served OpenAPI document (run `npm run gen:api` when this fails)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await apiTypes());
  });

  it('loads sign-in and intake in at most 450 KB of gzip JS and CSS', () => {
    expect(screenLoad(CLERK_FIRST_LOAD)).toBeLessThanOrEqual(450 * 1024);
  });

  it('keeps every chunk within 250 KB of gzip', () => {
    const chunks = chunkSizes();
    expect(chunks.length).toBeGreaterThan(5);
    for (const { file, gzip } of chunks) expect(gzip, file).toBeLessThanOrEqual(250 * 1024);
  });

  it('loads ECharts with the report screens only, never with the first load or another screen', () => {
    for (const screen of REPORT_SCREENS) expect(echartsFiles(filesFor([screen])), screen).not.toEqual([]);
    expect(echartsFiles(filesFor(['index.html', ...CLERK_FIRST_LOAD]))).toEqual([]);
    for (const screen of pageKeys().filter((k) => !REPORT_SCREENS.includes(k))) {
      expect(echartsFiles(filesFor([screen])), screen).toEqual([]);
    }
  });
});
