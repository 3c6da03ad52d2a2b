/**
 * The case screen's 专班会议 section and its paged timeline in real Chromium against the local
 * stack: the director records a task-force meeting on a transferred case (the server's messages
 * on their fields first), sees it on the case and opens its printable minutes; the timeline shows
 * the newest events and 加载更多 brings the older ones to the first; at 1280 and 375 px.
 */
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

let stack: TestStack;
let browser: Browser;
let env: ConsoleStack | undefined;
let caseId = '';
let events = 0;

/** A case transferred to 社保局 on which the department has reported progress `reports` times. */
async function transferredCase(reports: number): Promise<string> {
  const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
  const created = await stack.call('POST', '/cases', {
    token: staff,
    body: {
      channel: 'onsite',
      reporter: { name: '孙丽', phone: '13700000000' },
      scope: { kind: 'outside_authority' },
      matter: '跨部门的宅基地确权登记',
      description: '涉及自然资源、农业农村两个部门，多次往返未办成',
      notice: { materialsComplete: true, nextSteps: '转办并提请专班会议研究' },
    },
  });
  expect(created.status).toBe(201);
  const transfer = await stack.call('POST', `/cases/${created.body.id}/transfers`, {
    token: staff,
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: { departmentId: 'shebao', category: 'complex' },
  });
  expect(transfer.status).toBe(201);
  await stack.drain();
  const dept = await stack.token({ role: 'department', tenantId: DEMO_TENANT, departmentId: 'shebao' });
  for (let i = 1; i <= reports; i++) {
    const res = await stack.call('POST', `/work-orders/${transfer.body.id}/feedback`, {
      token: dept,
      body: { kind: 'progress', content: `第${i}次进度：正在协调` },
    });
    expect(res.status).toBe(200);
  }
  return created.body.id as string;
}

beforeAll(async () => {
  env = await startConsoleStack('2026-10-12T09:00:00+08:00');
  ({ stack, browser } = env);
  caseId = await transferredCase(24);
}, 120_000);
afterAll(() => env?.close());

const newPage = (viewport = DESKTOP) => consolePage(browser, viewport);
const director = (page: Page) => signInAs(page, stack.url, '中心主任', `/case/${caseId}`);
const meetings = (page: Page) => page.locator('section').filter({ has: page.locator('#meetings-title') });
const fieldError = (page: Page, label: string) =>
  page
    .getByRole('dialog', { name: '记录专班会议' })
    .locator('.el-form-item')
    .filter({ hasText: label })
    .locator('.el-form-item__error');

describe('专班会议 on the case at 1280 px', () => {
  it('the director records a meeting, sees it on the case and opens its printable minutes', async () => {
    const page = await newPage();
    await director(page);
    const section = meetings(page);
    await expect.poll(() => section.innerText()).toContain('尚未召开专班会议');

    // Nothing filled in: the server's messages show on their fields, nothing is recorded.
    await section.getByRole('button', { name: '记录专班会议' }).click();
    const dialog = page.getByRole('dialog', { name: '记录专班会议' });
    await dialog.getByRole('button', { name: '保存会议纪要' }).click();
    await expect.poll(() => fieldError(page, '会议日期').innerText()).toMatch(/\S/);
    await expect.poll(() => fieldError(page, '会议纪要（').innerText()).toMatch(/\S/);
    expect(await fieldError(page, '参会人员').innerText()).toMatch(/\S/);

    await dialog.getByLabel('会议日期').fill('2026-10-12');
    await dialog.getByLabel('会议日期').press('Enter');
    await dialog.getByLabel(/^参会人员/).fill('赵敏（中心主任）\n陈刚（区社保局）\n刘洋（区自然资源局）');
    await dialog.getByLabel(/^会议纪要/).fill('三部门对确权材料逐项核对，明确由区自然资源局牵头。');
    await dialog.getByLabel('会议决定').fill('十个工作日内完成确权登记，中心跟踪督办。');
    await dialog.getByRole('button', { name: '保存会议纪要' }).click();

    // On the case: the meeting with its attendees and decisions, and on the timeline.
    const meeting = section.locator('article');
    await expect.poll(() => meeting.count()).toBe(1);
    const text = await meeting.innerText();
    expect(text).toContain('2026-10-12 专班会议');
    expect(text).toContain('赵敏（中心主任）、陈刚（区社保局）、刘洋（区自然资源局）');
    expect(text).toContain('十个工作日内完成确权登记');
    expect(await section.innerText()).toContain('共 1 次');
    const newest = page.locator('.el-timeline-item').first();
    expect(await newest.innerText()).toContain('记录专班会议');
    await screenshot(page, 'case-meetings-1280');

    // The printable minutes, as the API renders them.
    await meeting.getByRole('button', { name: '打印会议纪要' }).click();
    const frame = page.frameLocator('iframe[title="专班会议纪要"]');
    await expect.poll(() => frame.locator('h1').innerText()).toBe('专班会议纪要');
    expect(await frame.locator('[data-field="participants"]').innerText()).toContain('刘洋（区自然资源局）');
    expect(await frame.locator('[data-field="decisions"]').innerText()).toContain('十个工作日内完成确权登记');
    await screenshot(page, 'case-meeting-minutes-1280');

    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    const stored = await stack.call('GET', `/cases/${caseId}/meetings`, { token: staff });
    expect(stored.body.items).toMatchObject([
      { date: '2026-10-12', decisions: '十个工作日内完成确权登记，中心跟踪督办。' },
    ]);
    await page.context().close();
  });

  it('the timeline shows the newest 20 events; 加载更多 brings the older ones, down to the intake', async () => {
    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    events = (await stack.call('GET', `/cases/${caseId}`, { token: staff })).body.eventCount;
    expect(events).toBeGreaterThan(20);
    const page = await newPage();
    await director(page);
    const items = page.locator('.el-timeline-item');
    await expect.poll(() => items.count()).toBe(20);
    expect(await page.getByText(`还有 ${events - 20} 条更早的记录`).count()).toBe(1);

    await page.getByRole('button', { name: '加载更多', exact: true }).click();

    await expect.poll(() => items.count()).toBe(events);
    expect(await items.last().innerText()).toContain('受理登记');
    expect(await page.getByRole('button', { name: '加载更多', exact: true }).count()).toBe(0);
    await page.context().close();
  });
});

describe('专班会议 on the case at 375 px', () => {
  it('fits the phone: the meeting, its print button and the timeline paging, nothing wider than the screen', async () => {
    const page = await newPage(PHONE);
    await director(page);
    const section = meetings(page);
    await expect.poll(() => section.locator('article').count()).toBe(1);
    await section.scrollIntoViewIfNeeded();
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await page.getByRole('button', { name: '加载更多', exact: true }).click();
    await expect.poll(() => page.locator('.el-timeline-item').count()).toBe(events);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'case-meetings-375');

    await section.getByRole('button', { name: '记录专班会议' }).click();
    const dialog = page.getByRole('dialog', { name: '记录专班会议' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'case-meeting-dialog-375');
    await page.context().close();
  });
});
