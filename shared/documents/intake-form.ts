/**
 * 表A.1 “办不成事”反映窗口问题受理单 (Form A.1, the intake form), as printable HTML.
 * Layout follows the standard's table; the matter (反映事项) heads the situation record, and
 * channel, scope and assisted handling are printed small under the table.
 */
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import { continuationSheet, estimateLines, fitTextBlocks, fixedSlotsExtraMm } from './fit.ts';
import { formatDate, formatDateTime } from './format.ts';
import {
  blank,
  checkbox,
  FORM_COLGROUP,
  html,
  labelCell,
  NARROW_CELL_TEXT_MM,
  PAGE,
  renderPage,
  SAFETY_MM,
  WIDE_CELL_TEXT_MM,
} from './html.ts';
import { CHANNEL_LABELS, SCOPE_KIND_LABELS } from './labels.ts';
import { type PrintedStatusLink, STATUS_QR_CSS, STATUS_QR_MM, statusQrBlock } from './status-qr.ts';

/** Every label of Table A.1, in the standard's wording. */
export const INTAKE_FORM_LABELS = {
  title: '“办不成事”反映窗口问题受理单',
  number: '编号',
  reporterName: '反映人姓名',
  phone: '联系电话',
  acceptedBy: '受理人员',
  acceptedAt: '受理时间',
  record: '“办不成事”情况记录',
  confirmation: '办理对象确认',
  signature: '签字',
  date: '日期',
  opinion: '“办不成事”反映窗口处理意见',
  onTheSpot: '当场答复',
  taskForce: '专班会议研究',
  answer: '当场答复情况',
  handlerSignature: '经办人员签字',
} as const;

const L = INTAKE_FORM_LABELS;

/**
 * Height of everything but the free text (title, fixed rows, check boxes, signature lines, the
 * line under the table) with every short value on one line, measured in Chromium 156 with the
 * Noto CJK fonts; test/documents/print.browser.test.ts proves the page still fits.
 */
const MEASURED_FIXED_MM = 97;

const CSS = `
.matter { font-weight: bold; }
.options { margin-bottom: 1mm; }
.answer-label { display: block; }
.handled { text-align: right; }
.confirm { flex-wrap: wrap; justify-content: flex-start; column-gap: 10mm; row-gap: 0; }
.meta.with-qr { align-items: flex-end; }
.meta.with-qr .meta-text { display: flex; flex-direction: column; gap: 1mm; }
${STATUS_QR_CSS}`;

export interface IntakeFormInput {
  case: Case;
  tenant: Tenant;
  /** The reporter's status link, printed as a QR code under the table. */
  statusLink?: PrintedStatusLink;
}

/** Renders Form A.1 for one case. Pure: the same case always gives the same page. */
export function renderIntakeForm({ case: c, tenant, statusLink }: IntakeFormInput): string {
  const opinion = c.opinion;
  const confirmedOn = c.confirmation ? formatDate(c.confirmation.signedAt) : null;
  const handled = opinion
    ? `经办人员：${opinion.handledBy.name}　处理时间：${formatDateTime(opinion.handledAt)}`
    : null;
  const channel = `受理渠道：${CHANNEL_LABELS[c.channel]}${c.station ? `（${c.station}代为登记）` : ''}${c.assisted ? '　提供帮办代办服务' : ''}`;
  const scope = `服务范围：${SCOPE_KIND_LABELS[c.scope.kind]}`;
  const confirmLine = `签字：${c.confirmation?.signedBy ?? '　'.repeat(8)}　　日期：${confirmedOn ?? '　'.repeat(8)}`;
  const qr = statusQrBlock(statusLink);
  const fixedMm =
    MEASURED_FIXED_MM +
    // The QR row replaces the one-line meta row under the table.
    (qr ? STATUS_QR_MM : 0) +
    SAFETY_MM +
    fixedSlotsExtraMm([
      { text: tenant.name, widthMm: PAGE.widthMm, pt: 10.5 },
      { text: c.reporter.name, widthMm: NARROW_CELL_TEXT_MM },
      { text: c.reporter.phone, widthMm: NARROW_CELL_TEXT_MM },
      { text: c.acceptedBy.name, widthMm: NARROW_CELL_TEXT_MM },
      // Signature and date sit on one line while they fit; otherwise the date wraps to its own.
      { text: `签字：${c.confirmation?.signedBy ?? ''}`, widthMm: WIDE_CELL_TEXT_MM },
      {
        text: `日期：${confirmedOn ?? ''}`,
        widthMm: WIDE_CELL_TEXT_MM,
        baseLines: estimateLines(confirmLine, WIDE_CELL_TEXT_MM, 11) > 1 ? 0 : 1,
      },
      { text: handled ?? '', widthMm: WIDE_CELL_TEXT_MM, pt: 8.5 },
      { text: `${channel}　　${scope}`, widthMm: PAGE.widthMm, pt: 8.5 },
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
      { id: 'record', label: L.record, text: c.description, widthMm: WIDE_CELL_TEXT_MM, minMm: 55, grow: 3 },
      ...(opinion?.kind === 'task_force' && opinion.note
        ? [
            {
              id: 'note',
              label: '专班会议研究说明',
              text: opinion.note,
              widthMm: WIDE_CELL_TEXT_MM,
              minMm: 0,
            },
          ]
        : []),
      {
        id: 'answer',
        label: L.answer,
        text: opinion?.kind === 'on_the_spot' ? (opinion.answer ?? '') : '',
        widthMm: WIDE_CELL_TEXT_MM,
        minMm: 25,
        grow: 2,
      },
    ],
    PAGE.heightMm - fixedMm,
  );
  const text = (id: string) => fit.blocks[id]?.text ?? '';

  const sheet = html`<section class="sheet form-a1">
<p class="unit" data-field="centre">${tenant.name}</p>
<h1>${L.title}</h1>
<p class="form-number">${L.number}：<span class="value" data-field="number">${c.number}</span></p>
<table class="form">
${FORM_COLGROUP}
<tr class="fixed">${labelCell(L.reporterName)}<td data-field="reporterName">${c.reporter.name}</td>${labelCell(L.phone)}<td data-field="phone">${c.reporter.phone}</td></tr>
<tr class="fixed">${labelCell(L.acceptedBy)}<td data-field="acceptedBy">${c.acceptedBy.name}</td>${labelCell(L.acceptedAt)}<td data-field="acceptedAt">${formatDateTime(c.acceptedAt)}</td></tr>
<tr>${labelCell('“办不成事”', '情况记录')}<td colspan="3" data-field="record"><div class="text matter" style="${fit.style('matter')}">${text('matter')}</div><div class="text" style="${fit.style('record')}">${text('record')}</div></td></tr>
<tr class="fixed">${labelCell(L.confirmation)}<td colspan="3" data-field="confirmation"><div class="sign confirm">
<span>${L.signature}：${blank(c.confirmation?.signedBy, 'confirmationSignedBy')}</span>
<span>${L.date}：${blank(confirmedOn, 'confirmationDate')}</span></div></td></tr>
<tr>${labelCell('“办不成事”', '反映窗口', '处理意见')}<td colspan="3" data-field="opinion">
<div class="options"><span class="option">${L.onTheSpot}${checkbox('on_the_spot', opinion?.kind === 'on_the_spot')}</span><span class="option">${L.taskForce}${checkbox('task_force', opinion?.kind === 'task_force')}</span></div>
${fit.blocks['note'] ? html`<div class="text" data-field="taskForceNote" style="${fit.style('note')}">${text('note')}</div>` : null}
<span class="answer-label">${L.answer}：</span><div class="text" data-field="answer" style="${fit.style('answer')}">${text('answer')}</div>
<div class="sign"><span>${L.handlerSignature}：${blank(null, 'handlerSignature')}</span><span>${L.date}：${blank(null, 'handlerDate')}</span></div>
${handled ? html`<div class="small handled" data-field="handledBy">${handled}</div>` : null}
</td></tr>
</table>
${
  qr
    ? html`<div class="meta with-qr"><div class="meta-text"><span data-field="channel">${channel}</span><span data-field="scope">${scope}</span></div>${qr}</div>`
    : html`<div class="meta"><span data-field="channel">${channel}</span><span data-field="scope">${scope}</span></div>`
}
</section>`;

  return renderPage({
    title: `${L.title} ${c.number}`,
    css: CSS,
    sheets: [sheet, continuationSheet(L.title, c.number, fit.overflow)].filter((s) => s !== null),
  });
}
