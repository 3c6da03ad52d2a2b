/** Which representation a report request wants: `?format=` wins, then the Accept header. */
import { XLSX_TYPE } from '../../shared/use-cases/reports/workbook.ts';

export function wanted<F extends string>(
  format: F | undefined,
  accept: string | undefined,
  offered: readonly { format: F; type: string }[],
  fallback: F,
): F {
  if (format) return format;
  const header = (accept ?? '').toLowerCase();
  return offered.find((o) => header.includes(o.type))?.format ?? fallback;
}

export const MONTHLY_FORMATS = [
  { format: 'html', type: 'text/html' },
  { format: 'xlsx', type: XLSX_TYPE },
  { format: 'xlsx', type: 'xlsx' },
] as const;
