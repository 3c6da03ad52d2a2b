/**
 * 管理 in the console, in real Chromium against the local stack with the demo centre: the admin
 * adds a webhook department pointing at a receiver started here (a plain node http server on
 * 127.0.0.1, which the local URL guard allows), sees its signing secret once, sends a test
 * delivery and sees it delivered — and the receiver got a correctly signed `delivery.test`; the
 * admin edits a centre's office hours; a director manages only its own centre's departments; the
 * catalogue and the calendar override screens save; every screen at 375 px.
 */
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_TENANT } from '../../infra/local/accounts.ts';
import {
  consolePage,
  expectNoHorizontalScroll,
  expectTouchTargets,
  PHONE,
  screenshot,
  signInAs,
} from '../support/browser.ts';
import { type ConsoleStack, startConsoleStack } from '../support/console-stack.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import type { TestStack } from '../support/stack.ts';

let stack: TestStack;
let browser: Browser;
let env: ConsoleStack | undefined;
let receiver: Receiver;

beforeAll(async () => {
  env = await startConsoleStack('2026-11-16T10:00:00+08:00');
  ({ stack, browser } = env);
  receiver = await startReceiver();
  // A second centre the director must never see.
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', '/tenants/510105002', {
    token: admin,
    body: { name: '青羊区少城街道便民服务中心' },
  });
  await stack.call('PUT', '/tenants/510105002/departments/qingyang', {
    token: admin,
    body: {
      name: '青羊区住建局',
      level: 'county',
      delivery: { email: { address: 'zj@qingyang.example.gov.cn' } },
    },
  });
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await env?.close();
});

const field = (page: Page, label: string) =>
  page.locator('.el-dialog .el-form-item').filter({ has: page.getByText(label, { exact: true }) });

function verifySignature(secret: string, received: Receiver['received'][number]) {
  // The receiver checks the timestamp against its own clock, which reads the stack's time here.
  vi.useFakeTimers({ toFake: ['Date'], now: stack.clock.now() });
  try {
    return new Webhook(secret).verify(received.body, received.headers as Record<string, string>) as {
      type: string;
      data: { test: boolean; message: string };
    };
  } finally {
    vi.useRealTimers();
  }
}

describe('管理 for the provincial operator (管理员)', () => {
  it('adds a webhook department, sees its secret once, sends a test and sees it delivered, correctly signed', async () => {
    // Prepare
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '管理员');
    const centre = page.locator(`[data-tenant="${DEMO_TENANT}"]`);
    await centre.getByRole('link', { name: '承办单位' }).click();
    await expect.poll(() => page.locator('[data-department]').count()).toBe(2);

    // Act: a URL the guard refuses first, then the receiver
    await page.getByRole('button', { name: '新建承办单位' }).click();
    await page.getByLabel('单位编码', { exact: true }).fill('ceshi');
    await page.getByLabel('单位名称', { exact: true }).fill('锦江区测试局');
    await page.locator('.el-dialog .el-radio').filter({ hasText: '县级' }).click();
    await page.getByLabel('Webhook 地址', { exact: true }).fill('ftp://example.gov.cn/hook');
    await page.getByRole('button', { name: '保存承办单位' }).click();
    await expect
      .poll(() => field(page, 'Webhook 地址').locator('.el-form-item__error').innerText())
      .toMatch(/网址/);
    await page.getByLabel('Webhook 地址', { exact: true }).fill(receiver.url);
    await page.getByRole('button', { name: '保存承办单位' }).click();

    // Assert: the secret once, with its warning
    const secretDialog = page.locator('.el-dialog').filter({ hasText: '签名密钥' });
    await expect.poll(() => secretDialog.isVisible()).toBe(true);
    expect(await secretDialog.innerText()).toContain('只显示这一次');
    const secret = await secretDialog.getByLabel('签名密钥', { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'admin-department-secret-1280');
    await secretDialog.getByRole('button', { name: '我已保存，关闭' }).click();
    await expect.poll(() => secretDialog.isVisible()).toBe(false);
    const card = page.locator('[data-department="ceshi"]');
    await expect.poll(() => card.innerText()).toContain(receiver.url);
    expect(await page.content()).not.toContain(secret);

    // Act: 发送测试, the stack's workers run when the test drains them
    await card.getByRole('button', { name: '发送测试' }).click();
    await expect
      .poll(
        async () => {
          await stack.drain();
          return card.innerText();
        },
        { timeout: 20_000 },
      )
      .toContain('已送达');

    // Assert
    expect(await card.innerText()).toContain('HTTP 204');
    expect(receiver.received).toHaveLength(1);
    const verified = verifySignature(secret, receiver.received[0]!);
    expect(verified.type).toBe('delivery.test');
    expect(verified.data.test).toBe(true);
    expect(verified.data.message).toContain('锦江区测试局');
    await screenshot(page, 'admin-departments-1280');
    await page.context().close();
  });

  it('rotates a department’s signing secret: the new one is shown once and signs the next test', async () => {
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '管理员', `/departments?tenant=${DEMO_TENANT}`);
    const card = page.locator('[data-department="ceshi"]');
    await card.getByRole('button', { name: '轮换签名密钥' }).click();
    await page.getByRole('button', { name: '生成新密钥' }).click();
    const secretDialog = page.locator('.el-dialog').filter({ hasText: '签名密钥' });
    await expect.poll(() => secretDialog.isVisible()).toBe(true);
    const secret = await secretDialog.getByLabel('签名密钥', { exact: true }).inputValue();
    expect(await secretDialog.innerText()).toContain('旧密钥在下次轮换前仍然有效');
    await secretDialog.getByRole('button', { name: '我已保存，关闭' }).click();

    receiver.received.length = 0;
    await card.getByRole('button', { name: '发送测试' }).click();
    await expect
      .poll(async () => {
        await stack.drain();
        return card.innerText();
      })
      .toContain('已送达');
    expect(verifySignature(secret, receiver.received[0]!).type).toBe('delivery.test');
    await page.context().close();
  });

  it('edits a centre’s office hours: a bad time is refused on its field, the saved one shows', async () => {
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '管理员', '/centres');
    const centre = page.locator(`[data-tenant="${DEMO_TENANT}"]`);
    await centre.getByRole('button', { name: '编辑' }).click();
    await page.getByLabel('下班时间', { exact: true }).fill('25:00');
    await page.getByRole('button', { name: '保存中心' }).click();
    await expect
      .poll(() => field(page, '下班时间').locator('.el-form-item__error').innerText())
      .toContain('HH:mm');

    await page.getByLabel('下班时间', { exact: true }).fill('18:00');
    await page.getByLabel('主任姓名', { exact: true }).fill('赵敏');
    await page.getByLabel('主任手机号', { exact: true }).fill('13900001111');
    await page.getByRole('button', { name: '保存中心' }).click();
    await expect.poll(() => centre.innerText()).toContain('09:00–18:00');
    expect(await centre.innerText()).toContain('赵敏（13900001111）');
    await expect.poll(() => page.locator('.el-loading-mask:visible').count()).toBe(0);
    await screenshot(page, 'admin-centres-1280');

    const admin = await stack.token({ role: 'admin' });
    const saved = await stack.call('GET', `/tenants/${DEMO_TENANT}`, { token: admin });
    expect(saved.body.officeHours).toEqual({ start: '09:00', end: '18:00' });
    expect(saved.body.director).toEqual({ name: '赵敏', mobile: '13900001111' });
    await page.context().close();
  });

  it('finds a centre by name within a region', async () => {
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '管理员', '/centres');
    await expect.poll(() => page.locator('[data-tenant]').count()).toBe(2);
    await page.getByLabel('中心名称', { exact: true }).fill('少城');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('[data-tenant]').count()).toBe(1);
    expect(await page.locator('[data-tenant]').getAttribute('data-tenant')).toBe('510105002');
    await page.context().close();
  });

  it('adds a joint-catalogue matter and a calendar override', async () => {
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '管理员', '/joint-catalogue');
    await page.getByRole('button', { name: '新增事项' }).click();
    await page.getByLabel('事项编码', { exact: true }).fill('yanglao');
    await page.getByLabel('事项名称', { exact: true }).fill('城乡居民养老保险参保登记');
    await page.getByLabel('关键词', { exact: true }).fill('养老保险、参保');
    await page.getByLabel('承办单位编码', { exact: true }).fill('shebao');
    await page.getByLabel('承办单位名称', { exact: true }).fill('锦江区社会保险事业管理局');
    await page.getByRole('button', { name: '保存事项' }).click();
    const matter = page.locator('[data-matter="yanglao"]');
    await expect.poll(() => matter.innerText()).toContain('养老保险、参保');
    await screenshot(page, 'admin-catalogue-1280');

    await page.getByRole('menuitem', { name: '日历调整' }).click();
    await page.getByLabel('日期', { exact: true }).fill('2026-11-20');
    await page.getByLabel('调整事由', { exact: true }).fill('抗震救灾停止办公');
    await page.getByRole('button', { name: '保存调整' }).click();
    await expect.poll(() => page.locator('.result').innerText()).toContain('2026-11-20 的结论改变');
    await expect.poll(() => page.locator('.days').innerText()).toContain('2026-11-20 不上班 · 管理员调整');
    expect(await page.getByRole('link', { name: '节假日安排' }).first().getAttribute('href')).toBe(
      '/holiday-schedule',
    );
    await screenshot(page, 'admin-calendar-1280');
    await page.context().close();
  });
});

describe('承办单位 for the centre director (中心主任)', () => {
  it('sees and edits only its own centre’s departments, whatever centre the address names', async () => {
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '中心主任');
    const menu = page.getByRole('menuitem');
    await expect.poll(() => menu.allInnerTexts()).toContain('承办单位');
    expect(await menu.allInnerTexts()).not.toContain('中心');
    await page.goto(`${stack.url}/departments?tenant=510105002`);
    await expect.poll(() => page.locator('.panel .hint').first().innerText()).toContain(DEMO_TENANT);
    expect(await page.locator('[data-department]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.content()).not.toContain('青羊区住建局');
    expect(await page.getByLabel('中心编码', { exact: true }).count()).toBe(0);

    const card = page.locator('[data-department="minzheng"]');
    await card.getByRole('button', { name: '编辑' }).click();
    await page.getByLabel('联系电话', { exact: true }).fill('028-86662222');
    await page.getByRole('button', { name: '保存承办单位' }).click();
    await expect.poll(() => card.innerText()).toContain('028-86662222');
    await page.context().close();
  });
});

describe('管理 at 375 px', () => {
  const screens: Array<{ path: string; ready: string; name: string; as: string; dialog?: string }> = [
    { path: '/centres', ready: '[data-tenant]', name: 'admin-centres-375', as: '管理员', dialog: '编辑' },
    {
      path: `/departments?tenant=${DEMO_TENANT}`,
      ready: '[data-department]',
      name: 'admin-departments-375',
      as: '管理员',
      dialog: '新建承办单位',
    },
    { path: '/joint-catalogue', ready: '.filters', name: 'admin-catalogue-375', as: '管理员' },
    { path: '/calendar-overrides', ready: '.days, .hint', name: 'admin-calendar-375', as: '管理员' },
    { path: '/departments', ready: '[data-department]', name: 'director-departments-375', as: '中心主任' },
  ];
  for (const s of screens) {
    it(`${s.path} (${s.as}) has no horizontal scrolling and finger-sized controls`, async () => {
      const page = await consolePage(browser, PHONE);
      await signInAs(page, stack.url, s.as, s.path);
      await expect.poll(() => page.locator(s.ready).count()).toBeGreaterThan(0);
      await expectNoHorizontalScroll(page);
      await expectTouchTargets(page);
      await screenshot(page, s.name);
      if (s.dialog) {
        await page.getByRole('button', { name: s.dialog }).first().click();
        await expect.poll(() => page.locator('.el-dialog:visible').count()).toBe(1);
        // Measured once the dialog's opening animation (a scale) has ended.
        await expect.poll(() => page.locator('[class*="enter-active"]').count()).toBe(0);
        await expectNoHorizontalScroll(page);
        await expectTouchTargets(page);
        await screenshot(page, `${s.name}-dialog`);
      }
      await page.context().close();
    });
  }
});
