/**
 * The deadline screens in real Chromium against the local stack: the department signs for an
 * order and gives its result in the 承办工作台; the director approves an extension on the 督办
 * board and the due time moves; the local clock passes a due time and the duty chief finds the
 * order overdue on the board and in the inbox (with the unread count in the header, marked read
 * on the server); both screens at 375 px.
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

beforeAll(async () => {
  env = await startConsoleStack('2026-10-12T09:00:00+08:00');
  ({ stack, browser } = env);
}, 60_000);
afterAll(() => env?.close());

const newPage = (viewport = DESKTOP) => consolePage(browser, viewport);
const signIn = (page: Page, role: string, path = '/') => signInAs(page, stack.url, role, path);

/** A case registered and transferred to 社保局 as a general matter (2 working days). */
async function transferredOrder(name: string): Promise<{ id: string; number: string; caseId: string }> {
  const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
  const created = await stack.call('POST', '/cases', {
    token: staff,
    body: {
      channel: 'onsite',
      reporter: { name, phone: '13700000000' },
      scope: { kind: 'repeated_consultation' },
      matter: '城乡居民养老保险参保登记',
      description: '多次咨询仍未办成',
      notice: { materialsComplete: true, nextSteps: '转社保局办理' },
    },
  });
  expect(created.status).toBe(201);
  const transfer = await stack.call('POST', `/cases/${created.body.id}/transfers`, {
    token: staff,
    headers: { 'idempotency-key': crypto.randomUUID(), 'if-match': `"${created.body.version}"` },
    body: { departmentId: 'shebao', category: 'general' },
  });
  expect(transfer.status).toBe(201);
  await stack.drain();
  return { id: transfer.body.id, number: transfer.body.number, caseId: created.body.id };
}

const card = (page: Page, number: string) => page.locator('article').filter({ hasText: number });

describe('the deadline screens at 1280 px', () => {
  let late: { id: string; number: string; caseId: string };

  it('lets the department (承办单位) sign for an order and give its result in the workbench', async () => {
    const order = await transferredOrder('李四');
    const page = await newPage();
    await signIn(page, '承办单位');
    await expect.poll(() => page.url()).toMatch(/\/workbench$/);
    const item = card(page, order.number);
    // Monday 09:00 + 2 working days → Wednesday 17:30, Asia/Shanghai whatever the browser's zone.
    await expect.poll(() => item.innerText()).toContain('2026-10-14 17:30');
    expect(await item.innerText()).toContain('剩余 2 个工作日');
    await item.getByRole('button', { name: '签收' }).click();
    await expect.poll(() => item.innerText()).toContain('已签收');
    await item.getByRole('button', { name: '反馈办理结果' }).click();
    const dialog = page.getByRole('dialog', { name: /反馈办理结果/ });
    // Blank content: the server's message shows on its field.
    await dialog.getByLabel('反馈内容', { exact: true }).fill('   ');
    await dialog.getByRole('button', { name: '提交办理结果' }).click();
    await expect
      .poll(() =>
        dialog
          .locator('.el-form-item')
          .filter({ hasText: '反馈内容' })
          .locator('.el-form-item__error')
          .innerText(),
      )
      .toMatch(/\S/);
    await dialog.getByLabel('反馈内容', { exact: true }).fill('已为反映人办理参保登记');
    await dialog.getByRole('button', { name: '提交办理结果' }).click();
    await expect.poll(() => item.innerText()).toContain('已为反映人办理参保登记');
    expect(await item.locator('.el-tag').first().innerText()).toBe('已办结');
    await screenshot(page, 'workbench-1280');

    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    const stored = await stack.call('GET', `/work-orders/${order.id}`, { token: staff });
    expect(stored.body).toMatchObject({ status: 'completed', acknowledgedBy: { name: expect.any(String) } });
    await page.context().close();
  });

  it('lets the director (中心主任) approve an extension on the board, and the due time moves', async () => {
    const order = await transferredOrder('周五');
    const dept = await stack.token({ role: 'department', tenantId: DEMO_TENANT, departmentId: 'shebao' });
    const asked = await stack.call('POST', `/work-orders/${order.id}/extension`, {
      token: dept,
      body: { workdays: 2, reason: '需调取外地参保记录' },
    });
    expect(asked.status).toBe(200);
    const page = await newPage();
    await signIn(page, '中心主任', '/board?tab=extensions');
    await expect.poll(() => page.url()).toContain('/board');
    const item = card(page, order.number);
    await expect.poll(() => item.innerText()).toContain('需调取外地参保记录');
    expect(await item.innerText()).toContain('2026-10-14 17:30');
    await screenshot(page, 'board-extensions-1280');

    // A refusal needs its reason: the server says so on the field.
    await item.getByRole('button', { name: '不同意' }).click();
    const refuse = page.getByRole('dialog', { name: /不同意延期/ });
    await refuse.getByRole('button', { name: '不同意延期' }).click();
    await expect
      .poll(() => refuse.locator('.el-form-item__error').innerText())
      .toBe('意见：不同意延期时必须填写理由');
    await refuse.getByRole('button', { name: '取消' }).click();

    await item.getByRole('button', { name: '同意延期' }).click();
    const approve = page.getByRole('dialog', { name: /同意延期/ });
    await approve.getByLabel('审批意见', { exact: true }).fill('同意，请尽快办结');
    await approve.getByRole('button', { name: '同意延期' }).click();
    await expect.poll(() => page.getByText('已同意延期，办理时限已顺延').count()).toBeGreaterThan(0);
    await expect.poll(() => card(page, order.number).count()).toBe(0);

    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    const stored = await stack.call('GET', `/work-orders/${order.id}`, { token: staff });
    // Two more working days: Wednesday 17:30 → Friday 17:30.
    expect(stored.body).toMatchObject({
      dueAt: '2026-10-16T17:30:00+08:00',
      extension: { status: 'approved' },
    });
    await page.goto(`${stack.url}/case/${order.caseId}`);
    await expect.poll(() => page.locator('article.order').first().innerText()).toContain('2026-10-16 17:30');
    await page.context().close();
  });

  it('shows the duty chief (值班长) an order overdue once the clock passes its due time, on the board and in the inbox', async () => {
    late = await transferredOrder('陈七');
    const page = await newPage();
    await signIn(page, '值班长', '/board');
    await expect.poll(() => page.locator('.list').innerText()).toContain('没有超期或临期的事项');

    await stack.clock.setTo(new Date('2026-10-14T17:31:00+08:00'));
    await stack.drain();
    // Two days on, the sign-in (10 hours) has ended: sign in again, back to the board.
    await page.reload();
    await page.getByRole('button', { name: /^值班长/ }).click();
    await expect.poll(() => page.url()).toMatch(/\/board$/);
    const item = card(page, late.number);
    await expect.poll(() => item.innerText()).toContain('已超期');
    expect(await item.innerText()).toContain('督办 1 级');
    expect(await item.innerText()).toContain('锦江区社会保险事业管理局');
    expect(await item.innerText()).toContain('2026-10-14 17:30');
    // The extended order (due Friday) is near-due neither.
    await screenshot(page, 'board-1280');

    const badge = page.locator('.top .inbox');
    await expect.poll(() => badge.innerText()).toMatch(/通知\s*[1-9]/);
    await badge.click();
    const note = page.locator('li.note').filter({ hasText: late.number });
    await expect.poll(() => note.innerText()).toContain('工单超期');
    expect(await note.innerText()).toContain('未读');
    await screenshot(page, 'board-inbox-1280');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.locator('.top .unread').count()).toBe(0);
    await expect.poll(() => note.innerText()).not.toContain('未读');
    await note.getByRole('link', { name: '查看案件' }).click();
    await expect.poll(() => page.url()).toContain(`/case/${late.caseId}`);

    // The read mark is kept on the server: a new sign-in shows nothing unread.
    const again = await newPage();
    await signIn(again, '值班长', '/board');
    await expect.poll(() => again.locator('.top .inbox').count()).toBe(1);
    expect(await again.locator('.top .unread').count()).toBe(0);
    await again.context().close();
    await page.context().close();
  });

  it('lets the duty chief suspend the clock of an overdue order and resume it', async () => {
    const page = await newPage();
    await signIn(page, '值班长', '/board');
    const item = card(page, late.number);
    await item.getByRole('button', { name: '暂停计时' }).click();
    const dialog = page.getByRole('dialog', { name: /暂停计时/ });
    await dialog.getByLabel('暂停理由', { exact: true }).fill('等待反映人补正材料');
    await dialog.getByRole('button', { name: '暂停计时' }).click();
    await expect.poll(() => item.innerText()).toContain('等待反映人补正材料');
    await item.getByRole('button', { name: '恢复计时' }).click();
    await expect.poll(() => page.getByText('已恢复计时').count()).toBeGreaterThan(0);
    await expect.poll(() => item.innerText()).not.toContain('等待反映人补正材料');
    await page.context().close();
  });
});

describe('the deadline screens at 375 px (phone)', () => {
  it('shows the board and the workbench as cards with no horizontal scrolling and finger-sized controls', async () => {
    await transferredOrder('吴九');
    const board = await newPage(PHONE);
    await signIn(board, '值班长', '/board');
    await expect.poll(() => board.locator('article').count()).toBeGreaterThan(0);
    await expect.poll(() => board.locator('.el-loading-mask:visible').count()).toBe(0);
    await expectNoHorizontalScroll(board);
    await expectTouchTargets(board);
    await screenshot(board, 'board-375');
    await board.locator('.top .inbox').click();
    await expect.poll(() => board.locator('li.note').count()).toBeGreaterThan(0);
    await expectNoHorizontalScroll(board);
    await screenshot(board, 'board-inbox-375');
    await board.context().close();

    const bench = await newPage(PHONE);
    await signIn(bench, '承办单位');
    await expect.poll(() => bench.url()).toMatch(/\/workbench$/);
    await expect.poll(() => bench.locator('article').count()).toBeGreaterThan(0);
    await expect.poll(() => bench.locator('.el-loading-mask:visible').count()).toBe(0);
    await expectNoHorizontalScroll(bench);
    await expectTouchTargets(bench);
    await screenshot(bench, 'workbench-375');
    await bench.context().close();
  });
  it("shows the county supervisor (县级督查) an escalation in the region's inbox, with the unread count", async () => {
    // Prepare: an order left without a result until a working day after its due time.
    const escalated = await transferredOrder('郑十');
    const now = stack.clock.now().getTime();
    await stack.clock.setTo(new Date(now + 8 * 24 * 3600_000));
    await stack.drain();

    // Act
    const page = await newPage();
    await signIn(page, '县级督查', '/board');
    const badge = page.locator('.top .inbox');
    await expect.poll(() => badge.innerText()).toMatch(/通知\s*[1-9]/);
    await badge.click();

    // Assert
    const note = page.locator('li.note').filter({ hasText: escalated.number });
    await expect.poll(() => note.innerText()).toContain('超期督办升级');
    expect(await note.innerText()).toContain('已升级至锦江区督办');
    expect(await page.getByRole('tab', { name: /延期申请/ }).count()).toBe(0);
    await screenshot(page, 'board-inbox-county-1280');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.locator('.top .unread').count()).toBe(0);
    await page.context().close();
  });
});
