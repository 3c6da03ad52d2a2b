import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTINUATION_MARKER } from '../../shared/documents/fit.ts';
import { escapeHtml, html, safeHttpUrl, trustedHtml } from '../../shared/documents/html.ts';
import { INTAKE_FORM_LABELS, renderIntakeForm } from '../../shared/documents/intake-form.ts';
import { SCOPE_KIND_LABELS } from '../../shared/documents/labels.ts';
import { NOTICE_LABELS, renderNotice } from '../../shared/documents/notice.ts';
import { renderTransferForm, TRANSFER_FORM_LABELS } from '../../shared/documents/transfer-form.ts';
import type { Case } from '../../shared/schemas/case.ts';
import { CATEGORIES, STANDARD_REQUIREMENTS, type WorkOrder } from '../../shared/schemas/work-order.ts';
import { demoCase, demoWorkOrder, HOSTILE, LONG_DESCRIPTION, tenant } from './fixtures.ts';
import { cellAfter, field, labelTexts, textOf, ticked } from './parse.ts';

const intake = (c: Partial<Case> = {}) => renderIntakeForm({ case: { ...demoCase, ...c }, tenant });
const transfer = (wo: Partial<WorkOrder> = {}, c: Partial<Case> = {}) =>
  renderTransferForm({ case: { ...demoCase, ...c }, workOrder: { ...demoWorkOrder, ...wo }, tenant });
const notice = (c: Partial<Case> = {}) =>
  renderNotice({ case: { ...demoCase, ...c }, tenant, printedOn: '2026-10-09' });

/** The standard's labels with the line breaks of its table cells removed. */
const TABLE_A1_LABELS = [
  '编号',
  '反映人姓名',
  '联系电话',
  '受理人员',
  '受理时间',
  '“办不成事”情况记录',
  '办理对象确认',
  '签字',
  '日期',
  '“办不成事”反映窗口处理意见',
  '当场答复',
  '专班会议研究',
  '当场答复情况',
  '经办人员签字',
];
const TABLE_A2_LABELS = [
  '编号',
  '反映人姓名',
  '联系电话',
  '问题类别',
  '简单问题',
  '一般问题',
  '复杂问题',
  '“办不成事”情况记录',
  '办理要求',
  '简单问题：即收即转即办',
  '一般问题：及时协调解决，2个工作日内整改反馈',
  '复杂问题：研究分析，5个工作日内反馈办理进度、说明理由，持续跟踪督办直至办结',
  '其他办理要求',
  '备注',
];

describe('the page shell', () => {
  it.each([
    ['intake form', intake()],
    ['transfer form', transfer()],
    ['notice', notice()],
  ])('%s is a self-contained, printable zh-CN A4 page', (_, page) => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toMatch(/@page \{ size: A4; margin: 15mm 18mm; \}/);
    expect(page).toContain(
      '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif',
    );
    expect(page).toContain('<button onclick="window.print()">打印</button>');
    expect(page).toMatch(/@media print \{\s*\.no-print \{ display: none !important; \}/);
    expect(page).toContain('<div class="toolbar no-print">');
    // Nothing is fetched: no scripts, stylesheets, images, web fonts or imports.
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face|url\(|\ssrc=/i);
  });

  it('renders the same page for the same input', () => {
    expect(intake()).toBe(intake());
    expect(transfer()).toBe(transfer());
    expect(notice()).toBe(notice());
  });

  it('document sources never read the clock', () => {
    const dir = new URL('../../shared/documents/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      expect(source, file).not.toMatch(/new Date\(|Date\.now\(/);
    }
  });
});

describe('html tag', () => {
  it('escapes & < > " \' in every interpolated string and number', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(html`<p title="${`a"b`}">${'<b>&'}${42}</p>`.value).toBe(
      '<p title="a&quot;b">&lt;b&gt;&amp;42</p>',
    );
  });

  it('passes nested html and trusted constants through once, and prints nothing for null/undefined', () => {
    const inner = html`<em>${'<x>'}</em>`;
    expect(html`<p>${inner}${[inner, '<y>']}${null}${undefined}${trustedHtml('<br>')}</p>`.value).toBe(
      '<p><em>&lt;x&gt;</em><em>&lt;x&gt;</em>&lt;y&gt;<br></p>',
    );
  });

  it('keeps only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://bancheng.example/a?b=1')).toBe('https://bancheng.example/a?b=1');
    expect(safeHttpUrl('http://localhost:3000/x')).toBe('http://localhost:3000/x');
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      '/relative',
      'vbscript:x',
      '',
    ]) {
      expect(safeHttpUrl(bad), bad).toBeUndefined();
    }
  });
});

describe('Form A.1 受理单', () => {
  it('carries every label of Table A.1', () => {
    const page = intake();
    const text = textOf(page);
    for (const label of TABLE_A1_LABELS) expect(text, label).toContain(label);
    for (const label of Object.values(INTAKE_FORM_LABELS)) expect(text, label).toContain(label);
    expect(labelTexts(page)).toEqual([
      '反映人姓名',
      '联系电话',
      '受理人员',
      '受理时间',
      '“办不成事”情况记录',
      '办理对象确认',
      '“办不成事”反映窗口处理意见',
    ]);
  });

  it('puts each value in the cell after its label', () => {
    const page = intake();
    expect(field(page, 'number')).toBe('510104001-2026-00042');
    expect(cellAfter(page, '反映人姓名').text).toBe('李秀英');
    expect(cellAfter(page, '联系电话').text).toBe('13881234567');
    expect(cellAfter(page, '受理人员').text).toBe('王芳');
    expect(cellAfter(page, '受理时间').text).toBe('2026年10月09日 09:42');
    const record = cellAfter(page, '“办不成事”情况记录');
    expect(record.text).toContain('反映事项：城乡居民养老保险参保登记及补缴');
    expect(record.text).toContain(LONG_DESCRIPTION);
    expect(cellAfter(page, '办理对象确认').text.replace(/\s+/g, '')).toBe('签字：李秀英日期：2026年10月09日');
    const opinion = cellAfter(page, '“办不成事”反映窗口处理意见');
    expect(opinion.text).toContain(`当场答复情况：${demoCase.opinion?.answer}`);
    expect(field(page, 'handledBy')).toBe('经办人员：王芳　处理时间：2026年10月09日 10:05');
    expect(field(page, 'centre')).toBe(tenant.name);
  });

  it('leaves blank lines to sign on when the reporter has not confirmed yet', () => {
    const page = intake({ confirmation: null });
    expect(field(page, 'confirmationSignedBy')).toBe('');
    expect(field(page, 'confirmationDate')).toBe('');
    expect(cellAfter(page, '办理对象确认').text.replace(/\s+/g, '')).toBe('签字：日期：');
  });

  it('keeps the handler signature line blank even when the handler is known', () => {
    const page = intake();
    expect(field(page, 'handlerSignature')).toBe('');
    expect(field(page, 'handlerDate')).toBe('');
  });

  it('ticks 当场答复 for an on-the-spot answer', () => {
    expect(ticked(intake())).toEqual(['on_the_spot']);
  });

  it('ticks 专班会议研究 for a task-force opinion and leaves the answer empty', () => {
    const page = intake({
      opinion: {
        kind: 'task_force',
        note: '涉及公安、社保两个部门，提交专班会议研究',
        handledBy: { id: 's1', name: '王芳' },
        handledAt: '2026-10-09T10:05:00+08:00',
      },
    });
    expect(ticked(page)).toEqual(['task_force']);
    expect(field(page, 'answer')).toBe('');
    expect(field(page, 'taskForceNote')).toBe('涉及公安、社保两个部门，提交专班会议研究');
  });

  it('ticks nothing and prints no handler while there is no opinion', () => {
    const page = intake({ opinion: null });
    expect(ticked(page)).toEqual([]);
    expect(page).not.toContain('data-field="handledBy"');
  });

  it('prints acceptance time in Asia/Shanghai whatever the offset of the stored time', () => {
    expect(cellAfter(intake({ acceptedAt: '2026-12-31T16:30:00Z' }), '受理时间').text).toBe(
      '2027年01月01日 00:30',
    );
  });

  it('prints a station, assisted handling and the scope under the table', () => {
    const page = intake({ station: '红星社区便民服务站', channel: 'phone' });
    expect(field(page, 'channel')).toBe('受理渠道：投诉电话（红星社区便民服务站代为登记）　提供帮办代办服务');
    expect(field(page, 'scope')).toBe('服务范围：在便民中心咨询多次后仍未能办成事');
  });
});

describe('Form A.2 转办单', () => {
  it('carries every label of Table A.2, plus 承办单位 and 办理时限', () => {
    const page = transfer();
    const text = textOf(page);
    for (const label of TABLE_A2_LABELS) expect(text, label).toContain(label);
    for (const label of Object.values(TRANSFER_FORM_LABELS)) expect(text, label).toContain(label);
    expect(labelTexts(page)).toEqual([
      '反映人姓名',
      '联系电话',
      '问题类别',
      '“办不成事”情况记录',
      '办理要求',
      '承办单位',
      '办理时限',
      '备注',
    ]);
  });

  it('puts each value in the cell after its label', () => {
    const page = transfer();
    expect(field(page, 'number')).toBe('510104001-2026-00042-1');
    expect(cellAfter(page, '反映人姓名').text).toBe('李秀英');
    expect(cellAfter(page, '联系电话').text).toBe('13881234567');
    expect(cellAfter(page, '“办不成事”情况记录').text).toContain(LONG_DESCRIPTION);
    expect(cellAfter(page, '办理要求').text).toContain(`其他办理要求：${demoWorkOrder.otherRequirements}`);
    expect(field(page, 'otherRequirements')).toBe(demoWorkOrder.otherRequirements);
    expect(cellAfter(page, '承办单位').text).toBe('锦江区社会保险事业管理局');
    expect(cellAfter(page, '办理时限').text).toBe('2026年10月13日 17:30前');
    expect(cellAfter(page, '备注').text).toBe(demoWorkOrder.note);
    expect(textOf(page)).toContain('受理单编号：510104001-2026-00042');
  });

  it.each(CATEGORIES)('ticks %s in 问题类别 and its line of 办理要求, and nothing else', (category) => {
    const page = transfer({ category, requirements: STANDARD_REQUIREMENTS[category] });
    expect(ticked(page)).toEqual([category]);
    const categoryRow = cellAfter(page, '问题类别').inner;
    expect(categoryRow.match(/data-checked="true"/g)).toHaveLength(1);
    expect(cellAfter(page, '办理要求').inner.match(/data-checked="true"/g)).toHaveLength(1);
    expect(page).not.toContain('data-field="requirementsText"');
  });

  it('marks a provisional due time 暂定', () => {
    const page = transfer({ provisional: true, dueAt: '2027-01-06T17:30:00+08:00' });
    expect(cellAfter(page, '办理时限').text).toMatch(/^2027年01月06日 17:30前（暂定）/);
    expect(transfer()).not.toContain('暂定');
  });

  it('says a complex order is due for a progress report', () => {
    expect(cellAfter(transfer({ category: 'complex' }), '办理时限').text).toBe(
      '2026年10月13日 17:30前反馈办理进度',
    );
  });

  it("prints a centre's own requirement wording when it differs from the standard's", () => {
    const page = transfer({ requirements: '及时协调解决，3个工作日内整改反馈' });
    expect(field(page, 'requirementsText')).toBe('本单办理要求：及时协调解决，3个工作日内整改反馈');
  });

  it('leaves 其他办理要求 and 备注 blank when there are none', () => {
    const page = transfer({ otherRequirements: undefined, note: undefined });
    expect(field(page, 'otherRequirements')).toBe('');
    expect(cellAfter(page, '备注').text).toBe('');
  });

  it('renders http(s) action links under the form, screen only, and drops every other scheme', () => {
    const page = renderTransferForm({
      case: demoCase,
      workOrder: demoWorkOrder,
      tenant,
      actionLinks: [
        { label: '签收', url: 'https://bancheng.example/actions/ack?token=a.b.c&x=1' },
        { label: '反馈', url: 'http://localhost:3000/actions/feedback?token=t' },
        { label: '退回', url: 'javascript:alert(document.cookie)' },
        { label: 'x', url: 'JAVASCRIPT:alert(1)' },
        { label: 'y', url: 'data:text/html,<script>alert(1)</script>' },
        { label: 'z', url: '/relative' },
      ],
    });
    const links = [...page.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['https://bancheng.example/actions/ack?token=a.b.c&amp;x=1', '签收'],
      ['http://localhost:3000/actions/feedback?token=t', '反馈'],
    ]);
    expect(page).not.toMatch(/javascript:|data:text/i);
    expect(page).toContain('<nav class="actions no-print"');
  });

  it('escapes hostile link labels and URLs', () => {
    const page = renderTransferForm({
      case: demoCase,
      workOrder: demoWorkOrder,
      tenant,
      actionLinks: [{ label: HOSTILE[1], url: `https://bancheng.example/a?q="><script>alert(1)</script>` }],
    });
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>');
  });
});

describe('一次性告知书', () => {
  it('carries every label', () => {
    const text = textOf(notice());
    for (const label of Object.values(NOTICE_LABELS)) expect(text, label).toContain(label);
  });

  it('tells the case, the materials, how to supplement, acceptance and next steps', () => {
    const page = notice();
    expect(field(page, 'number')).toBe('510104001-2026-00042');
    expect(cellAfter(page, '反映人姓名').text).toBe('李秀英');
    expect(cellAfter(page, '反映事项').text).toBe('城乡居民养老保险参保登记及补缴');
    expect(ticked(page)).toEqual(['incomplete', 'accepted']);
    expect(cellAfter(page, '如何补正').text).toBe(demoCase.notice.howToSupplement);
    expect(cellAfter(page, '是否受理及理由').text).toContain('受理情形：在便民中心咨询多次后仍未能办成事');
    expect(cellAfter(page, '下一步程序').text).toBe(demoCase.notice.nextSteps);
    expect(field(page, 'issuer')).toBe(tenant.name);
    expect(field(page, 'centrePhone')).toBe('028-86612345');
    expect(field(page, 'address')).toBe(tenant.contact?.address);
    expect(field(page, 'printedOn')).toBe('2026年10月09日');
    expect(field(page, 'notifierSignature')).toBe('');
    expect(field(page, 'reporterSignature')).toBe('');
  });

  it('says materials are complete and need no supplement', () => {
    const page = notice({
      notice: { ...demoCase.notice, materialsComplete: true, howToSupplement: undefined },
    });
    expect(ticked(page)).toEqual(['complete', 'accepted']);
    expect(cellAfter(page, '如何补正').text).toBe('材料齐全，无需补正。');
  });

  it.each(Object.entries(SCOPE_KIND_LABELS))('names scope kind %s in Chinese', (kind, label) => {
    const refused = kind === 'litigation_petition_or_filed' || kind === 'prohibited_by_law';
    const page = notice({
      scope: {
        kind: kind as Case['scope']['kind'],
        accepted: !refused,
        reason: refused ? '已向法院起诉' : undefined,
      },
      notice: { ...demoCase.notice, accepted: !refused },
    });
    const cell = cellAfter(page, '是否受理及理由').text;
    expect(cell).toContain(`${refused ? '不予受理情形' : '受理情形'}：${label}`);
    expect(ticked(page)).toContain(refused ? 'refused' : 'accepted');
    if (refused) expect(cell).toContain('理由：已向法院起诉');
  });

  it('prints the reason recorded on the notice in preference to the scope reason', () => {
    const page = notice({ notice: { ...demoCase.notice, reason: '属于县级部门权限，由本窗口协调转办' } });
    expect(cellAfter(page, '是否受理及理由').text).toContain('理由：属于县级部门权限，由本窗口协调转办');
  });

  it('leaves the centre contact empty when the centre has none', () => {
    const page = renderNotice({
      case: demoCase,
      tenant: { ...tenant, contact: undefined },
      printedOn: '2026-10-09',
    });
    expect(field(page, 'centrePhone')).toBe('');
    expect(field(page, 'address')).toBe('');
  });
});

describe('hostile input prints as text, never as markup', () => {
  const [script, breakout] = HOSTILE;
  const hostileCase: Partial<Case> = {
    reporter: { name: script, phone: '13800000000' },
    matter: breakout,
    description: `${script}\n${breakout}`,
    station: breakout,
    acceptedBy: { id: 's', name: breakout },
    confirmation: { signedBy: script, signedAt: '2026-10-09' },
    opinion: {
      kind: 'on_the_spot',
      answer: breakout,
      handledBy: { id: 's', name: script },
      handledAt: '2026-10-09T10:00:00+08:00',
    },
    notice: { ...demoCase.notice, howToSupplement: script, nextSteps: breakout, reason: script },
  };
  const hostileTenant = { ...tenant, name: script, contact: { phone: breakout, address: script } };
  const pages = {
    intake: renderIntakeForm({ case: { ...demoCase, ...hostileCase }, tenant: hostileTenant }),
    transfer: renderTransferForm({
      case: { ...demoCase, ...hostileCase },
      workOrder: {
        ...demoWorkOrder,
        note: breakout,
        otherRequirements: script,
        departmentName: breakout,
        number: script,
      },
      tenant: hostileTenant,
    }),
    notice: renderNotice({
      case: { ...demoCase, ...hostileCase },
      tenant: hostileTenant,
      printedOn: breakout,
    }),
  };

  it.each(Object.entries(pages))('%s', (_, page) => {
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(cellAfter(page, '反映人姓名').text).toBe(script);
    // The title carries the number and centre too.
    expect(/<title>([^<]*)<\/title>/.exec(page)?.[1]).not.toMatch(/[<>"]/);
  });

  it('keeps the hostile record readable in the record cell', () => {
    expect(cellAfter(pages.intake, '“办不成事”情况记录').text).toBe(
      `反映事项：${breakout}${script}\n${breakout}`,
    );
    expect(cellAfter(pages.transfer, '备注').text).toBe(breakout);
  });
});

describe('long text', () => {
  const longest = '群众反映'.repeat(1000); // 4,000 characters, the schema's maximum

  it.each([
    ['intake form', intake({ description: longest })],
    ['transfer form', transfer({}, { description: longest })],
  ])('%s cuts the record with a marker and prints it in full on a continuation sheet', (_, page) => {
    const record = cellAfter(page, '“办不成事”情况记录').text;
    expect(record.endsWith(CONTINUATION_MARKER)).toBe(true);
    expect(record.length).toBeLessThan(longest.length);
    expect(page).toContain('<section class="sheet continuation">');
    expect(textOf(/data-continuation="record">([^<]*)</.exec(page)?.[1] ?? '')).toBe(longest);
  });

  it('a ~600-character record stays whole on the form with no continuation sheet', () => {
    for (const page of [intake(), transfer()]) {
      expect(cellAfter(page, '“办不成事”情况记录').text).not.toContain(CONTINUATION_MARKER);
      expect(page).not.toContain('class="sheet continuation"');
    }
  });

  it('long notice texts move to a continuation sheet too', () => {
    const page = notice({
      notice: {
        ...demoCase.notice,
        howToSupplement: '补正'.repeat(500),
        nextSteps: '程序'.repeat(500),
        reason: '理由'.repeat(250),
      },
    });
    expect(page).toContain('附页：一次性告知书');
  });
});
