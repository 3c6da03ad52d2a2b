/**
 * 表A.2 “办不成事”反映窗口问题转办单 (Form A.2, the transfer form of one work order), as
 * printable HTML: the page the HTTP route serves, the body of the work-order e-mail and the copy
 * in the archive. Beyond the standard's rows it prints the handling unit (承办单位) and the
 * computed time limit (办理时限), which the department needs on the same sheet.
 */
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { Category, WorkOrder } from '../schemas/work-order.ts';
import { continuationSheet, fitTextBlocks, fixedSlotsExtraMm } from './fit.ts';
import { formatDateTime } from './format.ts';
import {
  checkbox,
  FORM_COLGROUP,
  html,
  LABEL_LINE_MM,
  labelCell,
  NARROW_CELL_TEXT_MM,
  PAGE,
  renderPage,
  SAFETY_MM,
  type SafeHtml,
  safeHttpUrl,
  WIDE_CELL_TEXT_MM,
} from './html.ts';
import { CATEGORY_LABELS, STANDARD_REQUIREMENTS } from './labels.ts';

/** 问题类别 in the standard's order (the labels' order); read here, not from the zod schema, to keep zod out of the mail bundle. */
const CATEGORIES = Object.keys(CATEGORY_LABELS) as Category[];

/** Every label of Table A.2 in the standard's wording, then the two rows this system adds. */
export const TRANSFER_FORM_LABELS = {
  title: '“办不成事”反映窗口问题转办单',
  number: '编号',
  reporterName: '反映人姓名',
  phone: '联系电话',
  category: '问题类别',
  simple: '简单问题',
  general: '一般问题',
  complex: '复杂问题',
  record: '“办不成事”情况记录',
  requirements: '办理要求',
  simpleRequirement: `简单问题：${STANDARD_REQUIREMENTS.simple}`,
  generalRequirement: `一般问题：${STANDARD_REQUIREMENTS.general}`,
  complexRequirement: `复杂问题：${STANDARD_REQUIREMENTS.complex}`,
  otherRequirements: '其他办理要求',
  note: '备注',
  // Additions to the standard's table:
  department: '承办单位',
  dueAt: '办理时限',
} as const;

const L = TRANSFER_FORM_LABELS;

/** See MEASURED_FIXED_MM in intake-form.ts. */
const MEASURED_FIXED_MM = 107;

const PROVISIONAL_NOTE = '节假日安排未公布，按周一至周五推算，以正式安排为准';

const CSS = `
.matter { font-weight: bold; }
.requirement { display: flex; justify-content: space-between; gap: 4mm; }
.requirement + .requirement { margin-top: .5mm; }
.other { margin-top: 1.5mm; }
.provisional { font-size: 8.5pt; display: block; }
.nowrap { white-space: nowrap; }
.actions { max-width: 210mm; margin: 12px auto 0; padding: 0 18mm; font-size: 11pt; }
.actions a { display: inline-block; margin: 0 12px 6px 0; padding: 4px 14px; border: 1px solid #1a56a8; border-radius: 4px; color: #1a56a8; text-decoration: none; }
`;

/** A link for the handling unit: sign for the order (签收), feed back, return it (退回). */
export interface ActionLink {
  label: string;
  url: string;
}

export interface TransferFormInput {
  case: Case;
  workOrder: WorkOrder;
  tenant: Tenant;
  /** Shown under the form on screen and in e-mail, never printed; only absolute http(s) URLs are kept. */
  actionLinks?: readonly ActionLink[];
}

/** Renders Form A.2 for one work order. Pure: the same input always gives the same page. */
export function renderTransferForm({
  case: c,
  workOrder: wo,
  tenant,
  actionLinks = [],
}: TransferFormInput): string {
  // A centre may set its own limits; then the order's wording differs from the standard's line.
  const ownRequirement =
    wo.requirements.trim() && wo.requirements.trim() !== STANDARD_REQUIREMENTS[wo.category]
      ? `本单办理要求：${wo.requirements.trim()}`
      : null;
  const dueText = `${formatDateTime(wo.dueAt)}前${wo.category === 'complex' ? '反馈办理进度' : ''}`;
  const transferred = `转办人员：${wo.transferredBy.name}　转办时间：${formatDateTime(wo.transferredAt)}`;
  const fixedMm =
    MEASURED_FIXED_MM +
    SAFETY_MM +
    fixedSlotsExtraMm([
      { text: tenant.name, widthMm: PAGE.widthMm, pt: 10.5 },
      { text: c.reporter.name, widthMm: NARROW_CELL_TEXT_MM },
      { text: c.reporter.phone, widthMm: NARROW_CELL_TEXT_MM },
      { text: wo.departmentName, widthMm: NARROW_CELL_TEXT_MM },
      { text: `${dueText}${wo.provisional ? '（暂定）' : ''}`, widthMm: NARROW_CELL_TEXT_MM },
      { text: wo.provisional ? PROVISIONAL_NOTE : '', widthMm: NARROW_CELL_TEXT_MM, pt: 8.5, baseLines: 0 },
      { text: ownRequirement ?? '', widthMm: WIDE_CELL_TEXT_MM, pt: 8.5, baseLines: 0 },
      { text: `受理单编号：${c.number}　　${transferred}`, widthMm: PAGE.widthMm, pt: 8.5 },
    ]);
  const fit = fitTextBlocks(
    [
      {
        id: 'matter',
        label: '反映事项',
        text: `反映事项：${c.matter}`,
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 0,
      },
      { id: 'record', label: L.record, text: c.description, widthMm: WIDE_CELL_TEXT_MM, minMm: 55, grow: 4 },
      {
        id: 'other',
        label: L.otherRequirements,
        text: wo.otherRequirements ?? '',
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 12,
        grow: 1,
      },
      {
        id: 'note',
        label: L.note,
        text: wo.note ?? '',
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 10,
        grow: 1,
        floorMm: LABEL_LINE_MM,
      },
    ],
    PAGE.heightMm - fixedMm,
  );
  const text = (id: string) => fit.blocks[id]?.text ?? '';

  const requirementLines = CATEGORIES.map(
    (category) =>
      html`<div class="requirement"><span>${CATEGORY_LABELS[category]}：${STANDARD_REQUIREMENTS[category]}</span>${checkbox(category, wo.category === category)}</div>`,
  );

  const sheet = html`<section class="sheet form-a2">
<p class="unit" data-field="centre">${tenant.name}</p>
<h1>${L.title}</h1>
<p class="form-number">${L.number}：<span class="value" data-field="number">${wo.number}</span></p>
<table class="form">
${FORM_COLGROUP}
<tr class="fixed">${labelCell(L.reporterName)}<td data-field="reporterName">${c.reporter.name}</td>${labelCell(L.phone)}<td data-field="phone">${c.reporter.phone}</td></tr>
<tr class="fixed">${labelCell(L.category)}<td colspan="3" data-field="category">${CATEGORIES.map(
    (category) =>
      html`<span class="option">${CATEGORY_LABELS[category]}${checkbox(category, wo.category === category)}</span>`,
  )}</td></tr>
<tr>${labelCell('“办不成事”', '情况记录')}<td colspan="3" data-field="record"><div class="text matter" style="${fit.style('matter')}">${text('matter')}</div><div class="text" style="${fit.style('record')}">${text('record')}</div></td></tr>
<tr>${labelCell(L.requirements)}<td colspan="3" data-field="requirements">${requirementLines}${ownRequirement ? html`<div class="small" data-field="requirementsText">${ownRequirement}</div>` : null}
<div class="other">${L.otherRequirements}：</div><div class="text" data-field="otherRequirements" style="${fit.style('other')}">${text('other')}</div></td></tr>
<tr class="fixed">${labelCell(L.department)}<td data-field="department">${wo.departmentName}</td>${labelCell(L.dueAt)}<td data-field="dueAt">${dueText}${wo.provisional ? html`<span class="nowrap">（暂定）</span><span class="provisional">${PROVISIONAL_NOTE}</span>` : null}</td></tr>
<tr>${labelCell(L.note)}<td colspan="3" data-field="note"><div class="text" style="${fit.style('note')}">${text('note')}</div></td></tr>
</table>
<div class="meta"><span>受理单编号：${c.number}</span><span>${transferred}</span></div>
</section>`;

  return renderPage({
    title: `${L.title} ${wo.number}`,
    css: CSS,
    sheets: [sheet, continuationSheet(L.title, wo.number, fit.overflow)].filter((s) => s !== null),
    screenOnly: renderActionLinks(actionLinks),
  });
}

/** Links for the department; anything but an absolute http(s) URL (e.g. `javascript:`) is dropped. */
function renderActionLinks(links: readonly ActionLink[]): SafeHtml | null {
  const kept = links.flatMap((link) => {
    const url = safeHttpUrl(link.url);
    return url ? [{ label: link.label, url }] : [];
  });
  if (kept.length === 0) return null;
  return html`<nav class="actions no-print" aria-label="办理操作">${kept.map(
    (link) => html`<a href="${link.url}" rel="noopener noreferrer">${link.label}</a>`,
  )}</nav>`;
}
