/**
 * Prints the three documents with the real browser a clerk would use (Debian Chromium driven by
 * playwright-core) and reads the PDFs back with poppler: each is exactly one A4 page, and its
 * Chinese text is extractable (which proves the CJK fonts rendered). Screenshots land in
 * `.tmp/documents/` for a person to look at.
 *
 * Needs chromium, fonts-noto-cjk and poppler-utils (`bash scripts/setup-browser.sh`). Without them
 * the tests are skipped with a warning on a laptop and fail under CI=true.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_MM, renderBulletin } from '../../shared/documents/bulletin.ts';
import { CONTINUATION_MARKER } from '../../shared/documents/fit.ts';
import { renderIntakeForm } from '../../shared/documents/intake-form.ts';
import { renderMeetingMinutes } from '../../shared/documents/meeting-minutes.ts';
import { renderNotice } from '../../shared/documents/notice.ts';
import { renderTransferForm } from '../../shared/documents/transfer-form.ts';
import { statusLinkQrSvg } from '../../shared/use-cases/status-link.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATHS } from '../support/browser.ts';
import { countyBulletin, LONG_DEPARTMENT } from './bulletin-fixture.ts';
import {
  demoCase,
  demoWorkOrder,
  extremeCase,
  extremeTenant,
  extremeWorkOrder,
  HOSTILE,
  tenant,
} from './fixtures.ts';

const A4_PT = { width: 595, height: 842 };
const isA4 = (size?: { width: number; height: number }) =>
  !!size && Math.abs(size.width - A4_PT.width) <= 1 && Math.abs(size.height - A4_PT.height) <= 1;
const SCREENSHOT_DIR = fileURLToPath(new URL('../../.tmp/documents/', import.meta.url));

const executablePath = CHROMIUM_PATHS.find((p) => existsSync(p));
const missing = [
  executablePath ? null : 'chromium',
  /Noto (Sans|Serif) CJK/.test(
    spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).stdout ?? '',
  )
    ? null
    : 'fonts-noto-cjk',
  spawnSync('pdfinfo', ['-v']).error || spawnSync('pdftotext', ['-v']).error ? 'poppler-utils' : null,
].filter((m): m is string => m !== null);
const available = missing.length === 0;
const HOW_TO_INSTALL =
  'run `bash scripts/setup-browser.sh` (as root) or `apt-get install -y chromium fonts-noto-cjk poppler-utils`';

if (!available && process.env.CI === 'true') {
  describe('browser print prerequisites', () => {
    it('are installed on CI (.ci/run must call scripts/setup-browser.sh)', () => {
      expect.fail(`missing ${missing.join(', ')}: ${HOW_TO_INSTALL}`);
    });
  });
} else if (!available) {
  console.warn(`⚠️  BROWSER TEST SKIPPED: missing ${missing.join(', ')}; ${HOW_TO_INSTALL}`);
}

/** A task-force meeting as a director records it. */
const demoMeeting = {
  id: 'mtg_01kj0000000000000000000001',
  date: '2026-10-10',
  participants: ['赵敏（中心主任）', '陈刚（区社保局）', '刘洋（区医保局）'],
  minutes: '与会单位逐项核对了反映人的参保材料，明确由区社保局牵头补缴。',
  decisions: '三个工作日内完成补缴，中心跟踪督办。',
  recordedAt: '2026-10-10T15:00:00+08:00',
  recordedBy: { id: 'director-zhao', name: '赵敏' },
};
/** The same at the schema's maximum: 50 attendees, 8,000 characters of minutes, 4,000 of decisions. */
const longestMeeting = {
  ...demoMeeting,
  participants: Array.from({ length: 50 }, (_, i) => `参会人员${i + 1}（某某局某某科）`),
  minutes: `${'与会单位逐项核对材料并形成一致意见。'.repeat(470)}纪要到此结束。`,
  decisions: `${'由牵头单位限期办结并报中心备案。'.repeat(249)}决定到此结束。`,
};

const documents = {
  'intake-form': renderIntakeForm({ case: demoCase, tenant }),
  'transfer-form': renderTransferForm({
    case: demoCase,
    workOrder: { ...demoWorkOrder, provisional: true },
    tenant,
    actionLinks: [{ label: '签收', url: 'https://bancheng.example/actions/ack?token=t' }],
  }),
  notice: renderNotice({ case: demoCase, tenant, printedOn: '2026-10-09' }),
  'meeting-minutes': renderMeetingMinutes({ case: demoCase, tenant, meeting: demoMeeting }),
  // With the reporter's status link as a QR code, as printed at intake: still one page.
  'intake-form-qr': renderIntakeForm({ case: demoCase, tenant, statusLink: await demoStatusLink() }),
  'notice-qr': renderNotice({
    case: demoCase,
    tenant,
    printedOn: '2026-10-09',
    statusLink: await demoStatusLink(),
  }),
};

async function demoStatusLink() {
  const url = 'https://bancheng.example.gov.cn/s/Xq3v9JbL2mN8pR4tW6yZ1a';
  return { url, qrSvg: await statusLinkQrSvg(url) };
}

interface Printed {
  pages: number;
  sizes: { width: number; height: number }[];
  /** Text of each page, whitespace removed (pdftotext breaks lines and may space CJK runs). */
  pageTexts: string[];
}

describe.skipIf(!available)('printed documents (Chromium → PDF → poppler)', () => {
  let work: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bancheng-print-'));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // A fresh profile per run, and Chromium's own temp files inside our folder.
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath,
      args: CHROMIUM_ARGS,
      env: { ...process.env, TMPDIR: work },
      viewport: { width: 900, height: 1200 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Families of the system fonts Chromium used for the text of the first element matching `selector`. */
  async function platformFonts(selector: string): Promise<string> {
    const cdp = await context.newCDPSession(page);
    try {
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.map((f) => f.familyName).join(', ');
    } finally {
      await cdp.detach();
    }
  }

  async function print(name: string, html: string): Promise<Printed> {
    await page.emulateMedia({ media: 'screen' });
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    // page.pdf() honours the emulated media: print as a browser's print dialog would.
    await page.emulateMedia({ media: 'print' });
    const file = join(work, `${name}.pdf`);
    writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    const perPage = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), file], { encoding: 'utf8' });
    const sizes = [...perPage.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
      width: Number(m[1]),
      height: Number(m[2]),
    }));
    const pageTexts = Array.from({ length: pages }, (_, i) =>
      execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-enc', 'UTF-8', file, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, ''),
    );
    return { pages, sizes, pageTexts };
  }

  it.each(Object.entries(documents))(
    '%s prints on exactly one A4 page with its Chinese text',
    async (name, html) => {
      const printed = await print(name, html);

      expect(printed.pages).toBe(1);
      expect(printed.sizes).toHaveLength(1);
      expect(isA4(printed.sizes[0])).toBe(true);
      const text = printed.pageTexts[0] ?? '';
      expect(text).toContain(demoCase.number);
      expect(text).toContain(demoCase.reporter.name);
      expect(text).toContain('城乡居民养老保险参保登记及补缴');
      // The print button and the action links stay on screen.
      expect(text).not.toContain('打印');
      expect(text).not.toContain('签收');
      // Chromium embeds the CJK glyphs as Type 3 fonts without names; ask it which font drew them.
      expect(await platformFonts('h1')).toMatch(/^Noto (Serif|Sans) CJK SC/);
      expect(await platformFonts('[data-field="reporterName"]')).toMatch(/^Noto (Serif|Sans) CJK SC/);
    },
  );

  it('the long description (~600 characters) is printed whole on the one page', async () => {
    const { pageTexts } = await print('intake-form', documents['intake-form']);
    // Compare a stretch from the end of the record: the whole of it reached the paper.
    expect(pageTexts[0]).toContain('并对多次往返的情况给予说明。');
    expect(pageTexts[0]).toContain('经办人员签字');
  });

  it.each([
    ['intake-form-extreme', renderIntakeForm({ case: extremeCase, tenant: extremeTenant }), '经办人员签字'],
    [
      'transfer-form-extreme',
      renderTransferForm({ case: extremeCase, workOrder: extremeWorkOrder, tenant: extremeTenant }),
      '备注',
    ],
    [
      'notice-extreme',
      renderNotice({ case: extremeCase, tenant: extremeTenant, printedOn: '2026-10-09' }),
      '本告知书一式两份',
    ],
  ])(
    '%s: with every field at its schema maximum the form keeps to page 1 and continues on 附页',
    async (name, html, lastLabel) => {
      const printed = await print(name, html);

      expect(printed.pages).toBeGreaterThan(1);
      expect(printed.sizes.every(isA4)).toBe(true);
      const [first = '', second = ''] = printed.pageTexts;
      expect(first).toContain(CONTINUATION_MARKER);
      expect(first).toContain(lastLabel);
      expect(first).not.toContain('附页：');
      expect(second.startsWith('附页：')).toBe(true);
    },
  );

  it('minutes at their longest flow over several A4 pages, every word on paper, the heading table on page 1', async () => {
    const printed = await print(
      'meeting-minutes-longest',
      renderMeetingMinutes({ case: demoCase, tenant, meeting: longestMeeting }),
    );

    expect(printed.pages).toBeGreaterThan(1);
    expect(printed.sizes.every(isA4)).toBe(true);
    const all = printed.pageTexts.join('');
    expect(printed.pageTexts[0]).toContain('参会人员50（某某局某某科）');
    expect(all).toContain('纪要到此结束。');
    expect(all).toContain('决定到此结束。');
    expect(printed.pageTexts.at(-1)).toContain('记录人（签字）');
  });

  it('hostile input shows as text in the browser, never as elements', async () => {
    const [script, breakout] = HOSTILE;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(
      renderTransferForm({
        case: { ...demoCase, reporter: { name: script, phone: '13800000000' }, description: breakout },
        workOrder: { ...demoWorkOrder, note: breakout },
        tenant,
      }),
    );
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('[data-field="reporterName"]').textContent()).toBe(script);
    expect(await page.locator('[data-field="note"]').textContent()).toBe(breakout);
    expect(dialogs).toEqual([]);
  });

  describe('the monthly bulletin as an official 通报 (GB/T 9704)', () => {
    const bulletin = renderBulletin(countyBulletin());
    let printed: Printed;
    beforeAll(async () => {
      printed = await print('bulletin-county', bulletin);
    });

    it('prints on A4 with the masthead, number, addressee, date, colophon and page numbers', async () => {
      expect(printed.pages).toBeGreaterThan(2);
      expect(printed.sizes.every(isA4)).toBe(true);
      const [first = ''] = printed.pageTexts;
      const last = printed.pageTexts.at(-1) ?? '';
      expect(first.startsWith('锦江区政务服务中心〔2026〕第10期')).toBe(true);
      expect(first).toContain('“办不成事”反映窗口办理情况通报（2026年10月）');
      expect(first).toContain('各乡镇（街道）便民服务中心：');
      // 成文日期 after the signature, without leading zeros; the colophon closes the last page.
      expect(last).toContain('锦江区政务服务中心2026年11月1日');
      expect(last).toContain('2026年11月1日印发');
      printed.pageTexts.forEach((text, i) => {
        expect(text).toContain(`—${i + 1}—`);
      });
      expect(await platformFonts('.lead')).toMatch(/^Noto Serif CJK SC/);
      expect(await platformFonts('h2')).toMatch(/^Noto Sans CJK SC/);
    });

    it('repeats each long table’s header row on every page it reaches', () => {
      const pagesWith = (needle: RegExp) =>
        printed.pageTexts.map((t, i) => (needle.test(t) ? i : -1)).filter((i) => i >= 0);

      const overduePages = pagesWith(/GD-510104-2026-\d{5}/);
      const rankingPages = pagesWith(/锦江区第\d+街道/);
      expect(overduePages.length).toBeGreaterThan(1);
      expect(rankingPages.length).toBeGreaterThan(1);
      for (const i of overduePages) {
        for (const header of ['工单编号', '所超时限', '反馈情况'])
          expect(printed.pageTexts[i]).toContain(header);
      }
      for (const i of rankingPages) {
        for (const header of ['名次', '按时反馈率', '得分']) expect(printed.pageTexts[i]).toContain(header);
      }
      // Nothing lost at the breaks: every order and every centre reached the paper once.
      const all = printed.pageTexts.join('');
      expect(all.match(/GD-510104-2026-\d{5}/g)).toHaveLength(40);
      expect(new Set(all.match(/锦江区第\d+街道/g)).size).toBe(30);
    });

    it('chart labels print at 9 pt or more and a long name is shortened with an ellipsis, never cut', async () => {
      await page.setContent(bulletin, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      await page.emulateMedia({ media: 'print' });
      const labels = await page.evaluate(() =>
        Array.from(document.querySelectorAll<SVGTextElement>('.chart svg text')).map((t) => {
          const matrix = t.getScreenCTM();
          const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 0;
          return {
            label: t.dataset.label ?? null,
            text: t.textContent ?? '',
            // CSS px → pt, as printed (96 px = 72 pt).
            pt: Number.parseFloat(getComputedStyle(t).fontSize) * scale * 0.75,
            widthMm: t.getComputedTextLength(),
          };
        }),
      );

      expect(labels.length).toBeGreaterThan(20);
      for (const l of labels) expect(l.pt).toBeGreaterThanOrEqual(9);
      const named = labels.filter((l) => l.label !== null);
      for (const l of named) {
        // The drawn text fits the label column (user units are millimetres).
        expect(l.widthMm).toBeLessThanOrEqual(CHART_MM.label - 2 * CHART_MM.gap);
        expect(l.text === l.label || (l.text.endsWith('…') && l.label?.startsWith(l.text.slice(0, -1)))).toBe(
          true,
        );
      }
      const long = named.find((l) => l.label === LONG_DEPARTMENT);
      expect(long?.text.endsWith('…')).toBe(true);
      await page.emulateMedia({ media: 'screen' });
    });
  });
});
