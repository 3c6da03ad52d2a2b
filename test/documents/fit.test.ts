import { describe, expect, it } from 'vitest';
import {
  CONTINUATION_MARKER,
  estimateLines,
  FONT_LADDER,
  fitTextBlocks,
} from '../../shared/documents/fit.ts';

const block = (id: string, text: string, minMm = 0, grow = 0) => ({
  id,
  label: id,
  text,
  widthMm: 138,
  minMm,
  grow,
});

describe('fitTextBlocks', () => {
  it('keeps the largest font when the text is short and gives the spare height to growing blocks', () => {
    const fit = fitTextBlocks([block('a', '短', 20, 1), block('b', '短', 10, 3)], 100);
    expect(fit.fontPt).toBe(FONT_LADDER[0]?.pt);
    expect(fit.overflow).toEqual([]);
    expect((fit.blocks['a']?.heightMm ?? 0) + (fit.blocks['b']?.heightMm ?? 0)).toBeCloseTo(100);
    expect(fit.blocks['b']?.heightMm).toBeGreaterThan(fit.blocks['a']?.heightMm ?? 0);
  });

  it('steps the font down as text grows', () => {
    const sizes = [300, 1200, 1800].map((n) => fitTextBlocks([block('a', '字'.repeat(n), 50)], 160).fontPt);
    expect(sizes[0]).toBeGreaterThan(sizes[1] ?? 0);
    expect(sizes[1]).toBeGreaterThan(sizes[2] ?? 0);
  });

  it('cuts what cannot fit at the smallest size, keeps short blocks whole, and lists the cut ones', () => {
    const fit = fitTextBlocks(
      [block('short', '反映事项：养老保险'), block('long', '字'.repeat(4000), 50)],
      160,
    );
    expect(fit.blocks['short']).toMatchObject({ text: '反映事项：养老保险', truncated: false });
    expect(fit.blocks['long']?.truncated).toBe(true);
    expect(fit.blocks['long']?.text.endsWith(CONTINUATION_MARKER)).toBe(true);
    expect(fit.overflow.map((b) => b.id)).toEqual(['long']);
    const shown = fit.blocks['long']?.text ?? '';
    expect(
      estimateLines(shown, 138, fit.fontPt) * fit.fontPt * (25.4 / 72) * fit.lineHeight,
    ).toBeLessThanOrEqual((fit.blocks['long']?.heightMm ?? 0) + 0.01);
  });

  it('counts ASCII narrower than CJK and each newline as a new line', () => {
    expect(estimateLines('a'.repeat(60), 138, 11)).toBe(1);
    expect(estimateLines('字'.repeat(60), 138, 11)).toBe(2);
    expect(estimateLines('一\n二\n三', 138, 11)).toBe(3);
  });
});
