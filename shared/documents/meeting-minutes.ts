/**
 * 专班会议纪要 (task-force meeting minutes, standard §7.3): when a matter is beyond the window, the
 * centre director convenes the units concerned and studies it; the minutes record the date, who
 * attended, the discussion and the decisions, and go into the case's file. A flowing document,
 * not a fixed form: long minutes continue on the next A4 page, the heading table stays whole.
 */
import type { Case, Meeting } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import { formatDate, formatDateTime } from './format.ts';
import { blank, FORM_COLGROUP, html, labelCell, renderPage } from './html.ts';

export const MEETING_MINUTES_LABELS = {
  title: '专班会议纪要',
  number: '案件编号',
  date: '会议日期',
  recordedBy: '记录人',
  reporterName: '反映人姓名',
  acceptedAt: '受理时间',
  matter: '反映事项',
  participants: '参会人员',
  minutes: '会议纪要',
  decisions: '会议决定',
  noDecisions: '（本次会议未形成决定）',
  chairSignature: '主持人（签字）',
  recorderSignature: '记录人（签字）',
  recordedAt: '录入时间',
} as const;

const L = MEETING_MINUTES_LABELS;

const CSS = `
.minutes h2 { font-size: 12pt; margin: 4mm 0 1.5mm; }
.minutes .text { line-height: 1.65; }
.minutes table.form { break-inside: avoid; }
.minutes .signatures { display: flex; justify-content: space-between; margin-top: 8mm; break-inside: avoid; }
.minutes .meta { margin-top: 3mm; }
`;

export interface MeetingMinutesInput {
  case: Case;
  tenant: Tenant;
  meeting: Meeting;
}

/** Renders one meeting's minutes. Pure: the same input always gives the same page. */
export function renderMeetingMinutes({ case: c, tenant, meeting: m }: MeetingMinutesInput): string {
  const sheet = html`<section class="sheet minutes">
<p class="unit" data-field="centre">${tenant.name}</p>
<h1>${L.title}</h1>
<p class="form-number">${L.number}：<span class="value" data-field="number">${c.number}</span></p>
<table class="form">
${FORM_COLGROUP}
<tr class="fixed">${labelCell(L.date)}<td data-field="date">${formatDate(m.date)}</td>${labelCell(L.recordedBy)}<td data-field="recordedBy">${m.recordedBy.name}</td></tr>
<tr class="fixed">${labelCell(L.reporterName)}<td data-field="reporterName">${c.reporter.name}</td>${labelCell(L.acceptedAt)}<td data-field="acceptedAt">${formatDateTime(c.acceptedAt)}</td></tr>
<tr>${labelCell(L.matter)}<td colspan="3" data-field="matter"><div class="text">${c.matter}</div></td></tr>
<tr>${labelCell(L.participants)}<td colspan="3" data-field="participants"><div class="text">${m.participants.join('、')}</div></td></tr>
</table>
<h2>${L.minutes}</h2>
<div class="text" data-field="minutes">${m.minutes}</div>
<h2>${L.decisions}</h2>
<div class="text" data-field="decisions">${m.decisions || L.noDecisions}</div>
<div class="signatures">
<span>${L.chairSignature}：${blank(null, 'chairSignature')}</span>
<span>${L.recorderSignature}：${blank(null, 'recorderSignature')}</span>
</div>
<p class="meta"><span>${L.recordedAt}：<span data-field="recordedAt">${formatDateTime(m.recordedAt)}</span></span><span>本纪要存入案件档案</span></p>
</section>`;
  return renderPage({ title: `${L.title} ${c.number} ${m.date}`, css: CSS, sheets: [sheet] });
}
