/**
 * The clerk's working day in the console, in real Chromium against the local stack: sign in,
 * register a case (with the server's field message shown in place), print Form A.1 and the
 * notice, record the signature, transfer, close once the department answered, a bad follow-up
 * that reopens the case; a refused case with its reason; the ledger filtered and exported;
 * a change by someone else (409) offered as a reload; an expired sign-in; the phone width.
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

/** The form item of a field, found by its label text. */
const field = (page: Page, label: string) =>
  page
    .locator('.el-form-item')
    .filter({ has: page.locator('label', { hasText: label }) })
    .first();
const choose = (page: Page, text: string | RegExp) =>
  page.locator('label.el-radio').filter({ hasText: text }).click();
/** An el-select: open it by its field, pick the visible option. */
async function select(page: Page, label: string, option: string) {
  await field(page, label).locator('.el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).click();
}
const closeDialog = (page: Page) =>
  page.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click();

async function fillIntake(page: Page, o: { name: string; phone: string; matter: string }) {
  await choose(page, '投诉电话');
  await page.getByLabel('反映人姓名', { exact: true }).fill(o.name);
  await page.getByLabel('联系电话', { exact: true }).fill(o.phone);
  await page.getByLabel('反映事项', { exact: true }).fill(o.matter);
  await page
    .getByLabel('“办不成事”情况记录', { exact: true })
    .fill('两次到窗口办理，均被告知缺少材料，但每次说法不一');
  await choose(page, '在便民中心咨询多次后仍未能办成事');
  await choose(page, '不齐全');
  await page.getByLabel('如何补正', { exact: true }).fill('补充户口簿复印件');
  await page.getByLabel('下一步需要进行的程序', { exact: true }).fill('材料补齐后到综合窗口递交');
  await page.getByText('提供免费帮办、代办服务').click();
}

describe('the clerk (窗口人员) in the console at 1280 px', () => {
  let caseUrl = '';

  it('registers a case, sees the server message on its field, prints Form A.1 and the notice, records the signature', async () => {
    const page = await newPage();
    await signIn(page, '窗口人员');
    await expect.poll(() => page.url()).toMatch(/\/intake$/);
    await expect.poll(() => page.locator('.top').innerText()).toContain('成都市锦江区春熙路街道便民服务中心');

    // A matter of blanks passes the form's own check but not the server's: its message shows on the field.
    await fillIntake(page, { name: '王小明', phone: '13912345678', matter: '   ' });
    await page.getByRole('button', { name: '保存登记' }).click();
    const matterError = field(page, '反映事项').locator('.el-form-item__error');
    await expect.poll(() => matterError.innerText()).toMatch(/\S/);
    expect(await page.getByLabel('反映人姓名', { exact: true }).inputValue()).toBe('王小明'); // nothing typed is lost
    await screenshot(page, 'intake-error-1280');

    await page.getByLabel('反映事项', { exact: true }).fill('城乡居民养老保险参保登记');
    await page.getByRole('button', { name: '保存登记' }).click();
    const title = page.locator('.el-result__title');
    await expect.poll(() => title.innerText()).toMatch(/^已受理登记，编号 510104001-2026-\d{5}$/);
    await screenshot(page, 'intake-saved-1280');

    await page.getByRole('button', { name: '打印受理单' }).click();
    const sheet = page.frameLocator('iframe.sheet');
    await expect.poll(() => sheet.locator('body').innerText()).toContain('问题受理单');
    expect(await sheet.locator('body').innerText()).toContain('王小明');
    await closeDialog(page);
    await page.getByRole('button', { name: '打印一次性告知书' }).click();
    await expect.poll(() => sheet.locator('body').innerText()).toContain('一次性告知');
    await page.getByRole('dialog').getByRole('button', { name: '打印' }).click();
    await closeDialog(page);

    expect(await page.getByLabel('签字人', { exact: true }).inputValue()).toBe('王小明');
    expect(await page.getByLabel('签字日期', { exact: true }).inputValue()).toBe('2026-10-12');
    await page.getByRole('button', { name: '记录签字确认' }).click();
    await expect.poll(() => page.getByText('已记录签字确认').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: '查看案件详情' }).click();
    await expect.poll(() => page.url()).toMatch(/\/case\/case_/);
    caseUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.locator('.sheet').innerText()).toContain('王小明（2026-10-12）');
    await page.context().close();
  });

  it('transfers the case to a department, closes it once answered, and a bad follow-up reopens it', async () => {
    const page = await newPage();
    await signIn(page, '窗口人员', caseUrl);
    await expect.poll(() => page.url()).toContain(caseUrl);
    await page.getByRole('button', { name: '转办', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '转办' });
    await dialog.locator('label.el-radio').filter({ hasText: '一般问题' }).click();
    await select(page, '承办单位', '锦江区社会保险事业管理局');
    await dialog.getByLabel('备注', { exact: true }).fill('请两个工作日内联系反映人');
    await dialog.getByRole('button', { name: '转办' }).click();
    const order = page.locator('article.order').first();
    await expect.poll(() => order.innerText()).toContain('锦江区社会保险事业管理局');
    // Monday 09:00 + 2 working days → Wednesday 17:30, shown in Asia/Shanghai whatever the browser's zone.
    expect(await order.innerText()).toContain('2026-10-14 17:30');
    expect(await order.innerText()).toContain('剩余 2 个工作日');
    expect(await page.getByRole('button', { name: '办结', exact: true }).count()).toBe(0);
    await screenshot(page, 'case-transferred-1280');

    // A scan of the materials, its SHA-256 computed in the browser and checked by storage.
    await page.getByLabel('选择文件', { exact: true }).setInputFiles({
      name: '户口簿复印件.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 户口簿复印件\n%%EOF\n'),
    });
    await page.getByRole('button', { name: '上传附件' }).click();
    await expect.poll(() => page.locator('.files').innerText()).toContain('户口簿复印件.pdf');
    expect(await page.locator('.files').innerText()).toContain('已保存');

    // The department answers (its own channel), then the centre closes the case.
    const caseId = caseUrl.split('/').pop()!;
    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    const detail = await stack.call('GET', `/cases/${caseId}`, { token: staff });
    const dept = await stack.token({ role: 'department', tenantId: DEMO_TENANT, departmentId: 'shebao' });
    const answered = await stack.call('POST', `/work-orders/${detail.body.workOrders[0].id}/feedback`, {
      token: dept,
      body: { kind: 'result', content: '已为反映人办理参保登记' },
    });
    expect(answered.status).toBe(200);
    await stack.drain();
    await page.reload();
    // The texts to the reporter so far, kept beside the case: receipt, transfer, the answer.
    const texts = page.locator('.sms');
    await expect.poll(() => texts.innerText()).toContain('承办单位答复');
    expect(await texts.innerText()).toContain('受理告知');
    expect(await texts.innerText()).toContain('转办告知');
    expect(await texts.innerText()).toContain('已发送');
    expect(await page.locator('.timeline').innerText()).not.toContain('短信告知反映人');
    await page.getByRole('button', { name: '办结', exact: true }).click();
    const close = page.getByRole('dialog', { name: '办结' });
    await close.getByLabel('办结情况说明', { exact: true }).fill('社保局已为反映人办理参保登记');
    await close.getByRole('button', { name: '办结' }).click();
    await expect.poll(() => page.locator('.head .el-tag').first().innerText()).toBe('已办结');

    await page.getByRole('button', { name: '回访', exact: true }).click();
    const followUp = page.getByRole('dialog', { name: '回访' });
    await followUp
      .locator('label.el-radio')
      .filter({ hasText: /^不满意$/ })
      .click();
    await followUp.locator('label.el-radio').filter({ hasText: '未解决' }).click();
    await expect.poll(() => followUp.innerText()).toContain('保存后案件将重新办理');
    await followUp.getByLabel('回访意见', { exact: true }).fill('社保卡仍未寄到');
    await followUp.getByRole('button', { name: '记录回访' }).click();
    await expect.poll(() => page.locator('.head .el-tag').first().innerText()).toBe('已重新办理');
    expect(await page.locator('.timeline').innerText()).toContain('回访不满意，重新办理');
    await screenshot(page, 'case-reopened-1280');
    await page.getByRole('button', { name: '校验审计链' }).click();
    await expect.poll(() => page.locator('.head').innerText()).toContain('审计链完整：记录未被改动');
    await page.context().close();
  });

  it('registers a refused case only with its reason', async () => {
    const page = await newPage();
    await signIn(page, '窗口人员');
    await fillIntake(page, { name: '赵六', phone: '028-86661234', matter: '劳动争议仲裁结果不服' });
    await choose(page, '涉法涉诉、信访、已立案等事项');
    await choose(page, /^齐全$/);
    await page.getByRole('button', { name: '保存登记' }).click();
    await expect
      .poll(() => field(page, '不予受理的理由').locator('.el-form-item__error').innerText())
      .toBe('不予受理时必须填写理由');
    await page
      .getByLabel('不予受理的理由', { exact: true })
      .fill('已申请劳动仲裁，属已立案事项，请按仲裁程序办理');
    await page.getByRole('button', { name: '保存登记' }).click();
    await expect.poll(() => page.locator('.el-result__subtitle').innerText()).toContain('不予受理');
    // A refused case is archived straight away.
    await page.getByRole('button', { name: '查看案件详情' }).click();
    await page.getByRole('button', { name: '存档' }).click();
    await page.getByRole('dialog', { name: '存档' }).getByRole('button', { name: '存档' }).click();
    await expect.poll(() => page.locator('.head .el-tag').first().innerText()).toBe('已存档');
    expect(await page.getByRole('button', { name: '转办', exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('filters the ledger and exports it as xlsx and csv with the same filters', async () => {
    const page = await newPage();
    await signIn(page, '窗口人员', '/ledger');
    await expect.poll(() => page.locator('.el-table__body').innerText()).toContain('510104001-2026-');
    await select(page, '状态', '已存档');
    await page.getByRole('button', { name: '查询' }).click();
    await expect
      .poll(async () => (await page.locator('.el-table__body tr').allInnerTexts()).join('|'))
      .toMatch(/^[^|]*赵六[^|]*已存档[^|]*$/);
    await page.getByLabel('检索', { exact: true }).fill('王小明');
    await select(page, '状态', '已重新办理');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.el-table__body').innerText()).toContain('王小明');
    await screenshot(page, 'ledger-1280');

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('办不成事台账.xlsx');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    const text = await (await csv.createReadStream()).toArray();
    const rows = Buffer.concat(text).toString('utf8').trim().split(/\r?\n/);
    expect(rows).toHaveLength(2); // the header and the one case the filters leave
    expect(rows[1]).toContain('王小明');
    await page.context().close();
  });

  it('offers a reload when someone else changed the case, keeping what was typed', async () => {
    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    const created = await stack.call('POST', '/cases', {
      token: staff,
      body: {
        channel: 'onsite',
        reporter: { name: '钱七', phone: '13700000000' },
        scope: { kind: 'dissatisfaction_complaint' },
        matter: '窗口服务态度',
        description: '窗口人员态度生硬',
        notice: { materialsComplete: true, nextSteps: '中心核实后答复' },
      },
    });
    const page = await newPage();
    await signIn(page, '窗口人员', `/case/${created.body.id}`);
    await page.getByRole('button', { name: '当场答复' }).click();
    const dialog = page.getByRole('dialog', { name: '当场答复' });
    await dialog.getByLabel('当场答复情况', { exact: true }).fill('已向反映人致歉并说明改进措施');
    // Meanwhile the director refers it to the task force.
    const director = await stack.token({ role: 'director', tenantId: DEMO_TENANT });
    const other = await stack.call('POST', `/cases/${created.body.id}/opinion`, {
      token: director,
      body: { kind: 'task_force' },
    });
    expect(other.status).toBe(200);
    await dialog.getByRole('button', { name: '保存处理意见' }).click();
    const box = page.getByRole('dialog', { name: '案件已有变化' });
    await expect.poll(() => box.count()).toBe(1);
    await box.getByRole('button', { name: '重新加载' }).click();
    await expect.poll(() => page.locator('.head .el-tag').first().innerText()).toBe('专班会议研究中');
    await page.getByRole('button', { name: '当场答复' }).click();
    expect(await dialog.getByLabel('当场答复情况', { exact: true }).inputValue()).toBe(
      '已向反映人致歉并说明改进措施',
    );
    await page.context().close();
  });

  it('sends the clerk to sign in again with "登录已过期" when the local clock passes the sign-in, then back', async () => {
    const page = await newPage();
    await signIn(page, '窗口人员', '/ledger');
    await expect.poll(() => page.locator('.el-table__body').innerText()).toContain('510104001-2026-');
    await stack.clock.advanceBy(11 * 3600 * 1000);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.url()).toContain('/sign-in');
    await expect.poll(() => page.getByText('登录已过期，请重新登录').count()).toBe(1);
    await page.getByRole('button', { name: /^窗口人员/ }).click();
    await expect.poll(() => page.url()).toMatch(/\/ledger$/);
    await page.context().close();
  });
});

describe('intake with the keyboard alone', () => {
  it('fills in and saves Form A.1 with Tab, arrows, Space and Enter', async () => {
    const page = await newPage();
    await signIn(page, '窗口人员');
    await page.getByRole('radio', { name: '现场反映' }).focus();
    const k = page.keyboard;
    await k.press('ArrowRight'); // 投诉电话
    await k.press('Tab');
    await k.type('周九');
    await k.press('Tab');
    await k.type('13512345678');
    await k.press('Tab'); // 代为登记的服务站: left empty
    await k.press('Tab');
    await k.type('残疾人两项补贴申请');
    await k.press('Tab');
    await k.type('申请两个月未有回复');
    await k.press('Tab'); // the first kind of the service scope
    await k.press('Space');
    await k.press('Tab'); // 申请材料是否齐全: 齐全 is chosen
    await k.press('Tab');
    await k.type('材料齐全，协调民政办答复');
    await k.press('Tab');
    await k.press('Space'); // 帮办代办
    await k.press('Tab');
    await k.press('Enter'); // 保存登记
    await expect.poll(() => page.locator('.el-result__title').innerText()).toContain('已受理登记');
    const staff = await stack.token({ role: 'staff', tenantId: DEMO_TENANT });
    const found = await stack.call('GET', `/cases?q=${encodeURIComponent('周九')}`, { token: staff });
    const saved = await stack.call('GET', `/cases/${found.body.items[0].id}`, { token: staff });
    expect(saved.body).toMatchObject({
      channel: 'phone',
      reporter: { name: '周九', phone: '13512345678' },
      matter: '残疾人两项补贴申请',
      scope: { kind: 'repeated_consultation' },
      assisted: true,
      notice: { materialsComplete: true, nextSteps: '材料齐全，协调民政办答复' },
    });
    await page.context().close();
  });
});

describe('the clerk at 375 px (phone)', () => {
  it('registers and reads a case with no horizontal scrolling and finger-sized controls', async () => {
    const page = await newPage(PHONE);
    await signIn(page, '窗口人员');
    await expect.poll(() => page.url()).toMatch(/\/intake$/);
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await fillIntake(page, { name: '孙八', phone: '13600000000', matter: '低保申请进度' });
    await screenshot(page, 'intake-375');
    await page.getByRole('button', { name: '保存登记' }).click();
    await expect.poll(() => page.locator('.el-result__title').innerText()).toContain('已受理登记');
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: '查看案件详情' }).click();
    await expect.poll(() => page.url()).toMatch(/\/case\/case_/);
    await expect.poll(() => page.locator('.sheet').innerText()).toContain('孙八');
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await screenshot(page, 'case-375');

    await page.getByRole('button', { name: '转办', exact: true }).click();
    const transfer = page.getByRole('dialog', { name: '转办' });
    await transfer.locator('label.el-radio').filter({ hasText: '简单问题' }).click();
    await select(page, '承办单位', '春熙路街道民政办');
    await transfer.getByRole('button', { name: '转办' }).click();
    const order = page.locator('article.order').first();
    await expect.poll(() => order.innerText()).toContain('春熙路街道民政办');
    await expectNoHorizontalScroll(page);
    await order.getByRole('button', { name: '撤回工单' }).click();
    const recall = page.getByRole('dialog', { name: /^撤回工单/ });
    await recall.getByLabel('撤回理由', { exact: true }).fill('转错单位，改转区民政局');
    await recall.getByRole('button', { name: '撤回工单' }).click();
    await expect.poll(() => order.innerText()).toContain('已撤回');

    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('menuitem', { name: '台账' }).click();
    await expect.poll(() => page.locator('button.card').first().innerText()).toContain('510104001-2026-');
    await expect.poll(() => page.locator('.el-drawer').isVisible()).toBe(false);
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page);
    await screenshot(page, 'ledger-375');
    await page.context().close();
  });
});
