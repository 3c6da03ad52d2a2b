/**
 * The provincial operator enters next year's holiday notice in the console (节假日安排), in real
 * Chromium against the local stack: the year shows as provisional, a malformed line is refused in
 * place, the notice is saved and the year shows as entered; at 375 px too. The notice is made up
 * for the test (2027's real one is not published yet).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consolePage,
  expectNoHorizontalScroll,
  expectTouchTargets,
  PHONE,
  screenshot,
  signInAs,
} from '../support/browser.ts';
import { type ConsoleStack, startConsoleStack } from '../support/console-stack.ts';
import type { TestStack } from '../support/stack.ts';

let stack: TestStack;
let browser: Browser;
let env: ConsoleStack | undefined;

beforeAll(async () => {
  env = await startConsoleStack('2026-11-20T09:00:00+08:00');
  ({ stack, browser } = env);
}, 60_000);
afterAll(() => env?.close());

const DAYS_OFF = [
  '2027-01-01 元旦',
  ...['05', '06', '07', '08', '09', '10', '11'].map((d) => `2027-02-${d} 春节`),
  '2027-04-05 清明节',
  ...['01', '02', '03', '04', '05'].map((d) => `2027-05-${d} 劳动节`),
  '2027-06-09 端午节',
  '2027-09-15 中秋节',
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => `2027-10-${d} 国庆节`),
].join('\n');

async function chooseYear(page: Page, year: string) {
  await page.locator('.el-form-item').filter({ hasText: '年份' }).locator('.el-select__wrapper').click();
  await page
    .locator('.el-select-dropdown__item:visible')
    .filter({ hasText: `${year} 年` })
    .click();
}

describe('节假日安排 for the provincial operator (管理员)', () => {
  it('enters a year’s notice: provisional before, a bad line refused in place, entered after', async () => {
    const page = await consolePage(browser);
    await signInAs(page, stack.url, '管理员');
    await page.getByRole('menuitem', { name: '节假日安排' }).click();
    await chooseYear(page, '2027');
    await expect.poll(() => page.locator('.el-alert').first().innerText()).toContain('2027 年：尚未公布');

    await page
      .getByLabel('通知标题', { exact: true })
      .fill('国务院办公厅关于2027年部分节假日安排的通知（测试）');
    await page.getByLabel('文号', { exact: true }).fill('测试〔2026〕1号');
    await page.getByLabel('放假日期', { exact: true }).fill(`${DAYS_OFF}\n元旦后一天`);
    await page.getByLabel('调休上班日期', { exact: true }).fill('2027-02-13 春节\n2027-10-09 国庆节');
    await page.getByRole('button', { name: '保存节假日安排' }).click();
    await expect
      .poll(() =>
        page
          .locator('.el-form-item')
          .filter({ hasText: '放假日期' })
          .locator('.el-form-item__error')
          .innerText(),
      )
      .toContain('第 24 行应为“日期 名称”');

    await page.getByLabel('放假日期', { exact: true }).fill(DAYS_OFF);
    await page.getByRole('button', { name: '保存节假日安排' }).click();
    await expect.poll(() => page.locator('.result').innerText()).toContain('已保存');
    await expect
      .poll(() => page.locator('.el-alert').first().innerText())
      .toContain('2027 年：已录入国务院办公厅通知');
    expect(await page.locator('.notices').innerText()).toContain('测试〔2026〕1号');
    await screenshot(page, 'holiday-schedule-1280');

    const admin = await stack.token({ role: 'admin' });
    const day = await stack.call('GET', '/calendar/workdays?from=2027-02-13&to=2027-02-13', { token: admin });
    expect(day.body.items[0]).toMatchObject({ date: '2027-02-13', workday: true, provisional: false });
    await page.context().close();
  });

  it('works at 375 px with no horizontal scrolling and finger-sized controls', async () => {
    const page = await consolePage(browser, PHONE);
    await signInAs(page, stack.url, '管理员', '/holiday-schedule');
    await expect.poll(() => page.locator('.el-alert').first().innerText()).toMatch(/\d{4} 年：/);
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await screenshot(page, 'holiday-schedule-375');
    await page.context().close();
  });
});
