/**
 * The 值班 screen in real Chromium against the local stack: the month the server's clock is in,
 * days off as the server's calendar says them; the director fills a day (a bad mobile number is
 * refused on its field), marks 乡镇长进大厅, copies the week forward — twice, with the same result —
 * and the next week is filled in the API too; at 375 px a list of days with no horizontal
 * scrolling and finger-sized controls; a clerk sees the roster but cannot change it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../infra/local/accounts.ts';
import {
  consolePage,
  DESKTOP,
  expectNoHorizontalScroll,
  expectTouchTargets,
  PHONE,
  screenshot,
  signInAs,
} from '../support/browser.ts';
import { type ConsoleStack, startConsoleStack } from '../support/console-stack.ts';
import type { TestStack } from '../support/stack.ts';

const SHOTS = join(import.meta.dirname, '..', '..', '.tmp', 'console');
let stack: TestStack;
let browser: Browser;
let env: ConsoleStack | undefined;

// Monday 12 October 2026; the demo roster covers the 21 days from today (to 1 November).
beforeAll(async () => {
  env = await startConsoleStack('2026-10-12T09:00:00+08:00');
  ({ stack, browser } = env);
}, 60_000);
afterAll(() => env?.close());

const newPage = (viewport = DESKTOP) => consolePage(browser, viewport);
const signIn = (page: Page, role: string, path = '/') => signInAs(page, stack.url, role, path);
const day = (page: Page, date: string) => page.locator(`[data-date="${date}"]`);
const monthTitle = (page: Page) => page.locator('.month-title').innerText();

/**
 * The screen's own controls (its content and its dialog, not the shared header) are at least
 * 44 px high: the whole page is held to the console's 40 px by `expectTouchTargets`.
 */
async function expectScreenTouchTargets(page: Page) {
  const small = () =>
    page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          'main button, main .el-input__wrapper, main .el-select__wrapper, main .el-checkbox, ' +
            '.el-dialog button, .el-dialog .el-input__wrapper, .el-dialog .el-checkbox',
        ),
      )
        .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height > 0)
        .map((el) => ({
          text: (el.textContent || el.className).slice(0, 40),
          height: el.getBoundingClientRect().height,
        }))
        .filter((c) => c.height < 44),
    );
  // Polled: a dialog opens with a zoom transition, and a control mid-zoom measures smaller.
  await expect.poll(small, { message: 'controls of the 值班 screen smaller than 44 px' }).toEqual([]);
}

async function rosterInApi(month: string) {
  const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
  const res = await stack.call('GET', `/tenants/${DEMO_TENANT}/duty-roster?month=${month}`, { token: staff });
  expect(res.status).toBe(200);
  return res.body.items as Array<Record<string, unknown>>;
}

async function copyWeek(page: Page, week: string) {
  await page.locator('.copy .el-select').click();
  await page.getByRole('option', { name: week }).click();
  await page.getByRole('button', { name: '复制本周到下周' }).click();
  const confirm = page.locator('.el-message-box');
  await expect.poll(() => confirm.innerText()).toContain(`把${week}的 2 天值班安排复制到`);
  await confirm.getByRole('button', { name: '复制' }).click();
  await expect.poll(() => page.getByText('已复制 2 天').count()).toBeGreaterThan(0);
}

describe('the 值班 screen at 1280 px', () => {
  it("opens on the server clock's month with the demo roster, 进大厅 days and days off marked", async () => {
    // Arrange
    const page = await newPage();

    // Act
    await signIn(page, '中心主任', '/duty-roster');

    // Assert: the browser's own clock is elsewhere; the month is the server's.
    await expect.poll(() => monthTitle(page)).toBe('2026年10月');
    await expect.poll(() => day(page, '2026-10-13').innerText()).toContain('值班长 孙丽');
    expect(await day(page, '2026-10-14').innerText()).toContain('进大厅');
    expect(await day(page, '2026-10-12').innerText()).toContain('今天');
    expect(await day(page, '2026-10-12').innerText()).not.toContain('进大厅');
    // Sunday the 18th and National Day are days off by the server's calendar.
    expect(await day(page, '2026-10-18').getAttribute('class')).toContain('off');
    expect(await day(page, '2026-10-01').innerText()).toContain('国庆');
    expect(await day(page, '2026-10-13').getAttribute('class')).not.toContain('off');
    await page.context().close();
  });

  it('lets the director fill a day, mark 进大厅 and copy the week forward, safely twice', async () => {
    // Arrange
    const page = await newPage();
    await signIn(page, '中心主任', '/duty-roster');
    await expect.poll(() => monthTitle(page)).toBe('2026年10月');
    await page.getByRole('button', { name: '下个月 ›' }).click();
    await expect.poll(() => monthTitle(page)).toBe('2026年11月');
    expect(await day(page, '2026-11-09').innerText()).toContain('未排班');

    // Act: Monday 9 November, with a mobile number the server refuses first.
    await day(page, '2026-11-09').click();
    const dialog = page.getByRole('dialog', { name: /11月9日值班安排/ });
    await dialog.getByLabel('值班长工号', { exact: true }).fill('chief-zhou');
    await dialog.getByLabel('值班长姓名', { exact: true }).fill('周敏');
    await dialog.getByLabel('手机号码', { exact: true }).fill('1390000');
    await dialog.getByLabel('电子邮箱', { exact: true }).fill('zhou@example.gov.cn');
    await dialog.getByText('乡镇长（街道办主任）当日进大厅').click();
    expect(await dialog.getByRole('checkbox', { name: '乡镇长（街道办主任）当日进大厅' }).isChecked()).toBe(
      true,
    );
    await dialog.getByRole('button', { name: '保存值班安排' }).click();
    const mobileError = dialog
      .locator('.el-form-item')
      .filter({ hasText: '手机号码' })
      .locator('.el-form-item__error');
    await expect.poll(() => mobileError.innerText()).toContain('11 位手机号码');
    await screenshot(page, 'roster-dialog-1280');
    await dialog.getByLabel('手机号码', { exact: true }).fill('13900002222');
    await dialog.getByRole('button', { name: '保存值班安排' }).click();
    await expect.poll(() => day(page, '2026-11-09').innerText()).toContain('值班长 周敏');
    expect(await day(page, '2026-11-09').innerText()).toContain('进大厅');
    // Tuesday 10 November, no 进大厅.
    await day(page, '2026-11-10').click();
    const second = page.getByRole('dialog', { name: /11月10日值班安排/ });
    await second.getByLabel('值班长工号', { exact: true }).fill('chief-wu');
    await second.getByLabel('值班长姓名', { exact: true }).fill('吴刚');
    await second.getByRole('button', { name: '保存值班安排' }).click();
    await expect.poll(() => day(page, '2026-11-10').innerText()).toContain('值班长 吴刚');

    await copyWeek(page, '11月9日—11月15日');

    // Assert: the next week on screen and in the API.
    await expect.poll(() => day(page, '2026-11-16').innerText()).toContain('值班长 周敏');
    expect(await day(page, '2026-11-16').innerText()).toContain('进大厅');
    expect(await day(page, '2026-11-17').innerText()).toContain('值班长 吴刚');
    expect(await day(page, '2026-11-17').innerText()).not.toContain('进大厅');
    expect(await day(page, '2026-11-18').innerText()).toContain('未排班');
    await screenshot(page, 'roster-1280');
    const copied = (await rosterInApi('2026-11')).filter((d) => String(d.date) >= '2026-11-09');
    expect(copied).toMatchObject([
      { date: '2026-11-09', staffId: 'chief-zhou', mobile: '13900002222', headInHall: true },
      { date: '2026-11-10', staffId: 'chief-wu', headInHall: false },
      {
        date: '2026-11-16',
        staffId: 'chief-zhou',
        staffName: '周敏',
        mobile: '13900002222',
        email: 'zhou@example.gov.cn',
        headInHall: true,
      },
      { date: '2026-11-17', staffId: 'chief-wu', staffName: '吴刚', headInHall: false },
    ]);

    // Act again: the same copy a second time changes nothing.
    await copyWeek(page, '11月9日—11月15日');
    const again = (await rosterInApi('2026-11')).filter((d) => String(d.date) >= '2026-11-09');
    expect(again.map(({ updatedAt: _u, ...d }) => d)).toEqual(copied.map(({ updatedAt: _u, ...d }) => d));
    await page.context().close();
  });
});

describe('the 值班 screen for the others and on a phone', () => {
  it('shows a clerk (窗口人员) the roster from the menu, with nothing to change', async () => {
    // Arrange
    const page = await newPage();
    await signIn(page, '窗口人员');
    await page.getByRole('menuitem', { name: '值班' }).click();

    // Act
    await expect.poll(() => day(page, '2026-10-13').innerText()).toContain('值班长 孙丽');
    await day(page, '2026-10-13').click();

    // Assert
    expect(await page.locator('button[data-date]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '复制本周到下周' }).count()).toBe(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('.hint').innerText()).toContain('值班表由中心主任安排');
    await screenshot(page, 'roster-clerk-1280');
    await page.context().close();
  });

  it('lists the days at 375 px with no horizontal scrolling and finger-sized controls', async () => {
    // Arrange
    const page = await newPage(PHONE);

    // Act
    await signIn(page, '中心主任', '/duty-roster');
    await expect.poll(() => monthTitle(page)).toBe('2026年10月');
    await expect.poll(() => page.locator('.day-list li').count()).toBe(31);
    await expect.poll(() => page.locator('.el-loading-mask:visible').count()).toBe(0);

    // Assert
    expect(await page.locator('table.calendar').count()).toBe(0);
    expect(await page.getByRole('button', { name: '复制本周到下周' }).isEnabled()).toBe(true);
    expect(await day(page, '2026-10-14').innerText()).toMatch(/10月14日 周三[\s\S]*王强[\s\S]*进大厅/);
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await expectScreenTouchTargets(page);
    await screenshot(page, 'roster-375');
    await day(page, '2026-10-20').click();
    const dialog = page.getByRole('dialog', { name: /10月20日值班安排/ });
    await expect.poll(() => dialog.getByLabel('值班长姓名', { exact: true }).inputValue()).toBe('王强');
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await expectScreenTouchTargets(page);
    // The dialog is fixed to the viewport: a full-page shot would misplace it; wait out its fade-in.
    await expect.poll(() => page.locator('[class*="dialog-fade-enter"]').count()).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'roster-dialog-375.png') });
    await page.context().close();
  });
});
