/**
 * Tables as files: an xlsx workbook (shared/documents/xlsx.ts) or a CSV that Excel opens with Chinese intact
 * (UTF-8 with a BOM, CRLF). Both start from the same `Sheet`, so the two exports cannot drift.
 */
import { formatDateTime } from '../../documents/format.ts';
import { type XlsxCell, xlsxWorkbook } from '../../documents/xlsx.ts';
import { UnprocessableError } from '../../errors.ts';

/**
 * A cell people can compute with: an instant (`{ at }`, a date cell in Asia/Shanghai wall time),
 * a share (`{ rate }`, 0–1, a percentage number cell), text that only looks like a number
 * (`{ text }`, a phone number: never 1.38E+10), or a plain string or number.
 */
export type Cell = string | number | null | { at: string } | { rate: number | null } | { text: string };

/** An instant as a date cell, or an empty cell. */
export const at = (iso: string | undefined | null): Cell => (iso ? { at: iso } : null);
/** A share as a percentage cell. */
export const rate = (share: number | null | undefined): Cell => ({ rate: share ?? null });
/** Text kept as text. */
export const text = (value: string): Cell => ({ text: value });

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm';
const PERCENT_FORMAT = '0.00%';

/** Excel dates have no time zone: the Asia/Shanghai wall time, written as if it were UTC. */
function wallClock(iso: string): Date {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
}

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

export function xlsxBuffer(sheets: readonly Sheet[]): Buffer {
  const buffer = xlsxWorkbook(
    sheets.map((sheet) => ({
      name: sheet.name,
      columns: sheet.columns,
      rows: sheet.rows.map((values) => values.map(xlsxCell)),
    })),
    { creator: 'bancheng' },
  );
  if ((buffer.length * 4) / 3 > MAX_EXPORT_BYTES) tooLarge();
  return buffer;
}

function xlsxCell(value: Cell): XlsxCell {
  if (value === null || typeof value !== 'object') return { value };
  if ('at' in value) return { value: wallClock(value.at), numFmt: DATE_FORMAT };
  if ('rate' in value) return { value: value.rate, numFmt: PERCENT_FORMAT };
  return { value: value.text, numFmt: '@' };
}

/** How a typed cell reads in a CSV. */
function csvValue(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'object') return String(value);
  if ('at' in value) return formatDateTime(value.at);
  if ('rate' in value) return value.rate === null ? '' : `${(value.rate * 100).toFixed(2)}%`;
  return value.text;
}

/**
 * A cell that Excel would read as a formula (`=`, `+`, `-`, `@`) is kept as text; so is text
 * of digits (`{ text }`: a phone number), written `="13812345678"` so that Excel neither turns
 * it into 1.38E+10 nor drops a leading 0.
 */
function csvCell(value: Cell): string {
  if (value && typeof value === 'object' && 'text' in value && /^[\d*+-]+$/.test(value.text)) {
    return `"=""${value.text}"""`;
  }
  let text = csvValue(value);
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
