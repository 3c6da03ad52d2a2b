/**
 * The pages people open on a phone — the reporter's status page (and its case-number form) and
 * the department's action page — in the real browser (Debian Chromium via playwright-core) at
 * 375 px: no horizontal scrolling, the main button at least 44 px high, and tapping it really
 * posts the plain form (no JavaScript on these pages). Screenshots land in `.tmp/mobile/`.
 *
 * Needs chromium and fonts-noto-cjk (`bash scripts/setup-browser.sh`); skipped with a warning
 * without them, failed under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATHS } from '../support/browser.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import {
  deliveredTo,
  intakeBody,
  setUpWebhookCentre,
  startTestStack,
  type TestStack,
} from '../support/stack.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../.tmp/mobile/', import.meta.url));
const executablePath = CHROMIUM_PATHS.find((p) => existsSync(p));
const fonts = /Noto (Sans|Serif) CJK/.test(
  spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).stdout ?? '',
);
const available = !!executablePath && fonts;
if (!available && process.env.CI === 'true') {
  describe('mobile page prerequisites', () => {
    it('are installed on CI (scripts/setup-browser.sh)', () => {
      expect.fail('missing chromium or fonts-noto-cjk');
    });
  });
} else if (!available) {
  console.warn(
    '⚠️  MOBILE BROWSER TEST SKIPPED: missing chromium or fonts-noto-cjk; run bash scripts/setup-browser.sh',
  );
}

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';

describe.skipIf(!available)('mobile pages at 375 px (Chromium)', () => {
  let stack: TestStack;
  let receiver: Receiver;
  let staff: string;
  let work: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startTestStack({ now: START });
    receiver = await startReceiver();
    await setUpWebhookCentre(stack, TENANT, receiver.url, {
      centre: '锦江区春熙路街道便民服务中心',
      department: '区人力资源和社会保障局',
    });
    staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
    work = mkdtempSync(join(tmpdir(), 'bancheng-mobile-'));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath,
      args: CHROMIUM_ARGS,
      env: { ...process.env, TMPDIR: work },
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    await receiver?.close();
    await stack?.close();
  });

  async function noHorizontalScroll() {
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(clientWidth).toBe(375);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  }

  async function tappable(selector: string) {
    const box = await page.locator(selector).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  }

  async function shot(name: string) {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }

  async function newCase(phone = '13812345678') {
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({
        reporter: { name: '王芳', phone },
        matter: '城乡居民养老保险参保登记及历年欠费补缴（含灵活就业人员身份认定）',
      }),
    });
    await stack.drain();
    const notice = await stack.call('GET', `/cases/${c.body.id}/notice`, { token: staff });
    const path = /\/s\/[A-Za-z0-9_-]{22}/.exec(notice.text)?.[0] ?? '';
    return { id: c.body.id as string, number: c.body.number as string, url: `${stack.url}${path}` };
  }

  it('the status page: no horizontal scroll; after closure the rating button is tappable and posts the rating', async () => {
    // Prepare
    const c = await newCase();
    const wo = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    await stack.drain();
    const dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
    await stack.call('POST', `/work-orders/${wo.body.id}/feedback`, {
      token: dept,
      body: {
        kind: 'result',
        content: '已办结',
        citizenReply: '您的参保登记已办好，欠费可在“天府市民云”APP或社保窗口补缴，无需再提交材料。',
      },
    });
    await page.goto(c.url);
    await noHorizontalScroll();
    await shot('status-open');
    await stack.call('POST', `/cases/${c.id}/close`, {
      token: staff,
      body: { outcome: 'resolved', resolution: '已办结' },
    });

    // Act
    await page.goto(c.url);
    await noHorizontalScroll();
    await tappable('#rate button[type=submit]');
    await shot('status-closed');
    await page.locator('input[name=satisfaction][value="4"]').check();
    await page.locator('#comment').fill('比以前快多了');
    await page.locator('#rate button[type=submit]').tap();
    await page.waitForURL(/done=rated/);

    // Assert
    await expect.poll(() => page.locator('.notice').textContent()).toContain('感谢您的评价');
    expect(await page.locator('body').textContent()).toContain('4 分 · 满意');
    await noHorizontalScroll();
    await shot('status-rated');
    const got = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(got.body.citizenRating).toMatchObject({ satisfaction: 4, comment: '比以前快多了' });
  });

  it('the case-number form: tappable, and a match opens the status page', async () => {
    const c = await newCase('13900005566');
    await page.goto(`${stack.url}/status`);
    await noHorizontalScroll();
    await tappable('button[type=submit]');
    await page.locator('#caseNumber').fill(c.number);
    await page.locator('#lastFour').fill('5566');
    await shot('lookup');
    await page.locator('button[type=submit]').tap();
    await page.waitForURL(/\/s\//);
    expect(await page.locator('h1').textContent()).toContain('办理进度');
    expect(await page.locator('body').textContent()).toContain(c.number);
  });

  it('the department page: no horizontal scroll; the 签收 button is tappable and signs for the order by form post', async () => {
    // Prepare
    const c = await newCase();
    const wo = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: {
        departmentId: 'shebao',
        category: 'general',
        otherRequirements: '请于办结后电话回复反映人，并上传办理凭证照片',
      },
    });
    await stack.drain();
    const sent = deliveredTo(receiver.received, wo.body.id);
    await page.goto(sent.data.actions.ack);
    await noHorizontalScroll();
    await tappable('#ack button[type=submit]');
    await shot('department-delivered');

    // Act
    await page.locator('#ack-officer').fill('王科员');
    await page.locator('#ack button[type=submit]').tap();
    await page.waitForURL(/done=ack/);

    // Assert
    expect(await page.locator('.notice').textContent()).toContain('已签收');
    expect(await page.locator('[data-field="state"]').textContent()).toContain('已签收');
    await noHorizontalScroll();
    await tappable('#feedback button[type=submit]');
    await shot('department-acknowledged');
    const after = await stack.call('GET', `/work-orders/${wo.body.id}`, { token: staff });
    expect(after.body.acknowledgedBy.name).toBe('王科员');
  });

  it('the department page: the evidence form is labelled and tappable at 375 px, and a file uploaded without JavaScript becomes a case attachment', async () => {
    // Prepare
    const c = await newCase();
    const wo = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    await stack.drain();
    const sent = deliveredTo(receiver.received, wo.body.id);
    const photo = join(work, '整改现场照片.png');
    // A real 1×1 PNG.
    writeFileSync(
      photo,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    await page.goto(sent.data.actions.feedback);
    await page.locator('#evidence').scrollIntoViewIfNeeded();
    await noHorizontalScroll();
    await tappable('#evidence button[type=submit]');
    await tappable('#evidence-file');
    // Every control of the form has its visible label.
    for (const id of ['evidence-file', 'evidence-note', 'evidence-officer']) {
      expect(await page.locator(`label[for="${id}"]`).isVisible()).toBe(true);
    }
    await shot('department-evidence-form');

    // Act
    await page.locator('#evidence-file').setInputFiles(photo);
    await page.locator('#evidence-note').fill('整改后现场照片');
    await page.locator('#evidence-officer').fill('王科员');
    await page.locator('#evidence button[type=submit]').tap();
    await page.waitForURL(/done=evidence/);

    // Assert
    expect(await page.locator('.notice').textContent()).toContain('材料已上传');
    expect(await page.locator('#evidence-list').textContent()).toContain('整改现场照片.png');
    await noHorizontalScroll();
    await shot('department-evidence-done');
    const list = await stack.call('GET', `/cases/${c.id}/attachments`, { token: staff });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      fileName: '整改现场照片.png',
      contentType: 'image/png',
      status: 'stored',
      workOrderId: wo.body.id,
      createdBy: { name: '王科员' },
    });
  });

  it('a bad link shows the Chinese page with the number to call, readable at 375 px', async () => {
    await page.goto(`${stack.url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    await noHorizontalScroll();
    expect(await page.locator('h1').textContent()).toContain('链接无效');
    await tappable('a.button');
    await shot('status-invalid');
  });
});
