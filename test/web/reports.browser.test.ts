/**
 * The report screens in real Chromium against the local stack. October 2026 is built through the
 * API with the local clock (two centres of 锦江区, the demo centre with its seeded case: an order answered on time and one never
 * answered, closures, 好差评 5, 2 and 4), then 02:00 on 1 November runs the monthly bulletin as
 * the schedule does. A county supervisor opens last month's county bulletin, sees its charts and
 * their tables, drills down to a centre, its ledger of the month and a case, with phone numbers
 * masked; a province supervisor drills province → city → county; the director downloads the
 * centre's workbook; the annual score shows its components; 1280 and 375 px.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
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
import { intakeBody, setUpCentre, type TestStack } from '../support/stack.ts';

const A = DEMO_TENANT;
const A_NAME = '成都市锦江区春熙路街道便民服务中心';
const B = '510104002';
const B_NAME = '成都市锦江区书院街街道便民服务中心';
/** When the people below open the console: the morning after the bulletin run. */
const MORNING = '2026-11-02T09:00:00+08:00';

let stack: TestStack;
let browser: Browser;
let env: ConsoleStack | undefined;
const cases: Record<string, { id: string; number: string }> = {};

const at = (iso: string) => stack.clock.setTo(new Date(iso));
const staffOf = (tenantId: string) => stack.token({ role: 'staff', tenantId });

async function post(token: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await stack.call('POST', path, { token, body, headers });
  expect(res.status, `${path}: ${res.text}`).toBeLessThan(300);
  return res.body;
}

async function intake(tenantId: string, over: Record<string, unknown>) {
  const body = await post(await staffOf(tenantId), '/cases', intakeBody(over));
  return { id: body.id as string, number: body.number as string };
}

async function transfer(caseId: string, category: 'simple' | 'general') {
  const order = await post(
    await staffOf(A),
    `/cases/${caseId}/transfers`,
    { departmentId: 'shebao', category },
    { 'idempotency-key': crypto.randomUUID() },
  );
  await stack.drain();
  return order as { id: string };
}

const close = { outcome: 'resolved', resolution: '已为反映人办结' };

beforeAll(async () => {
  env = await startConsoleStack('2026-10-12T09:00:00+08:00');
  ({ stack, browser } = env);
  await setUpCentre(stack, B, B_NAME);

  // A1: onsite, to 社保局 (general, 2 working days), answered on time, closed, rated 5.
  cases.a1 = await intake(A, { reporter: { name: '王五', phone: '13812345678' } });
  const wo1 = await transfer(cases.a1.id, 'general');
  await at('2026-10-13T10:00:00+08:00');
  const dept = await stack.token({ role: 'department', tenantId: A, departmentId: 'shebao' });
  await post(dept, `/work-orders/${wo1.id}/feedback`, { kind: 'result', content: '已补办参保登记' });
  await post(await staffOf(A), `/cases/${cases.a1.id}/close`, close);
  await at('2026-10-14T10:00:00+08:00');
  await post(await staffOf(A), `/cases/${cases.a1.id}/follow-up`, { method: 'phone', satisfaction: 5 });

  // A2: by phone, a simple order nobody answers: overdue at 17:30 the next working day.
  await at('2026-10-15T10:00:00+08:00');
  cases.a2 = await intake(A, {
    channel: 'phone',
    matter: '低保申请',
    scope: { kind: 'materials_not_handled' },
    reporter: { name: '赵六', phone: '13900001111' },
  });
  await transfer(cases.a2.id, 'simple');
  await at('2026-10-16T17:30:00+08:00');
  await stack.drain();

  // A3: online complaint, closed, rated 2 (not satisfied: reopened).
  await at('2026-10-20T10:00:00+08:00');
  cases.a3 = await intake(A, {
    channel: 'online',
    matter: '窗口服务态度',
    scope: { kind: 'dissatisfaction_complaint' },
    reporter: { name: '钱八', phone: '13622223333' },
  });
  await post(await staffOf(A), `/cases/${cases.a3.id}/close`, close);
  await at('2026-10-21T10:00:00+08:00');
  await post(await staffOf(A), `/cases/${cases.a3.id}/follow-up`, { method: 'phone', satisfaction: 2 });

  // B1: the other centre of the county, closed and rated 4.
  await at('2026-10-22T10:00:00+08:00');
  cases.b1 = await intake(B, { reporter: { name: '孙七', phone: '13700002222' } });
  await post(await staffOf(B), `/cases/${cases.b1.id}/close`, close);
  await at('2026-10-23T10:00:00+08:00');
  await post(await staffOf(B), `/cases/${cases.b1.id}/follow-up`, { method: 'visit', satisfaction: 4 });

  // 02:00 on 1 November: the scheduled bulletin run, then the queue to rest.
  await at('2026-11-01T02:00:00+08:00');
  await stack.drain();
  await at(MORNING);
}, 180_000);
afterAll(() => env?.close());

/** A console page whose own clock reads the same morning as the local stack's. */
async function newPage(viewport = DESKTOP): Promise<Page> {
  const page = await consolePage(browser, viewport);
  await page.clock.setFixedTime(new Date(MORNING));
  return page;
}
const signIn = (page: Page, role: string, path: string) => signInAs(page, stack.url, role, path);
const heading = (page: Page) => page.locator('h2.title').innerText();
const figure = (page: Page, caption: string) => page.locator('figure').filter({ hasText: caption });
/** A chart's text alternative as rows of cells. */
const tableOf = (page: Page, caption: string) =>
  figure(page, caption)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())),
    );

describe('the monthly bulletin (月度通报) at 1280 px', () => {
  it('shows a county supervisor last month’s county bulletin: charts with their numbers in tables, and the ranking', async () => {
    const page = await newPage();
    await signIn(page, '县级督查', '/bulletin');
    await expect.poll(() => heading(page)).toContain('锦江区2026年10月');
    expect(await heading(page)).toContain('汇总通报');

    // Five charts drawn (SVG), each with a table of the same numbers.
    await expect.poll(() => page.locator('figure svg').count()).toBe(5);
    expect(await page.locator('figure table').count()).toBe(5);
    expect(await tableOf(page, '好差评')).toEqual([
      ['非常满意', '1'],
      ['满意', '1'],
      ['基本满意', '0'],
      ['不满意', '1'],
      ['非常不满意', '0'],
    ]);
    expect(await tableOf(page, '受理渠道')).toEqual([
      ['现场反映', '3'],
      ['投诉电话', '1'],
      ['网上反映', '1'],
    ]);
    expect(await tableOf(page, '服务范围')).toEqual([
      ['在便民中心咨询多次后仍未能办成事', '3'],
      ['提交申请材料不齐或者提交后未能办事', '1'],
      ['办事不满意投诉', '1'],
      ['不属于本便民中心办事权限', '0'],
      ['涉法涉诉、信访、已立案等事项（不予受理）', '0'],
      ['法律法规文件明确规定不予办理的事项（不予受理）', '0'],
    ]);
    // 社保局: two orders fell due in October, one answered on time, one never.
    expect(await tableOf(page, '承办单位按时反馈率')).toEqual([
      ['锦江区社会保险事业管理局', '2', '1', '1', '50.0%'],
    ]);
    const trend = await tableOf(page, '近 12 个月走势');
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)).toEqual(['2026年10月', '5', '3', '50.0%', '66.7%']);
    expect(trend[0]?.[0]).toBe('2025年11月');

    const ranking = page.locator('table.ranking tbody tr');
    await expect.poll(() => ranking.count()).toBe(2);
    expect(await page.locator('table.ranking').innerText()).toContain(A_NAME);
    expect(await page.locator('table.ranking').innerText()).toContain(B_NAME);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'bulletin-county-1280');

    // The chart follows its box: one column below 1024 px, so the chart is drawn wider, to the box.
    const chart = figure(page, '受理渠道');
    const widths = () =>
      chart.evaluate((fig) => ({
        box: fig.getBoundingClientRect().width,
        svg: fig.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      }));
    const before = await widths();
    expect(before.svg).toBeCloseTo(before.box, 0);
    await page.setViewportSize({ width: 900, height: 800 });
    await expect.poll(async () => (await widths()).svg).toBeGreaterThan(before.svg);
    const after = await widths();
    expect(after.svg).toBeCloseTo(after.box, 0);
    await expectNoHorizontalScroll(page);
    await page.context().close();
  });

  it('lets the county supervisor drill down to a centre, its ledger of the month and a case, with phones masked', async () => {
    const page = await newPage();
    await signIn(page, '县级督查', '/bulletin');
    await page.locator('table.ranking').getByRole('link', { name: A_NAME }).click();
    await expect.poll(() => page.url()).toContain(`region=${A}`);
    await expect.poll(() => heading(page)).toContain(`${A_NAME}2026年10月`);
    expect(await page.locator('nav.crumbs').innerText()).toMatch(
      /锦江区\s*›\s*成都市锦江区春熙路街道便民服务中心/,
    );
    // The centre's overdue order links its case.
    expect(await page.locator('section').filter({ hasText: '超期工单（1）' }).innerText()).toContain(
      cases.a2!.number,
    );
    await screenshot(page, 'bulletin-centre-1280');

    await page.getByRole('button', { name: '查看本月台账' }).click();
    await expect.poll(() => page.url()).toContain(`/ledger?tenantId=${A}&from=2026-10-01&to=2026-10-31`);
    const rows = page.locator('.el-table__body tr');
    // A1–A3 and the demo case registered when the stack started (12 October).
    await expect.poll(() => rows.count()).toBe(4);
    const ledger = await page.locator('.el-table__body').innerText();
    expect(ledger).toContain(cases.a1!.number);
    expect(ledger).not.toContain(cases.b1!.number);
    // The server masks a supervisor's phone numbers; the screen shows what it was sent.
    expect(ledger).toContain('138****5678');
    expect(ledger).not.toContain('13812345678');
    await screenshot(page, 'bulletin-ledger-1280');

    await rows.filter({ hasText: cases.a1!.number }).click();
    await expect.poll(() => page.url()).toContain(`/case/${cases.a1!.id}`);
    await expect.poll(() => page.locator('main').innerText()).toContain('138****5678');
    expect(await page.locator('main').innerText()).not.toContain('13812345678');
    const api = await stack.call('GET', `/cases/${cases.a1!.id}`, {
      token: await stack.token({ role: 'supervisor', regionCode: '510104' }),
    });
    expect(api.body.reporter.phone).toBe('138****5678');
    await page.context().close();
  });

  it('lets a province supervisor drill down province → city → county', async () => {
    const page = await newPage();
    await signIn(page, '省级督查', '/bulletin');
    await expect.poll(() => heading(page)).toContain('四川省2026年10月');
    await page.locator('table.ranking').getByRole('link', { name: '成都市' }).click();
    await expect.poll(() => heading(page)).toContain('成都市2026年10月');
    await page.locator('table.ranking').getByRole('link', { name: '锦江区' }).click();
    await expect.poll(() => heading(page)).toContain('锦江区2026年10月');
    expect(await page.locator('nav.crumbs').innerText()).toMatch(/四川省\s*›\s*成都市\s*›\s*锦江区/);
    // Back up one step by the path.
    await page.locator('nav.crumbs').getByRole('link', { name: '成都市' }).click();
    await expect.poll(() => heading(page)).toContain('成都市2026年10月');
    await page.context().close();
  });

  it('lets the director download the centre’s bulletin as a workbook named after the centre', async () => {
    const page = await newPage();
    await signIn(page, '中心主任', '/bulletin');
    await expect.poll(() => heading(page)).toContain(`${A_NAME}2026年10月`);
    expect(await page.locator('table.ranking').count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${A_NAME}2026-10通报.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path()) as string) as unknown as ArrayBuffer);
    expect(workbook.worksheets.length).toBeGreaterThan(0);

    const [ratings] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出好差评' }).click(),
    ]);
    expect(ratings.suggestedFilename()).toBe(`${A_NAME}好差评2026-10.csv`);
    const csv = readFileSync((await ratings.path()) as string, 'utf8');
    expect(csv).toContain(cases.a1!.number);
    expect(csv).toContain(cases.a3!.number);
    await page.context().close();
  });

  it('names the county’s downloads as people name the county (锦江区)', async () => {
    const page = await newPage();
    await signIn(page, '县级督查', '/bulletin');
    await expect.poll(() => heading(page)).toContain('锦江区');
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载通报（打印版）' }).click(),
    ]);
    expect(html.suggestedFilename()).toBe('锦江区2026-10通报.html');
    expect(readFileSync((await html.path()) as string, 'utf8')).toContain('锦江区');
    await page.context().close();
  });
});

describe('the annual score (年度评分)', () => {
  it('shows the director the centre’s score with its four components, penalty and ranks', async () => {
    const page = await newPage();
    await signIn(page, '中心主任', '/scores');
    await expect.poll(() => heading(page)).toContain(`${A_NAME} 2026 年度服务量化评分`);
    const own = page.locator('dl.figures');
    for (const part of [
      '年度得分',
      '按时反馈（权重 30）',
      '办结（权重 25）',
      '回访（权重 20）',
      '满意度（权重 25）',
      '超期扣分',
    ]) {
      expect(await own.innerText()).toContain(part);
    }
    // One order of two answered on time: the component is 50.
    expect(await own.locator('.figure').filter({ hasText: '按时反馈' }).locator('dd').innerText()).toBe('50');
    expect(await page.locator('main').innerText()).toContain('县区内第 ');
    await screenshot(page, 'scores-director-1280');
    await page.context().close();
  });

  it('ranks the centres of the county for its supervisor', async () => {
    const page = await newPage();
    await signIn(page, '县级督查', '/scores');
    const rows = page.locator('table.data').first().locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const text = await page.locator('table.data').first().innerText();
    expect(text).toContain(A_NAME);
    expect(text).toContain(B_NAME);
    expect(text).toMatch(/[12]\/2/);
    await page.context().close();
  });
});

describe('the report screens at 375 px (phone)', () => {
  it('keeps the bulletin and the score within the screen: charts fit, wide tables scroll in their own box', async () => {
    const page = await newPage(PHONE);
    await signIn(page, '县级督查', '/bulletin');
    await expect.poll(() => page.locator('figure svg').count()).toBe(5);
    await expect.poll(() => page.locator('table.ranking tbody tr').count()).toBe(2);
    await expectNoHorizontalScroll(page);
    const widths = await page
      .locator('figure svg')
      .evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().right));
    for (const right of widths) expect(right).toBeLessThanOrEqual(PHONE.width);
    await expectTouchTargets(page);
    await screenshot(page, 'bulletin-county-375');

    await page.goto(`${stack.url}/scores`);
    await expect.poll(() => page.locator('table.data tbody tr').count()).toBeGreaterThan(1);
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'scores-county-375');
    await page.context().close();
  });
});
