/**
 * Escaping-by-default HTML building and the shared printable page shell.
 *
 * Every printable document (Form A.1, Form A.2, the one-time notice) is built with the `html`
 * tag below: an interpolated string is always escaped; only a `SafeHtml` (the result of another
 * `html` call or of `trustedHtml` on a constant) passes through. So a reporter's name like
 * `<script>…` prints as text wherever it lands, in the HTTP response, the work-order e-mail body
 * or the archive package.
 */

const SAFE_HTML = Symbol('SafeHtml');

/** Markup that is already safe to insert: produced by `html` or `trustedHtml`. */
export interface SafeHtml {
  readonly [SAFE_HTML]: true;
  readonly value: string;
  toString(): string;
}

/** What may be interpolated into `html`: strings and numbers are escaped; null/undefined print nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '`, which makes a value safe both as element text and as a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function safe(value: string): SafeHtml {
  return { [SAFE_HTML]: true, value, toString: () => value };
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE_HTML in value;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined) return '';
  if (isSafeHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolated value unless it is `SafeHtml`.
 * Booleans print as `true`/`false` (for `data-*` attributes); use `cond ? html`…` : null` to omit.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return safe(out);
}

/** Marks a string as markup without escaping. Only for constants written in this code, never for data. */
export function trustedHtml(markup: string): SafeHtml {
  return safe(markup);
}

/** Returns the normalised URL when it is absolute http(s), otherwise undefined (`javascript:`, `data:`, relative…). */
export function safeHttpUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}

/** System fonts that carry Simplified Chinese; nothing is loaded from the web. */
export const FONT_STACK =
  '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif';

/** ☑/☐ are missing from the CJK fonts; name fonts that carry them so the fallback is predictable. */
const SYMBOL_FONT_STACK =
  '"DejaVu Sans", "Segoe UI Symbol", "Apple Symbols", "Noto Sans Symbols2", sans-serif';

/** Printable area of an A4 page with the margins of `@page` below, in millimetres. */
export const PAGE = { widthMm: 210 - 2 * 18, heightMm: 297 - 2 * 15 } as const;

const BASE_CSS = `
@page { size: A4; margin: 15mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-family: ${FONT_STACK}; font-size: 11pt; line-height: 1.5; }
.sheet { width: ${PAGE.widthMm}mm; margin: 0 auto; }
.sheet + .sheet { break-before: page; page-break-before: always; }
.toolbar { text-align: right; max-width: 210mm; margin: 0 auto 8px; }
.toolbar button { font: inherit; font-size: 12pt; padding: 4px 20px; cursor: pointer; }
@media screen {
  body { background: #e6e6e6; padding: 12px 0 24px; }
  .sheet { width: 210mm; min-height: 297mm; padding: 15mm 18mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .3); }
  .sheet + .sheet { margin-top: 12px; }
}
@media print {
  .no-print { display: none !important; }
}
.unit { text-align: center; font-size: 10.5pt; margin: 0; letter-spacing: .05em; }
h1 { text-align: center; font-size: 17pt; font-weight: bold; margin: 1mm 0 3mm; letter-spacing: .02em; }
.form-number { margin: 0 0 1.5mm; font-size: 11pt; }
.form-number .value { display: inline-block; min-width: 50mm; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; border: 1.2pt solid #000; }
table.form th, table.form td { border: .75pt solid #000; padding: 1.5mm 2.5mm; vertical-align: middle; overflow-wrap: anywhere; }
table.form th { font-weight: normal; text-align: center; line-height: 1.35; }
table.form td { text-align: left; }
table.form tr.fixed th, table.form tr.fixed td { height: 11mm; }
.text { white-space: pre-wrap; text-align: justify; }
.box { font-family: ${SYMBOL_FONT_STACK}; font-size: 1.15em; line-height: 1; margin: 0 .25em; }
.option { white-space: nowrap; margin-right: 6mm; }
.blank { display: inline-block; min-width: 32mm; border-bottom: .75pt solid #000; text-align: center; line-height: 1.2; }
.sign { display: flex; gap: 10mm; justify-content: flex-end; align-items: baseline; margin-top: 2mm; }
.small { font-size: 8.5pt; color: #222; }
.meta { font-size: 8.5pt; color: #222; margin-top: 1.5mm; display: flex; justify-content: space-between; gap: 4mm; }
.continuation h2 { font-size: 13pt; text-align: center; margin: 0 0 4mm; }
.continuation h3 { font-size: 11pt; margin: 4mm 0 1mm; }
`;

export interface PageOptions {
  /** `<title>`; escaped. */
  title: string;
  /** Document-specific CSS, a constant of the document module (never data). */
  css?: string;
  /** One or more `<section class="sheet">` elements; each starts on a new printed page. */
  sheets: readonly SafeHtml[];
  /** Markup after the sheets, shown on screen only (e.g. action links). */
  screenOnly?: SafeHtml | null;
}

/** The shared shell: doctype, zh-CN, inline styles only, an A4 `@page`, and a print button hidden when printing. */
export function renderPage({ title, css = '', sheets, screenOnly }: PageOptions): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(BASE_CSS + css)}</style>
</head>
<body>
<div class="toolbar no-print"><button onclick="window.print()">打印</button></div>
${sheets}
${screenOnly}
</body>
</html>
`.value;
}

/** A tick box: ☑ when checked, ☐ otherwise; `data-checked` lets tests and scripts read it. */
export function checkbox(option: string, checked: boolean): SafeHtml {
  return html`<span class="box" data-option="${option}" data-checked="${checked}" aria-label="${checked ? '已选' : '未选'}">${checked ? '☑' : '☐'}</span>`;
}

/** A line to write on by hand, or the value printed on it when known. */
export function blank(value?: string | null, field?: string): SafeHtml {
  // A no-break space keeps an empty line as tall as a written one.
  return html`<span class="blank"${field ? html` data-field="${field}"` : null}>${value || '\u00a0'}</span>`;
}

/** Width of the label column of every form table, and of the text in a value cell spanning the other three. */
export const LABEL_COLUMN_MM = 30;
export const WIDE_CELL_TEXT_MM = PAGE.widthMm - LABEL_COLUMN_MM - 2 * 2.5 - 1;
/** Width of the text in a value cell between two label cells. */
export const NARROW_CELL_TEXT_MM = (PAGE.widthMm - 2 * LABEL_COLUMN_MM) / 2 - 2 * 2.5 - 1;
/** Height of one line of a label cell (11pt, line-height 1.35): a row is never lower than its label. */
export const LABEL_LINE_MM = 11 * (25.4 / 72) * 1.35;
/** Millimetres kept free at the foot of the page against estimates that come out short. */
export const SAFETY_MM = 6;

/** The four-column grid of the forms: label, value, label, value. */
export const FORM_COLGROUP = trustedHtml(
  `<colgroup><col style="width:${LABEL_COLUMN_MM}mm"><col><col style="width:${LABEL_COLUMN_MM}mm"><col></colgroup>`,
);

/** A label cell; `lines` are the label's lines as the standard sets them (joined, they are the label). */
export function labelCell(...lines: readonly string[]): SafeHtml {
  return html`<th scope="row">${lines.map((line, i) => (i === 0 ? line : html`<br>${line}`))}</th>`;
}
