/**
 * Our xlsx writer, read back by an independent reader (exceljs, a devDependency only) and, for
 * the package itself, by walking the ZIP records and inflating each part with node:zlib.
 */
import { gzipSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnName, type XlsxSheet, xlsxWorkbook } from '../../shared/documents/xlsx.ts';
import { crc32, zip } from '../../shared/documents/zip.ts';

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The archive's parts by name, from the central directory, each inflated and size-checked. */
function parts(archive: Buffer): Map<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const packed = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    const data = inflateRawSync(archive.subarray(local, local + packed));
    expect(method, name).toBe(8);
    expect(data.length, name).toBe(size);
    // gzip's trailer carries node:zlib's own CRC-32 of the same bytes.
    expect(crc, name).toBe(gzipSync(data).readUInt32LE(gzipSync(data).length - 8));
    files.set(name, data.toString('utf8'));
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return files;
}

const DATE = 'yyyy-mm-dd hh:mm';

const SUMMARY: XlsxSheet = {
  name: '概况',
  columns: [
    { header: '指标', width: 36 },
    { header: '数值', width: 40 },
    { header: '备注', width: 12 },
  ],
  rows: [
    [{ value: '受理' }, { value: 12 }],
    [{ value: '按时反馈率' }, { value: 0.875, numFmt: '0.00%' }],
    [{ value: '回访率' }, { value: null, numFmt: '0.00%' }],
    [{ value: '判定超期' }, { value: new Date('2026-03-02T09:30:00Z'), numFmt: DATE }],
    [{ value: '联系电话' }, { value: '013800000000', numFmt: '@' }],
  ],
};

describe('xlsxWorkbook, read back by exceljs', () => {
  it('keeps the sheet names, header row and cell values in order', async () => {
    const wb = await read(xlsxWorkbook([SUMMARY, { ...SUMMARY, name: '二' }], { creator: 'bancheng' }));

    expect(wb.worksheets.map((s) => s.name)).toEqual(['概况', '二']);
    const sheet = wb.getWorksheet('概况')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '指标', '数值', '备注']);
    expect(sheet.getCell('A2').value).toBe('受理');
    expect(sheet.getCell('B2').value).toBe(12);
    expect(sheet.getCell('B3').value).toBe(0.875);
    expect(sheet.getCell('B4').value).toBeNull();
    expect(sheet.getCell('B6').value).toBe('013800000000');
    expect(wb.creator).toBe('bancheng');
  });

  it('writes a date as the serial day of its UTC fields, with its format', async () => {
    const sheet = (await read(xlsxWorkbook([SUMMARY], { creator: 'x' }))).getWorksheet('概况')!;

    const cell = sheet.getCell('B5');
    expect(cell.value).toEqual(new Date('2026-03-02T09:30:00Z'));
    expect(cell.numFmt).toBe(DATE);
    expect(cell.type).toBe(ExcelJS.ValueType.Date);
  });

  it('gives each body cell its number format: percent, text, General', async () => {
    const sheet = (await read(xlsxWorkbook([SUMMARY], { creator: 'x' }))).getWorksheet('概况')!;

    expect(sheet.getCell('B3').numFmt).toBe('0.00%');
    expect(sheet.getCell('B4').numFmt).toBe('0.00%');
    expect(sheet.getCell('B6').numFmt).toBe('@');
    expect(sheet.getCell('B2').numFmt).toBeUndefined();
  });

  it('sets the column widths, a bold header and top-aligned wrapped body cells', async () => {
    const sheet = (await read(xlsxWorkbook([SUMMARY], { creator: 'x' }))).getWorksheet('概况')!;

    expect(sheet.columns.map((c) => c.width)).toEqual([36, 40, 12]);
    for (const ref of ['A1', 'B1', 'C1']) expect(sheet.getCell(ref).font?.bold, ref).toBe(true);
    expect(sheet.getCell('A2').font?.bold).toBeFalsy();
    expect(sheet.getCell('B5').alignment).toEqual({ vertical: 'top', wrapText: true });
  });

  it('freezes the header row and filters from it, on every sheet', async () => {
    const empty: XlsxSheet = { name: '空', columns: [{ header: '甲', width: 8 }], rows: [] };
    const wb = await read(xlsxWorkbook([SUMMARY, empty], { creator: 'x' }));

    for (const [name, filter] of [
      ['概况', 'A1:C1'],
      ['空', 'A1:A1'],
    ] as const) {
      const sheet = wb.getWorksheet(name)!;
      expect(sheet.views[0], name).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
      expect(sheet.autoFilter, name).toBe(filter);
    }
  });

  it('names columns past Z as Excel does (AA, AB …) and places their cells there', async () => {
    const columns = Array.from({ length: 30 }, (_, i) => ({ header: `列${i + 1}`, width: 10 }));
    const row = columns.map((_, i) => ({ value: i + 1 }));
    const sheet = (await read(xlsxWorkbook([{ name: '宽', columns, rows: [row] }], { creator: 'x' })))
      .worksheets[0]!;

    expect([0, 25, 26, 29, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AD', 'ZZ', 'AAA']);
    expect(sheet.getCell('Z2').value).toBe(26);
    expect(sheet.getCell('AD2').value).toBe(30);
    expect(sheet.getCell('AD1').value).toBe('列30');
    expect(sheet.autoFilter).toBe('A1:AD1');
  });

  it('keeps text verbatim: markup characters, line breaks, edge spaces, a literal _x000D_; drops control characters', async () => {
    const texts = ['<b>&"甲"</b>', '第一行\n第二行', '  前后空格 ', 'a_x000D_b', 'bell\u0007end', '=1+1'];
    const sheet = (
      await read(
        xlsxWorkbook(
          [{ name: 't', columns: [{ header: 'v', width: 9 }], rows: texts.map((t) => [{ value: t }]) }],
          {
            creator: 'x',
          },
        ),
      )
    ).worksheets[0]!;

    expect(texts.map((_, i) => sheet.getCell(`A${i + 2}`).value)).toEqual([
      '<b>&"甲"</b>',
      '第一行\n第二行',
      '  前后空格 ',
      'a_x000D_b',
      'bellend',
      '=1+1',
    ]);
    expect(sheet.getCell('A7').type).toBe(ExcelJS.ValueType.String);
  });

  it('writes an empty cell for an empty string and for a number that is not finite', async () => {
    const rows = [[{ value: '' }, { value: Number.NaN }, { value: Number.POSITIVE_INFINITY }]];
    const columns = ['a', 'b', 'c'].map((header) => ({ header, width: 5 }));
    const sheet = (await read(xlsxWorkbook([{ name: 'e', columns, rows }], { creator: 'x' }))).worksheets[0]!;

    expect([sheet.getCell('A2').value, sheet.getCell('B2').value, sheet.getCell('C2').value]).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('the xlsx package', () => {
  it('holds the parts Excel requires, each declared in the content types and reachable by a relationship', () => {
    const files = parts(xlsxWorkbook([SUMMARY, { ...SUMMARY, name: '二' }], { creator: 'x' }));

    for (const name of [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
      'docProps/core.xml',
    ]) {
      expect(files.has(name), name).toBe(true);
    }
    const types = files.get('[Content_Types].xml')!;
    for (const [, part] of types.matchAll(/PartName="\/([^"]+)"/g)) expect(files.has(part!), part).toBe(true);
    expect(types).toContain('spreadsheetml.sheet.main+xml');
    const rels = files.get('xl/_rels/workbook.xml.rels')!;
    for (const [, target] of rels.matchAll(/Target="([^"]+)"/g))
      expect(files.has(`xl/${target}`), target).toBe(true);
    expect(files.get('_rels/.rels')).toContain('Target="xl/workbook.xml"');
    for (const xml of files.values())
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"')).toBe(true);
  });

  it('gives the same bytes for the same sheets (no wall-clock time inside)', () => {
    expect(xlsxWorkbook([SUMMARY], { creator: 'x' }).equals(xlsxWorkbook([SUMMARY], { creator: 'x' }))).toBe(
      true,
    );
  });
});

describe('zip and crc32', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('stores every entry deflated, with names in UTF-8, readable back byte for byte', () => {
    const big = Buffer.from('报表'.repeat(50_000));
    const files = parts(
      zip([
        { name: 'a.txt', data: 'hello' },
        { name: '目录/表.xml', data: big },
        { name: 'empty', data: '' },
      ]),
    );

    expect([...files.keys()]).toEqual(['a.txt', '目录/表.xml', 'empty']);
    expect(files.get('a.txt')).toBe('hello');
    expect(files.get('目录/表.xml')).toBe(big.toString('utf8'));
    expect(files.get('empty')).toBe('');
  });
});
