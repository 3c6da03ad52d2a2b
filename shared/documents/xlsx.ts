/**
 * An xlsx workbook (SpreadsheetML, ECMA-376 part 1) of plain tables: per sheet a bold header
 * row that stays in view (frozen) and filters (autoFilter), column widths, and body cells
 * top-aligned and wrapped, each with an optional number format. The parts Excel requires and
 * nothing else: content types, relationships, workbook, one worksheet a sheet, styles, shared
 * strings and the core properties, zipped by ./zip.ts.
 *
 * Written here instead of bundling exceljs (with jszip, archiver, unzipper … ~900 KB minified)
 * into every function that answers a workbook: that was most of those functions' cold start.
 * The tests read what this writes with exceljs, an independent reader.
 */
import { zip } from './zip.ts';

/** A date is written as Excel's serial day number of its UTC fields (Excel has no time zones). */
export type XlsxValue = string | number | Date | null;

export interface XlsxCell {
  value: XlsxValue;
  /** An Excel number format: `0.00%`, `yyyy-mm-dd hh:mm`, `@` (text); General when absent. */
  numFmt?: string;
}

export interface XlsxSheet {
  /** At most 31 characters, none of `[]:*?/\` (Excel's rule for sheet names). */
  name: string;
  columns: readonly { header: string; width: number }[];
  rows: readonly (readonly XlsxCell[])[];
}

export interface XlsxOptions {
  /** The workbook's author (docProps/core.xml). */
  creator: string;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Number formats Excel knows by id; any other gets an id from 164 up. */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '0%': 9,
  '0.00%': 10,
  '@': 49,
};

const MS_PER_DAY = 86_400_000;
/** 1970-01-01 as an Excel serial day (the 1900 date system, leap-year bug included). */
const UNIX_EPOCH_SERIAL = 25_569;

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/**
 * Text as XML character data: the five specials escaped, characters XML 1.0 forbids dropped
 * (one would make Excel refuse the whole file), and a literal `_x000D_` kept literal (Excel
 * reads that pattern as an escaped character).
 */
function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The styles of a workbook: 0 default, 1 the header, then one body style per number format. */
class Styles {
  private readonly body = new Map<string, number>();
  private readonly custom = new Map<string, number>();

  bodyStyle(numFmt = 'General'): number {
    let index = this.body.get(numFmt);
    if (index === undefined) {
      index = 2 + this.body.size;
      this.body.set(numFmt, index);
      if (BUILT_IN_FORMATS[numFmt] === undefined && !this.custom.has(numFmt)) {
        this.custom.set(numFmt, 164 + this.custom.size);
      }
    }
    return index;
  }

  xml(): string {
    const formatId = (f: string) => BUILT_IN_FORMATS[f] ?? this.custom.get(f)!;
    const numFmts = this.custom.size
      ? `<numFmts count="${this.custom.size}">${[...this.custom]
          .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`)
          .join('')}</numFmts>`
      : '';
    // A named font, not the theme's: the package has no theme part to refer to.
    const font = (bold: boolean) =>
      `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
    const bodyXfs = [...this.body.keys()].map((f) => {
      const id = formatId(f);
      return `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''} applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>`;
    });
    const xfs = [
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
      ...bodyXfs,
    ];
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN}">${numFmts}` +
      `<fonts count="2">${font(false)}${font(true)}</fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

/** Every text of the workbook once (sharedStrings.xml); cells refer to it by index. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private count = 0;

  add(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(text, i);
    }
    return i;
  }

  xml(): string {
    const items = [...this.index.keys()].map((t) => {
      const space = /^\s|\s$/.test(t) ? ' xml:space="preserve"' : '';
      return `<si><t${space}>${xmlText(t)}</t></si>`;
    });
    return `${XML_HEAD}<sst xmlns="${MAIN}" count="${this.count}" uniqueCount="${items.length}">${items.join('')}</sst>`;
  }
}

function cellXml(ref: string, style: number, value: XlsxValue, strings: SharedStrings): string {
  if (value === null || value === '') return `<c r="${ref}" s="${style}"/>`;
  if (typeof value === 'string') return `<c r="${ref}" s="${style}" t="s"><v>${strings.add(value)}</v></c>`;
  const number = value instanceof Date ? value.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL : value;
  // NaN or Infinity has no cell form: an empty cell, as a missing figure reads.
  if (!Number.isFinite(number)) return `<c r="${ref}" s="${style}"/>`;
  return `<c r="${ref}" s="${style}"><v>${number}</v></c>`;
}

function sheetXml(sheet: XlsxSheet, styles: Styles, strings: SharedStrings): string {
  const width = Math.max(1, sheet.columns.length, ...sheet.rows.map((r) => r.length));
  const last = columnName(width - 1);
  const header = `<row r="1">${sheet.columns
    .map((c, i) => cellXml(`${columnName(i)}1`, 1, c.header, strings))
    .join('')}</row>`;
  const body = sheet.rows.map((cells, r) => {
    const n = r + 2;
    const xml = cells.map((c, i) =>
      cellXml(`${columnName(i)}${n}`, styles.bodyStyle(c.numFmt), c.value, strings),
    );
    return `<row r="${n}">${xml.join('')}</row>`;
  });
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${DOC_RELS}">` +
    `<dimension ref="A1:${last}${sheet.rows.length + 1}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
    '</sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${header}${body.join('')}</sheetData>` +
    `<autoFilter ref="${filterRange(sheet)}"/>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}

/** The header row, which every sheet filters from. */
function filterRange(sheet: XlsxSheet): string {
  return `A1:${columnName(Math.max(1, sheet.columns.length) - 1)}1`;
}

export function xlsxWorkbook(sheets: readonly XlsxSheet[], options: XlsxOptions): Buffer {
  const styles = new Styles();
  const strings = new SharedStrings();
  const worksheets = sheets.map((s) => sheetXml(s, styles, strings));
  const n = sheets.length;
  const override = (part: string, type: string) =>
    `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-${type}"/>`;
  const relationship = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
  const absolute = (range: string) => range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');

  const parts: Array<[string, string]> = [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        override('/xl/workbook.xml', 'officedocument.spreadsheetml.sheet.main+xml') +
        worksheets
          .map((_, i) =>
            override(`/xl/worksheets/sheet${i + 1}.xml`, 'officedocument.spreadsheetml.worksheet+xml'),
          )
          .join('') +
        override('/xl/styles.xml', 'officedocument.spreadsheetml.styles+xml') +
        override('/xl/sharedStrings.xml', 'officedocument.spreadsheetml.sharedStrings+xml') +
        override('/docProps/core.xml', 'package.core-properties+xml') +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_RELS}">` +
        relationship('rId1', `${DOC_RELS}/officeDocument`, 'xl/workbook.xml') +
        relationship('rId2', `${PKG_RELS}/metadata/core-properties`, 'docProps/core.xml') +
        '</Relationships>',
    ],
    [
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
        `<dc:creator>${xmlText(options.creator)}</dc:creator></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}">` +
        '<bookViews><workbookView/></bookViews>' +
        `<sheets>${sheets
          .map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join('')}</sheets>` +
        // Excel keeps each sheet's filter range under this hidden name; so does what it writes.
        `<definedNames>${sheets
          .map(
            (s, i) =>
              `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(
                `${quoted(s.name)}!${absolute(filterRange(s))}`,
              )}</definedName>`,
          )
          .join('')}</definedNames>` +
        '</workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_RELS}">` +
        worksheets
          .map((_, i) => relationship(`rId${i + 1}`, `${DOC_RELS}/worksheet`, `worksheets/sheet${i + 1}.xml`))
          .join('') +
        relationship(`rId${n + 1}`, `${DOC_RELS}/styles`, 'styles.xml') +
        relationship(`rId${n + 2}`, `${DOC_RELS}/sharedStrings`, 'sharedStrings.xml') +
        '</Relationships>',
    ],
    ...worksheets.map((xml, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
    // Last: the two tables are complete only once every sheet is written.
    ['xl/styles.xml', styles.xml()],
    ['xl/sharedStrings.xml', strings.xml()],
  ];
  return zip(parts.map(([name, data]) => ({ name, data })));
}
