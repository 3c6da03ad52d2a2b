/**
 * 每月总结通报 (the monthly bulletin, standard §9) as a printable page: the key figures, charts
 * as inline SVG (no scripts, no external assets, no URLs), the departments' timeliness, the
 * overdue list, the blocking points (堵点) with their change from last month, and for a roll-up
 * the ranking of its centres and sub-regions.
 */
import { MONTHLY_DEFINITIONS } from '../domain/statistics.ts';
import { SATISFACTION_LABELS } from '../schemas/case.ts';
import type { BlockingRow, MonthlyReport, RankedRow } from '../schemas/report.ts';
import { formatDateTime } from './format.ts';
import { html, renderPage, type SafeHtml } from './html.ts';
import { CATEGORY_LABELS, CHANNEL_LABELS, SCOPE_KIND_LABELS } from './labels.ts';

const CSS = `
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; border-left: 3pt solid #a00; padding-left: 2mm; }
.lead { text-indent: 2em; margin: 0 0 2mm; }
table.grid { width: 100%; border-collapse: collapse; font-size: 9.5pt; margin-bottom: 2mm; }
table.grid th, table.grid td { border: .6pt solid #555; padding: .8mm 1.5mm; text-align: center; }
table.grid td.text { text-align: left; }
table.figures td { width: 25%; }
table.figures .figure { display: block; font-size: 14pt; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 4mm; }
.chart { flex: 1 1 80mm; margin: 0; break-inside: avoid; }
.chart h3 { font-size: 10pt; margin: 0 0 1mm; }
svg text { font-family: inherit; font-size: 9px; }
.up { color: #a00; }
.down { color: #070; }
.note { font-size: 8.5pt; color: #333; }
`;

export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const score = (value: number | null) => (value === null ? '—' : value.toFixed(2));

interface Bar {
  label: string;
  value: number;
  shown: string;
}

/** A horizontal bar chart as inline SVG; the bars scale to the largest value (or `max`). */
export function barChart(title: string, bars: readonly Bar[], max?: number): SafeHtml {
  const labelWidth = 120;
  const barWidth = 170;
  const rowHeight = 16;
  const height = Math.max(1, bars.length) * rowHeight + 4;
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  return html`<figure class="chart" data-chart="${title}"><h3>${title}</h3>
<svg role="img" aria-label="${title}" viewBox="0 0 ${labelWidth + barWidth + 50} ${height}" width="100%">
${bars.map((b, i) => {
  const y = i * rowHeight + 2;
  const w = top > 0 ? Math.round((b.value / top) * barWidth * 10) / 10 : 0;
  return html`<g><text x="${labelWidth - 4}" y="${y + 11}" text-anchor="end">${b.label}</text><rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${rowHeight - 5}" fill="#b22"></rect><text x="${labelWidth + w + 3}" y="${y + 11}">${b.shown}</text></g>`;
})}
</svg></figure>`;
}

function change(row: BlockingRow): SafeHtml | string {
  if (!row.change) return '—';
  const part = (label: string, n: number) =>
    n === 0
      ? null
      : html`<span class="${n > 0 ? 'up' : 'down'}">${label}${n > 0 ? `↑${n}` : `↓${-n}`}</span> `;
  const parts = [
    part('件数', row.change.cases),
    part('超期', row.change.breaches),
    part('不满意', row.change.dissatisfied),
  ].filter((p) => p !== null);
  return parts.length ? html`${parts}` : '持平';
}

function blockingTable(caption: string, first: string, rows: readonly BlockingRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="note">${caption}：本月无。</p>`;
  return html`<table class="grid" data-table="${caption}"><caption class="note">${caption}</caption>
<tr><th>序号</th><th>${first}</th><th>件数</th><th>超期</th><th>不满意</th><th>较上月</th></tr>
${rows.map(
  (r, i) =>
    html`<tr><td>${i + 1}</td><td class="text">${r.name}</td><td>${r.cases}</td><td>${r.breaches}</td><td>${r.dissatisfied}</td><td>${change(r)}</td></tr>`,
)}
</table>`;
}

function rankingTable(caption: string, rows: readonly RankedRow[]): SafeHtml {
  const rate = (n: number, d: number) => pct(d > 0 ? n / d : null);
  return html`<table class="grid" data-table="${caption}"><caption class="note">${caption}</caption>
<tr><th>名次</th><th>名称</th><th>受理</th><th>按时反馈率</th><th>超期</th><th>办结率</th><th>回访及时率</th><th>满意度</th><th>得分</th></tr>
${rows.map(
  (r) =>
    html`<tr data-region="${r.region}"><td>${r.rank}</td><td class="text">${r.name}</td><td>${r.inputs.accepted}</td><td>${rate(r.inputs.feedbackOnTime, r.inputs.feedbackEvaluated)}</td><td>${r.inputs.breaches}</td><td>${rate(r.inputs.closed, (r.inputs.openAtStart ?? 0) + r.inputs.accepted + (r.inputs.reopened ?? 0))}</td><td>${rate(r.inputs.followUpOnTime, r.inputs.followUpOwed)}</td><td>${score(r.score.components.satisfaction)}</td><td>${score(r.score.score)}</td></tr>`,
)}
</table>`;
}

function monthTitle(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

export function renderBulletin(report: MonthlyReport): string {
  const s = report.statistics;
  const title = `“办不成事”反映窗口办理情况通报（${monthTitle(report.month)}）`;
  const figures: [string, string | number][] = [
    ['登记', s.received],
    ['受理', s.accepted],
    ['不予受理', s.refused],
    ['帮办代办', s.assisted],
    ['转办工单', s.transfers.total],
    ['按时反馈率', pct(s.onTimeFeedback.rate)],
    ['超期工单', s.onTimeFeedback.breaches],
    ['办结', s.closure.closed],
    ['办结率', pct(s.closure.rate)],
    ['回访率', pct(s.followUp.rate)],
    ['回访及时率', pct(s.followUp.onTimeRate)],
    ['好评率', pct(s.satisfaction.goodRate)],
    ['综合得分', score(report.score.score)],
  ];
  const rows: [string, string | number][][] = [];
  for (let i = 0; i < figures.length; i += 4) rows.push(figures.slice(i, i + 4));

  const charts = html`<div class="charts">
${barChart(
  '回访满意度（好差评五级）',
  (['5', '4', '3', '2', '1'] as const).map((k) => ({
    label: SATISFACTION_LABELS[Number(k)] ?? k,
    value: s.satisfaction.counts[k],
    shown: String(s.satisfaction.counts[k]),
  })),
)}
${barChart(
  '受理渠道',
  Object.entries(s.byChannel).map(([k, v]) => ({
    label: CHANNEL_LABELS[k as keyof typeof CHANNEL_LABELS],
    value: v,
    shown: String(v),
  })),
)}
${barChart(
  '服务范围',
  Object.entries(s.byScopeKind).map(([k, v]) => ({
    label: SCOPE_KIND_LABELS[k as keyof typeof SCOPE_KIND_LABELS].replace(/（不予受理）$/, '').slice(0, 12),
    value: v,
    shown: String(v),
  })),
)}
${barChart(
  '承办单位按时反馈率',
  s.departments.slice(0, 10).map((d) => ({
    label: d.departmentName.slice(0, 12),
    value: d.onTimeRate ?? 0,
    shown: pct(d.onTimeRate),
  })),
  1,
)}
</div>`;

  const departments = html`<table class="grid" data-table="承办单位">
<tr><th>承办单位</th><th>转办</th><th>按时反馈</th><th>超期</th><th>按时反馈率</th><th>回访不满意</th></tr>
${s.departments.map(
  (d) =>
    html`<tr><td class="text">${d.departmentName}</td><td>${d.transferred}</td><td>${d.onTime}</td><td>${d.breaches}</td><td>${pct(d.onTimeRate)}</td><td>${d.dissatisfied}</td></tr>`,
)}
</table>`;

  const overdue = s.overdue.items.length
    ? html`<table class="grid" data-table="超期清单">
<tr><th>工单编号</th><th>承办单位</th><th>反映事项</th><th>类别</th><th>所超时限</th><th>此后时限</th><th>反馈情况</th></tr>
${s.overdue.items.map(
  (o) =>
    html`<tr><td>${o.number}</td><td class="text">${o.departmentName}</td><td class="text">${o.matter}</td><td>${CATEGORY_LABELS[o.category]}</td><td>${formatDateTime(o.breachedDueAt ?? o.dueAt)}</td><td>${o.laterDueAt ? formatDateTime(o.laterDueAt) : '—'}</td><td>${o.answeredAt ? `逾期反馈（${formatDateTime(o.answeredAt)}）` : '未反馈'}</td></tr>`,
)}
</table>${s.overdue.truncated ? html`<p class="note">共 ${s.overdue.count} 件，仅列前 ${s.overdue.items.length} 件。</p>` : null}`
    : html`<p class="note">本月无超期工单。</p>`;

  const ranking =
    report.level === 'centre'
      ? null
      : html`<h2>排名</h2>
${report.level === 'county' ? null : rankingTable('下级区域排名', report.children)}
${rankingTable('各中心排名', report.centres)}`;

  const sheet = html`<section class="sheet" data-region="${report.region}" data-month="${report.month}">
<p class="unit">${report.name}</p>
<h1>${title}</h1>
<p class="lead">${monthTitle(report.month)}，${report.level === 'centre' ? '本中心' : `辖区 ${report.centreCount} 个中心`}“办不成事”反映窗口共登记 ${s.received} 件，受理 ${s.accepted} 件，不予受理 ${s.refused} 件；转办工单 ${s.transfers.total} 件，按时反馈率 ${pct(s.onTimeFeedback.rate)}，超期 ${s.onTimeFeedback.breaches} 件；办结率 ${pct(s.closure.rate)}，回访率 ${pct(s.followUp.rate)}，好评率 ${pct(s.satisfaction.goodRate)}。</p>
<h2>主要指标</h2>
${
  s.carryOver
    ? html`<p class="carry" data-carry-over>结转：月初未办结 ${s.carryOver.openAtStart} 件 + 新受理 ${s.carryOver.new} 件 − 办结 ${s.carryOver.closed} 件 + 重新办理 ${s.carryOver.reopened} 件 = 月末未办结 ${s.carryOver.openAtEnd} 件。</p>`
    : null
}
<table class="grid figures">
${rows.map((row) => html`<tr>${row.map(([label, value]) => html`<td><span class="figure">${value}</span>${label}</td>`)}</tr>`)}
</table>
${charts}
<h2>承办单位办理情况</h2>
${departments}
<h2>超期工单清单</h2>
${overdue}
<h2>堵点难题</h2>
${blockingTable('反映集中的事项', '反映事项', s.blockingPoints.matters)}
${blockingTable('超期与不满意集中的承办单位', '承办单位', s.blockingPoints.departments)}
${ranking}
<p class="note">统计期间：${formatDateTime(report.period.from)} 至 ${formatDateTime(report.period.to)}（不含）；统计时点：${formatDateTime(report.asOf)}；生成时间：${formatDateTime(report.generatedAt)}。</p>
<div class="note footnote" data-footnote="口径"><p>注（统计口径）：</p>
${MONTHLY_DEFINITIONS.map((d, i) => html`<p>${i + 1}. ${d}</p>`)}
</div>
</section>`;
  return renderPage({ title: `${report.name} ${title}`, css: CSS, sheets: [sheet] });
}
