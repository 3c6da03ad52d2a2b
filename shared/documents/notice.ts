/**
 * 一次性告知书 (the one-time notice, standard §7.1): at intake the reporter is told once and
 * completely whether the materials are complete and how to supplement them, whether the matter
 * is accepted and why, and the next steps. Printed in two copies, signed by the clerk (告知人)
 * and the reporter.
 */
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import { continuationSheet, fitTextBlocks, fixedSlotsExtraMm } from './fit.ts';
import { formatDate, formatDateTime } from './format.ts';
import {
  blank,
  checkbox,
  FORM_COLGROUP,
  html,
  LABEL_LINE_MM,
  labelCell,
  NARROW_CELL_TEXT_MM,
  PAGE,
  renderPage,
  SAFETY_MM,
  WIDE_CELL_TEXT_MM,
} from './html.ts';
import { SCOPE_KIND_LABELS } from './labels.ts';
import { type PrintedStatusLink, STATUS_QR_CSS, statusQrBlock } from './status-qr.ts';

export const NOTICE_LABELS = {
  title: '一次性告知书',
  number: '编号',
  reporterName: '反映人姓名',
  phone: '联系电话',
  matter: '反映事项',
  materialsComplete: '申请材料是否齐全',
  complete: '齐全',
  incomplete: '不齐全',
  howToSupplement: '如何补正',
  accepted: '是否受理及理由',
  accept: '受理',
  refuse: '不予受理',
  nextSteps: '下一步程序',
  issuer: '告知单位',
  centrePhone: '联系电话',
  address: '地址',
  date: '日期',
  notifierSignature: '告知人（签字）',
  reporterSignature: '反映人（签字）',
} as const;

const L = NOTICE_LABELS;

/** See MEASURED_FIXED_MM in intake-form.ts. */
const MEASURED_FIXED_MM = 149;

const ISSUER_WIDTH_MM = 100;
/** The issuer block is at least this wide (wider for long values); estimates use the narrowest. */
const ISSUER_VALUE_MM = ISSUER_WIDTH_MM - 20;

const CSS = `
.intro { margin: 0 0 2mm; text-indent: 2em; }
.salutation { margin: 0 0 1mm; }
.closing { margin: 2.5mm 0 0; text-indent: 2em; }
.issuer { margin: 3mm 0 0 auto; width: fit-content; min-width: ${ISSUER_WIDTH_MM}mm; max-width: 100%; display: grid; grid-template-columns: 5.2em 1fr; line-height: 1.5; }
.signatures { display: flex; justify-content: space-between; margin-top: 5mm; }
.copies { margin-top: 3mm; }
.contact-row { display: flex; align-items: flex-end; justify-content: space-between; gap: 4mm; }
.contact-row .issuer { margin-right: 0; }
${STATUS_QR_CSS}`;

export interface NoticeInput {
  case: Case;
  tenant: Tenant;
  /** Date printed on the notice, `YYYY-MM-DD` (Asia/Shanghai); the caller reads its clock. */
  printedOn: string;
  /** The reporter's status link, printed as a QR code beside the issuer block (same height). */
  statusLink?: PrintedStatusLink;
}

/** Renders the one-time notice for one case. Pure: the same input always gives the same page. */
export function renderNotice({ case: c, tenant, printedOn, statusLink }: NoticeInput): string {
  const n = c.notice;
  const scopeLine = `${n.accepted ? '受理情形' : '不予受理情形'}：${SCOPE_KIND_LABELS[c.scope.kind]}`;
  const reason = n.reason ?? c.scope.reason;
  const contact = tenant.contact;
  const intro = `您于${formatDateTime(c.acceptedAt)}向本中心“办不成事”反映窗口反映的事项，现将有关情况一次性告知如下：`;
  const fixedMm =
    MEASURED_FIXED_MM +
    SAFETY_MM +
    fixedSlotsExtraMm([
      { text: tenant.name, widthMm: PAGE.widthMm, pt: 10.5 },
      { text: `${c.reporter.name}：`, widthMm: PAGE.widthMm },
      { text: `　　${intro}`, widthMm: PAGE.widthMm, baseLines: 2 },
      { text: c.reporter.name, widthMm: NARROW_CELL_TEXT_MM },
      { text: c.reporter.phone, widthMm: NARROW_CELL_TEXT_MM },
      { text: tenant.name, widthMm: ISSUER_VALUE_MM },
      { text: contact?.phone ?? '', widthMm: ISSUER_VALUE_MM },
      { text: contact?.address ?? '', widthMm: ISSUER_VALUE_MM },
    ]);
  const fit = fitTextBlocks(
    [
      {
        id: 'matter',
        label: L.matter,
        text: c.matter,
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 0,
        floorMm: LABEL_LINE_MM,
      },
      {
        id: 'howToSupplement',
        label: L.howToSupplement,
        text: n.howToSupplement ?? (n.materialsComplete ? '材料齐全，无需补正。' : ''),
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 14,
        grow: 2,
        floorMm: LABEL_LINE_MM,
      },
      {
        id: 'reason',
        label: L.accepted,
        text: reason ? `${scopeLine}\n理由：${reason}` : scopeLine,
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 10,
        grow: 1,
        // Its label has two lines, beside the line of check boxes.
        floorMm: 2 * LABEL_LINE_MM - 5.8,
      },
      {
        id: 'nextSteps',
        label: L.nextSteps,
        text: n.nextSteps,
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 18,
        grow: 3,
      },
    ],
    PAGE.heightMm - fixedMm,
  );
  const text = (id: string) => fit.blocks[id]?.text ?? '';

  const sheet = html`<section class="sheet notice">
<p class="unit" data-field="centre">${tenant.name}</p>
<h1>${L.title}</h1>
<p class="form-number">${L.number}：<span class="value" data-field="number">${c.number}</span></p>
<p class="salutation"><span data-field="salutation">${c.reporter.name}</span>：</p>
<p class="intro">${intro}</p>
<table class="form">
${FORM_COLGROUP}
<tr class="fixed">${labelCell(L.reporterName)}<td data-field="reporterName">${c.reporter.name}</td>${labelCell(L.phone)}<td data-field="phone">${c.reporter.phone}</td></tr>
<tr>${labelCell(L.matter)}<td colspan="3" data-field="matter"><div class="text" style="${fit.style('matter')}">${text('matter')}</div></td></tr>
<tr class="fixed">${labelCell('申请材料', '是否齐全')}<td colspan="3" data-field="materialsComplete"><span class="option">${L.complete}${checkbox('complete', n.materialsComplete)}</span><span class="option">${L.incomplete}${checkbox('incomplete', !n.materialsComplete)}</span></td></tr>
<tr>${labelCell(L.howToSupplement)}<td colspan="3" data-field="howToSupplement"><div class="text" style="${fit.style('howToSupplement')}">${text('howToSupplement')}</div></td></tr>
<tr>${labelCell('是否受理', '及理由')}<td colspan="3" data-field="accepted"><div class="options"><span class="option">${L.accept}${checkbox('accepted', n.accepted)}</span><span class="option">${L.refuse}${checkbox('refused', !n.accepted)}</span></div><div class="text" data-field="reason" style="${fit.style('reason')}">${text('reason')}</div></td></tr>
<tr>${labelCell(L.nextSteps)}<td colspan="3" data-field="nextSteps"><div class="text" style="${fit.style('nextSteps')}">${text('nextSteps')}</div></td></tr>
</table>
<p class="closing">如对以上告知事项有疑问，请与本中心联系。</p>
<div class="contact-row">
${statusQrBlock(statusLink)}
<div class="issuer">
<span>${L.issuer}：</span><span data-field="issuer">${tenant.name}</span>
<span>${L.centrePhone}：</span><span data-field="centrePhone">${contact?.phone ?? null}</span>
<span>${L.address}：</span><span data-field="address">${contact?.address ?? null}</span>
<span>${L.date}：</span><span data-field="printedOn">${formatDate(printedOn)}</span>
</div>
</div>
<div class="signatures">
<span>${L.notifierSignature}：${blank(null, 'notifierSignature')}<span class="small">（${c.acceptedBy.name}）</span></span>
<span>${L.reporterSignature}：${blank(null, 'reporterSignature')}</span>
</div>
<p class="small copies">本告知书一式两份，中心与反映人各执一份。</p>
</section>`;

  return renderPage({
    title: `${L.title} ${c.number}`,
    css: CSS,
    sheets: [sheet, continuationSheet(L.title, c.number, fit.overflow)].filter((s) => s !== null),
  });
}
