/**
 * The real browser the console's tests drive: Debian's Chromium through playwright-core
 * (`npx playwright install` cannot download browsers here; `bash scripts/setup-browser.sh`
 * installs Chromium and the CJK fonts). Fails with that instruction when it is missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export async function launchChromium(): Promise<Browser> {
  const executablePath = CHROMIUM_PATHS.find((p) => existsSync(p));
  if (!executablePath) {
    throw new Error(
      'Chromium is missing: run `bash scripts/setup-browser.sh` (as root) or `apt-get install -y chromium fonts-noto-cjk`',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.tmp', 'console');

/** A screenshot for a person to look at (in .tmp/console/, git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** No horizontal scrolling: the page is no wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'page is wider than the screen').toBeLessThanOrEqual(innerWidth);
}

/** Every visible control a finger taps is at least 40 px high. */
export async function expectTouchTargets(page: Page, min = 40): Promise<void> {
  const small = await page.evaluate((least) => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, .el-input__wrapper, .el-textarea__inner, .el-select__wrapper, .el-radio, .el-checkbox, a.card, input[type=file]',
    );
    return Array.from(controls)
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({
        text: (el.innerText || el.className).slice(0, 40),
        height: el.getBoundingClientRect().height,
      }))
      .filter((c) => c.height > 0 && c.height < least);
  }, min);
  expect(small, 'controls smaller than a finger').toEqual([]);
}

/**
 * A fresh page for the console, as a clerk's browser would be: Chinese, in a time zone other than
 * Asia/Shanghai (so that a time shown in the wrong zone shows up), patient on a busy machine.
 */
export async function consolePage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/** Opens `path` and signs in with the local demo account whose button starts with `role`. */
export async function signInAs(page: Page, baseUrl: string, role: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('button', { name: new RegExp(`^${role}`) }).click();
}
