/**
 * Just enough HTML reading for the document tests (no DOM library in the project): the forms
 * put labels in `<th>` and values in `<td>`, never nest cells, and mark values with `data-field`.
 */

export interface Cell {
  tag: 'th' | 'td';
  attrs: string;
  inner: string;
  /** Text content: tags removed, entities decoded, trimmed (a no-break space counts as space). */
  text: string;
}

/** Decodes the entities that `escapeHtml` writes (and numeric ones). */
export function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** Text content of a fragment. */
export function textOf(fragment: string): string {
  return decode(fragment.replace(/<[^>]*>/g, ''))
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** The `<th>`/`<td>` cells of the page, in document order. */
export function cells(page: string): Cell[] {
  return [...page.matchAll(/<(th|td)\b([^>]*)>([\s\S]*?)<\/\1>/g)].map((m) => ({
    tag: m[1] as 'th' | 'td',
    attrs: m[2] ?? '',
    inner: m[3] ?? '',
    text: textOf(m[3] ?? ''),
  }));
}

/** Texts of the label cells. */
export function labelTexts(page: string): string[] {
  return cells(page)
    .filter((c) => c.tag === 'th')
    .map((c) => c.text);
}

/** The value cell right after the label cell whose text is `label`; throws when there is none. */
export function cellAfter(page: string, label: string): Cell {
  const all = cells(page);
  const i = all.findIndex((c) => c.tag === 'th' && c.text === label);
  const next = all[i + 1];
  if (i < 0 || !next) throw new Error(`no cell after label ${label}`);
  return next;
}

/** Inner markup of the first element carrying `data-field="name"`; throws when there is none. */
export function fieldHtml(page: string, name: string): string {
  const m = new RegExp(`<(\\w+)\\b[^>]*\\bdata-field="${name}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page);
  if (!m) throw new Error(`no data-field="${name}"`);
  return m[2] ?? '';
}

export function field(page: string, name: string): string {
  return textOf(fieldHtml(page, name));
}

/** Every tick box as `{option, checked}`, in document order. */
export function boxes(page: string): { option: string; checked: boolean }[] {
  return [
    ...page.matchAll(
      /<span class="box" data-option="([^"]*)" data-checked="(true|false)"[^>]*>([^<]*)<\/span>/g,
    ),
  ].map((m) => {
    const checked = m[2] === 'true';
    // The glyph must agree with the attribute.
    if ((m[3] === '☑') !== checked) throw new Error(`box ${m[1]} shows ${m[3]} but data-checked=${m[2]}`);
    return { option: m[1] ?? '', checked };
  });
}

/** Options whose boxes are ticked (each option once). */
export function ticked(page: string): string[] {
  return [
    ...new Set(
      boxes(page)
        .filter((b) => b.checked)
        .map((b) => b.option),
    ),
  ];
}
