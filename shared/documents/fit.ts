/**
 * Fitting free text (情况记录, 当场答复情况, 下一步程序 …) onto one A4 page.
 *
 * A form is one sheet of paper: the clerk prints it, the reporter signs it, it goes into the
 * archive. Free text can be up to 4,000 characters, so each document declares its text blocks
 * and the height left for them, and `fitTextBlocks` picks the largest font size of a ladder at
 * which all blocks fit (estimated from character widths: a CJK character is 1em, ASCII about
 * 0.55em). Spare height goes to the blocks that ask for it, so the table fills the page like the
 * printed form. When even the smallest size cannot hold everything, the blocks are cut at a line
 * boundary with a marker and the full text is printed on a continuation sheet (附页): nothing the
 * reporter said is ever dropped.
 */
import { html, type SafeHtml } from './html.ts';

const MM_PER_PT = 25.4 / 72;

/** Font sizes tried for free text, largest first: 11pt reads comfortably, 8pt is the floor for a form. */
export const FONT_LADDER: readonly { pt: number; lineHeight: number }[] = [
  { pt: 11, lineHeight: 1.5 },
  { pt: 10.5, lineHeight: 1.5 },
  { pt: 10, lineHeight: 1.45 },
  { pt: 9.5, lineHeight: 1.45 },
  { pt: 9, lineHeight: 1.4 },
  { pt: 8.5, lineHeight: 1.4 },
  { pt: 8, lineHeight: 1.35 },
];

const SMALLEST = FONT_LADDER[FONT_LADDER.length - 1] ?? { pt: 8, lineHeight: 1.35 };
const lineMm = (step: { pt: number; lineHeight: number }) => step.pt * MM_PER_PT * step.lineHeight;

export const CONTINUATION_MARKER = '……（全文见附页）';

export interface TextBlock {
  /** Key of the block in the result. */
  id: string;
  /** Heading of the block on the continuation sheet. */
  label: string;
  text: string;
  /** Width of the box the text is set in. */
  widthMm: number;
  /** Height the box keeps even when (nearly) empty: room to write by hand. */
  minMm: number;
  /** Share of the page's spare height this block takes (0 = none). */
  grow?: number;
  /**
   * Height the box cannot go below however full the page is: its row is at least as tall as the
   * row's label. Defaults to one line of the smallest font.
   */
  floorMm?: number;
}

export interface FittedBlock {
  /** Text to print in the box: the whole text, or its head plus `CONTINUATION_MARKER`. */
  text: string;
  truncated: boolean;
  /** Minimum height to give the box, in mm. */
  heightMm: number;
}

export interface TextFit {
  fontPt: number;
  lineHeight: number;
  blocks: Record<string, FittedBlock>;
  /** Blocks cut short, to be printed in full on a continuation sheet. */
  overflow: TextBlock[];
  /** Inline style for the boxes: font size and line height (numbers only). */
  style: (id: string) => string;
}

/** Width of one character in em: CJK and full-width forms 1, ASCII about half. */
function charEm(codePoint: number): number {
  if (codePoint < 0x7f) return 0.55;
  if (
    codePoint < 0x2e80 &&
    !(codePoint >= 0x2010 && codePoint <= 0x2027) &&
    !(codePoint >= 0x2190 && codePoint <= 0x27ff)
  ) {
    return 0.6;
  }
  return 1;
}

function charsPerLine(widthMm: number, pt: number): number {
  return Math.max(1, widthMm / (pt * MM_PER_PT));
}

/** Estimated number of lines `text` takes in a box `widthMm` wide at `pt`. */
export function estimateLines(text: string, widthMm: number, pt: number): number {
  const capacity = charsPerLine(widthMm, pt);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let em = 0;
    for (const ch of paragraph) em += charEm(ch.codePointAt(0) ?? 0);
    // Line breaking is not perfectly greedy (a closing mark may not start a line): allow 3%.
    lines += Math.max(1, Math.ceil((em * 1.03) / capacity));
  }
  return lines;
}

/** The longest head of `text` that, followed by `CONTINUATION_MARKER`, takes at most `maxLines` lines. */
function headWithMarker(text: string, widthMm: number, pt: number, maxLines: number): string {
  const capacity = charsPerLine(widthMm, pt) / 1.03;
  let markerEm = 0;
  for (const ch of CONTINUATION_MARKER) markerEm += charEm(ch.codePointAt(0) ?? 0);
  let lines = 1;
  let em = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '\n') {
      lines += 1;
      em = 0;
    } else {
      const w = charEm(ch.codePointAt(0) ?? 0);
      if (em + w > capacity) {
        lines += 1;
        em = 0;
      }
      em += w;
    }
    if (lines > maxLines || (lines === maxLines && em + markerEm > capacity)) break;
    out += ch;
  }
  return out.trimEnd() + CONTINUATION_MARKER;
}

/** A short value set in a box sized for `baseLines` lines (one for a table cell, zero for an optional line). */
export interface FixedSlot {
  text: string;
  widthMm: number;
  pt?: number;
  lineHeight?: number;
  baseLines?: number;
}

/**
 * Height that short values need beyond the lines the layout was measured with: a 40-character
 * name wraps in its cell, a long address takes three lines. Subtract it from the free-text height.
 */
export function fixedSlotsExtraMm(slots: readonly FixedSlot[]): number {
  return slots.reduce((sum, { text, widthMm, pt = 11, lineHeight = 1.5, baseLines = 1 }) => {
    const lines = text ? estimateLines(text, widthMm, pt) : 0;
    return sum + Math.max(0, lines - baseLines) * pt * MM_PER_PT * lineHeight;
  }, 0);
}

/** Fits `blocks` into `availableMm` of height; see the module comment. */
export function fitTextBlocks(requested: readonly TextBlock[], availableMm: number): TextFit {
  // Room to write by hand is the first thing to give up when short values already fill the page:
  // the part of each minimum above its floor shrinks in proportion.
  const floor = (b: TextBlock) => b.floorMm ?? lineMm(SMALLEST);
  const above = (b: TextBlock) => Math.max(0, b.minMm - floor(b));
  const floors = requested.reduce((a, b) => a + floor(b), 0);
  const aboveTotal = requested.reduce((a, b) => a + above(b), 0);
  const scale =
    floors + aboveTotal > availableMm && aboveTotal > 0 ? Math.max(0, availableMm - floors) / aboveTotal : 1;
  const blocks = requested.map((b) => ({ ...b, minMm: floor(b) + above(b) * scale }));
  const finish = (
    step: { pt: number; lineHeight: number },
    fitted: Record<string, FittedBlock>,
    overflow: TextBlock[],
  ) => ({
    fontPt: step.pt,
    lineHeight: step.lineHeight,
    blocks: fitted,
    overflow,
    style: (id: string) =>
      `font-size:${step.pt}pt;line-height:${step.lineHeight};min-height:${(fitted[id]?.heightMm ?? 0).toFixed(1)}mm`,
  });

  for (const step of FONT_LADDER) {
    const needed = blocks.map((b) =>
      Math.max(b.minMm, estimateLines(b.text, b.widthMm, step.pt) * lineMm(step)),
    );
    const total = needed.reduce((a, b) => a + b, 0);
    if (total <= availableMm) {
      const spare = availableMm - total;
      const weights = blocks.reduce((a, b) => a + (b.grow ?? 0), 0);
      const fitted: Record<string, FittedBlock> = {};
      blocks.forEach((b, i) => {
        const extra = weights > 0 ? (spare * (b.grow ?? 0)) / weights : 0;
        fitted[b.id] = { text: b.text, truncated: false, heightMm: (needed[i] ?? 0) + extra };
      });
      return finish(step, fitted, []);
    }
  }

  // Even the smallest size is too large: every block keeps its minimum, and the height beyond
  // the minimums is shared max-min fairly, so short blocks stay whole and the long ones split
  // what is left evenly.
  const step = SMALLEST;
  const needed = blocks.map((b) =>
    Math.max(b.minMm, estimateLines(b.text, b.widthMm, step.pt) * lineMm(step)),
  );
  const extra = new Array<number>(blocks.length).fill(0);
  let room = Math.max(0, availableMm - blocks.reduce((a, b) => a + b.minMm, 0));
  const byExcess = blocks
    .map((b, i) => ({ i, excess: (needed[i] ?? 0) - b.minMm }))
    .sort((a, b) => a.excess - b.excess);
  byExcess.forEach(({ i, excess }, rank) => {
    const share = room / (byExcess.length - rank);
    extra[i] = Math.min(excess, share);
    room -= extra[i] ?? 0;
  });
  const fitted: Record<string, FittedBlock> = {};
  const overflow: TextBlock[] = [];
  blocks.forEach((b, i) => {
    const heightMm = b.minMm + (extra[i] ?? 0);
    if ((needed[i] ?? 0) <= heightMm + 0.01) {
      fitted[b.id] = { text: b.text, truncated: false, heightMm };
      return;
    }
    const maxLines = Math.max(1, Math.floor(heightMm / lineMm(step)));
    fitted[b.id] = {
      text: headWithMarker(b.text, b.widthMm, step.pt, maxLines),
      truncated: true,
      heightMm,
    };
    overflow.push(b);
  });
  return finish(step, fitted, overflow);
}

/** The continuation sheet (附页) with the full text of the blocks that were cut short on the form. */
export function continuationSheet(
  title: string,
  number: string,
  blocks: readonly TextBlock[],
): SafeHtml | null {
  if (blocks.length === 0) return null;
  return html`<section class="sheet continuation">
<h2>附页：${title}</h2>
<p class="form-number">编号：<span class="value">${number}</span></p>
${blocks.map(
  (b) => html`<h3>${b.label}（全文）</h3>
<div class="text" data-continuation="${b.id}">${b.text}</div>
`,
)}</section>`;
}
