/**
 * Tables as files: an xlsx workbook (exceljs) or a CSV that Excel opens with Chinese intact
 * (UTF-8 with a BOM, CRLF). Both start from the same `Sheet`, so the two exports cannot drift.
 */
import { UnprocessableError } from '../../errors.ts';

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  columns: readonly { header: string; width: number }[];
  rows: readonly Cell[][];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/**
 * A Lambda response carries at most 6 MB (an xlsx travels base64, a third larger); beyond this
 * an export is refused with advice, rather than failing at the gateway.
 */
export const MAX_EXPORT_BYTES = 5_500_000;

function tooLarge(): never {
  throw new UnprocessableError(
    '导出文件过大，超过单次下载上限，请缩小时间范围或增加筛选条件后分批导出',
    'export_too_large',
  );
}

export async function xlsxBuffer(sheets: readonly Sheet[]): Promise<Buffer> {
  // Loaded on first use: a JSON or CSV request never pays exceljs's ~1 MB import at cold start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'bancheng';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => v ?? ''));
    ws.eachRow((row, n) => {
      if (n > 1) row.alignment = { vertical: 'top', wrapText: true };
    });
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  if ((buffer.length * 4) / 3 > MAX_EXPORT_BYTES) tooLarge();
  return buffer;
}

/** A cell that Excel would read as a formula (`=`, `+`, `-`, `@`) is kept as text. */
function csvCell(value: Cell): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(sheet: Sheet): string {
  const lines = [sheet.columns.map((c) => csvCell(c.header)), ...sheet.rows.map((r) => r.map(csvCell))];
  const text = `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
  if (Buffer.byteLength(text, 'utf8') > MAX_EXPORT_BYTES) tooLarge();
  return text;
}

/** `Content-Disposition` for a download: an ASCII name, and the Chinese one for browsers that read it. */
export function attachment(asciiName: string, chineseName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`;
}
