/**
 * 每月总结通报 (the monthly bulletin, standard §9) as an official 通报, printed in the spirit of
 * GB/T 9704《党政机关公文格式》: A4 with the standard's margins (版心 156 × 225 mm), the issuing
 * office's red masthead (发文机关标志) over its number (〔2026〕第10期) and the red rule, the title,
 * the addressees (主送), the body in a Song face (Noto Serif CJK SC) with 黑体 headings, the
 * signature (署名) and date (成文日期), the colophon (版记) and page numbers (— 1 —). Tables repeat
 * their header row on every printed page. Charts are inline SVG drawn in millimetres, so their
 * labels print at ≥ 9 pt whatever the screen; a label too long for its column is shortened with
 * an ellipsis (the full name stays in the SVG's title and in the tables), never cut. No scripts,
 * no external assets, no URLs.
 */
import { MONTHLY_DEFINITIONS } from '../domain/statistics.ts';
import type { BlockingRow, MonthlyReport, RankedRow } from '../schemas/report.ts';
import { formatDate, formatDateTime } from './format.ts';
import { FONT_STACK, html, renderPage, type SafeHtml } from './html.ts';
import { CATEGORY_LABELS, CHANNEL_LABELS, SATISFACTION_LABELS, SCOPE_KIND_LABELS } from './labels.ts';

/** GB/T 9704 page: 天头 37 mm, 订口 28 mm, leaving the 156 × 225 mm 版心. */
const MARGIN_MM = { top: 37, right: 26, bottom: 35, left: 28 } as const;
export const TYPE_AREA_MM = {
  width: 210 - MARGIN_MM.left - MARGIN_MM.right,
  height: 297 - MARGIN_MM.top - MARGIN_MM.bottom,
};
const MARGINS = `${MARGIN_MM.top}mm ${MARGIN_MM.right}mm ${MARGIN_MM.bottom}mm ${MARGIN_MM.left}mm`;
/** 黑体 for headings and charts, as the standard sets 一级标题. */
const HEI = '"Noto Sans CJK SC", "Source Han Sans SC", "SimHei", sans-serif';

const CSS = `
@page {
  margin: ${MARGINS};
  @bottom-center { content: "— " counter(page) " —"; font-family: ${FONT_STACK}; font-size: 14pt; }
}
.sheet { width: ${TYPE_AREA_MM.width}mm; font-size: 12pt; line-height: 1.6; }
@media screen { .sheet { width: 210mm; padding: ${MARGINS}; } }
.masthead { text-align: center; color: #c00; font-size: 26pt; font-weight: bold; letter-spacing: .06em; line-height: 1.25; margin: 0; }
.doc-number { text-align: center; font-size: 16pt; margin: 5mm 0 0; }
.red-rule { border: 0; border-top: .8mm solid #c00; margin: 4mm 0 7mm; }
h1 { font-size: 20pt; line-height: 1.4; margin: 0 0 6mm; }
.addressee { font-size: 16pt; margin: 0 0 1mm; }
.lead { font-size: 16pt; text-indent: 2em; margin: 0 0 2mm; text-align: justify; }
h2 { font-family: ${HEI}; font-size: 16pt; font-weight: normal; margin: 5mm 0 2mm; break-after: avoid; }
table.grid { width: 100%; border-collapse: collapse; font-size: 10.5pt; line-height: 1.4; margin-bottom: 2mm; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; }
table.grid th, table.grid td { border: .6pt solid #000; padding: .8mm 1.2mm; text-align: center; }
table.grid th { font-family: ${HEI}; font-weight: normal; white-space: nowrap; }
table.grid .nowrap { white-space: nowrap; }
table.dense { font-size: 9.5pt; }
table.grid td.text { text-align: left; }
table.grid caption { caption-side: top; text-align: left; }
table.figures td { width: 25%; }
table.figures .figure { display: block; font-size: 14pt; font-weight: bold; }
.chart { margin: 0 0 3mm; break-inside: avoid; }
.chart h3 { font-family: ${HEI}; font-size: 12pt; font-weight: normal; margin: 0 0 1mm; }
.chart svg { display: block; max-width: 100%; height: auto; }
.chart svg text { font-family: ${HEI}; font-size: ${9.9 / (72 / 25.4)}px; }
.up { color: #a00; }
.down { color: #070; }
.note { font-size: 10.5pt; color: #000; }
.signature { text-align: right; font-size: 16pt; margin: 12mm 2em 0 0; break-inside: avoid; }
.signature p { margin: 0; }
.colophon { margin-top: 12mm; border-top: .35mm solid #000; border-bottom: .35mm solid #000; display: flex; justify-content: space-between; font-size: 14pt; padding: 1mm 1em; break-inside: avoid; }
`;

export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const score = (value: number | null) => (value === null ? '—' : value.toFixed(2));

/** Chart geometry in millimetres; SVG user units are millimetres, so this is what prints. */
export const CHART_MM = {
  width: TYPE_AREA_MM.width,
  label: 52,
  value: 22,
  row: 7,
  /** 9.9 pt: above the 9 pt floor for printed chart labels. */
  font: 9.9 / (72 / 25.4),
  gap: 1.5,
} as const;

/**
 * Estimated width in em, erring wide: Latin letters, digits and signs 0.62 em (Noto's are about
 * 0.55), everything else — CJK, full-width punctuation, quotes, the ellipsis — 1 em.
 */
function emWidth(text: string): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) < 0x300 ? 0.62 : 1;
  return em;
}

/** The label as it fits `widthMm` at the chart's font: whole, or shortened with an ellipsis. */
export function fitLabel(label: string, widthMm: number, fontMm: number = CHART_MM.font): string {
  if (emWidth(label) * fontMm <= widthMm) return label;
  let fitted = '';
  for (const ch of label) {
    if ((emWidth(fitted + ch) + 1) * fontMm > widthMm) break;
    fitted += ch;
  }
  return `${fitted}…`;
}

interface Bar {
  label: string;
  value: number;
  shown: string;
}

/** A horizontal bar chart as inline SVG in millimetres; the bars scale to the largest value (or `max`). */
export function barChart(title: string, bars: readonly Bar[], max?: number): SafeHtml {
  const { width, label: labelWidth, value: valueWidth, row, font, gap } = CHART_MM;
  const barWidth = width - labelWidth - valueWidth;
  const height = Math.max(1, bars.length) * row + 2;
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const mm = (n: number) => Math.round(n * 100) / 100;
  return html`<figure class="chart" data-chart="${title}"><h3>${title}</h3>
<svg role="img" aria-label="${title}" viewBox="0 0 ${width} ${mm(height)}" width="${width}mm" height="${mm(height)}mm">
${bars.map((b, i) => {
  const y = i * row + 1;
  const w = top > 0 ? mm((b.value / top) * barWidth) : 0;
  const baseline = mm(y + row / 2 + font * 0.36);
  const shown = fitLabel(b.label, labelWidth - 2 * gap, font);
  return html`<g><title>${b.label}：${b.shown}</title><text data-label="${b.label}" x="${labelWidth - gap}" y="${baseline}" text-anchor="end">${shown}</text><rect x="${labelWidth}" y="${mm(y + row * 0.15)}" width="${w}" height="${mm(row * 0.7)}" fill="#b22"></rect><text data-value x="${mm(labelWidth + w + gap)}" y="${baseline}">${b.shown}</text></g>`;
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
<thead><tr><th>序号</th><th>${first}</th><th>件数</th><th>超期</th><th>不满意</th><th>较上月</th></tr></thead>
<tbody>${rows.map(
    (r, i) =>
      html`<tr><td>${i + 1}</td><td class="text">${r.name}</td><td>${r.cases}</td><td>${r.breaches}</td><td>${r.dissatisfied}</td><td>${change(r)}</td></tr>`,
  )}</tbody>
</table>`;
}

function rankingTable(caption: string, rows: readonly RankedRow[]): SafeHtml {
  const rate = (n: number, d: number) => pct(d > 0 ? n / d : null);
  return html`<table class="grid dense" data-table="${caption}"><caption class="note">${caption}</caption>
<thead><tr><th>名次</th><th>名称</th><th>受理</th><th>按时反馈率</th><th>超期</th><th>办结率</th><th>回访及时率</th><th>满意度</th><th>得分</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr data-region="${r.region}"><td>${r.rank}</td><td class="text">${r.name}</td><td>${r.inputs.accepted}</td><td>${rate(r.inputs.feedbackOnTime, r.inputs.feedbackEvaluated)}</td><td>${r.inputs.breaches}</td><td>${rate(r.inputs.closed, (r.inputs.openAtStart ?? 0) + r.inputs.accepted + (r.inputs.reopened ?? 0))}</td><td>${rate(r.inputs.followUpOnTime, r.inputs.followUpOwed)}</td><td>${score(r.score.components.satisfaction)}</td><td>${score(r.score.score)}</td></tr>`,
  )}</tbody>
</table>`;
}

function monthTitle(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** 成文日期 as GB/T 9704 writes it: the full year, month and day without leading zeros (2026年11月1日). */
export function documentDate(iso: string): string {
  return formatDate(iso).replace(/年0/, '年').replace(/月0/, '月');
}

/**
 * Who issues the bulletin, its number and to whom it goes: a centre's own bulletin is issued by
 * the centre to its village stations and handling units; a roll-up by the region's government
 * service centre (政务服务中心) to the centres or offices one level down. The number is the
 * month's issue of the year's series, so it needs no counter: October 2026 is 〔2026〕第10期.
 */
export function issuing(report: Pick<MonthlyReport, 'level' | 'name' | 'month'>): {
  office: string;
  number: string;
  addressee: string;
} {
  const office =
    report.level === 'centre'
      ? /中心$/.test(report.name)
        ? report.name
        : `${report.name}便民服务中心`
      : `${report.name}政务服务中心`;
  const addressee = {
    centre: '各村（社区）便民服务站，各承办单位：',
    county: '各乡镇（街道）便民服务中心：',
    city: '各县（市、区）政务服务中心：',
    province: '各市（州）政务服务中心：',
  }[report.level];
  const number = `〔${report.month.slice(0, 4)}〕第${Number(report.month.slice(5, 7))}期`;
  return { office, number, addressee };
}

export function renderBulletin(report: MonthlyReport): string {
  const s = report.statistics;
  const title = `“办不成事”反映窗口办理情况通报（${monthTitle(report.month)}）`;
  const { office, number, addressee } = issuing(report);
  const issuedOn = documentDate(report.generatedAt);
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

  const charts = html`${barChart(
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
    label: SCOPE_KIND_LABELS[k as keyof typeof SCOPE_KIND_LABELS].replace(/（不予受理）$/, ''),
    value: v,
    shown: String(v),
  })),
)}
${barChart(
  '承办单位按时反馈率',
  s.departments.slice(0, 10).map((d) => ({
    label: d.departmentName,
    value: d.onTimeRate ?? 0,
    shown: pct(d.onTimeRate),
  })),
  1,
)}`;

  const departments = html`<table class="grid" data-table="承办单位">
<thead><tr><th>承办单位</th><th>转办</th><th>按时反馈</th><th>超期</th><th>按时反馈率</th><th>回访不满意</th></tr></thead>
<tbody>${s.departments.map(
    (d) =>
      html`<tr><td class="text">${d.departmentName}</td><td>${d.transferred}</td><td>${d.onTime}</td><td>${d.breaches}</td><td>${pct(d.onTimeRate)}</td><td>${d.dissatisfied}</td></tr>`,
  )}</tbody>
</table>`;

  // Seven facts per order in 156 mm: the number over its matter and category, each time on two lines.
  const when = (iso: string) => {
    const [date, time] = formatDateTime(iso).split(' ');
    return html`${date}<br>${time}`;
  };
  const overdue = s.overdue.items.length
    ? html`<table class="grid dense" data-table="超期清单">
<colgroup><col><col style="width:26mm"><col style="width:28mm"><col style="width:28mm"><col style="width:28mm"></colgroup>
<thead><tr><th>工单编号 / 反映事项</th><th>承办单位</th><th>所超时限</th><th>此后时限</th><th>反馈情况</th></tr></thead>
<tbody>${s.overdue.items.map(
        (o) =>
          html`<tr><td class="text"><span class="nowrap" data-number>${o.number}</span><br>${o.matter}（${CATEGORY_LABELS[o.category]}）</td><td class="text">${o.departmentName}</td><td>${when(o.breachedDueAt ?? o.dueAt)}</td><td>${o.laterDueAt ? when(o.laterDueAt) : '—'}</td><td>${o.answeredAt ? html`逾期反馈<br>${when(o.answeredAt)}` : '未反馈'}</td></tr>`,
      )}</tbody>
</table>${s.overdue.truncated ? html`<p class="note">共 ${s.overdue.count} 件，仅列前 ${s.overdue.items.length} 件。</p>` : null}`
    : html`<p class="note">本月无超期工单。</p>`;

  const headings = ['总体情况', '主要指标', '承办单位办理情况', '超期工单清单', '堵点难题', '排名'];
  const h2 = (i: number) => html`<h2>${'一二三四五六'[i]}、${headings[i]}</h2>`;
  const ranking =
    report.level === 'centre'
      ? null
      : html`${h2(5)}
${report.level === 'county' ? null : rankingTable('下级区域排名', report.children)}
${rankingTable('各中心排名', report.centres)}`;

  const sheet = html`<section class="sheet" data-region="${report.region}" data-month="${report.month}">
<p class="masthead" data-issuer>${office}</p>
<p class="doc-number" data-number>${number}</p>
<hr class="red-rule">
<h1>${title}</h1>
<p class="addressee" data-addressee>${addressee}</p>
${h2(0)}
<p class="lead">${monthTitle(report.month)}，${report.level === 'centre' ? '本中心' : `辖区 ${report.centreCount} 个中心`}“办不成事”反映窗口共登记 ${s.received} 件，受理 ${s.accepted} 件，不予受理 ${s.refused} 件；转办工单 ${s.transfers.total} 件，按时反馈率 ${pct(s.onTimeFeedback.rate)}，超期 ${s.onTimeFeedback.breaches} 件；办结率 ${pct(s.closure.rate)}，回访率 ${pct(s.followUp.rate)}，好评率 ${pct(s.satisfaction.goodRate)}。现将有关情况通报如下。</p>
${h2(1)}
${
  s.carryOver
    ? html`<p class="carry" data-carry-over>结转：月初未办结 ${s.carryOver.openAtStart} 件 + 新受理 ${s.carryOver.new} 件 − 办结 ${s.carryOver.closed} 件 + 重新办理 ${s.carryOver.reopened} 件 = 月末未办结 ${s.carryOver.openAtEnd} 件。</p>`
    : null
}
<table class="grid figures">
${rows.map((row) => html`<tr>${row.map(([label, value]) => html`<td><span class="figure">${value}</span>${label}</td>`)}</tr>`)}
</table>
${charts}
${h2(2)}
${departments}
${h2(3)}
${overdue}
${h2(4)}
${blockingTable('反映集中的事项', '反映事项', s.blockingPoints.matters)}
${blockingTable('超期与不满意集中的承办单位', '承办单位', s.blockingPoints.departments)}
${ranking}
<p class="note">统计期间：${formatDateTime(report.period.from)} 至 ${formatDateTime(report.period.to)}（不含）；统计时点：${formatDateTime(report.asOf)}；生成时间：${formatDateTime(report.generatedAt)}。</p>
<div class="note footnote" data-footnote="口径"><p>注（统计口径）：</p>
${MONTHLY_DEFINITIONS.map((d, i) => html`<p>${i + 1}. ${d}</p>`)}
</div>
<div class="signature" data-signature><p>${office}</p><p data-date>${issuedOn}</p></div>
<div class="colophon" data-colophon><span>${office}</span><span>${issuedOn}印发</span></div>
</section>`;
  return renderPage({ title: `${report.name} ${title}`, css: CSS, sheets: [sheet] });
}
