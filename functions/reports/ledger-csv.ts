/** GET /reports/ledger.csv — the ledger (台账) as CSV (UTF-8 with BOM), with GET /cases's filters. */
import { httpHandler } from '../../shared/http/handler.ts';
import { LedgerExportQuery } from '../../shared/schemas/report.ts';
import { scopeName } from '../../shared/use-cases/reports/access.ts';
import { ledgerCsv } from '../../shared/use-cases/reports/ledger.ts';
import { attachment, CSV_TYPE } from '../../shared/use-cases/reports/workbook.ts';

export const handler = httpHandler({ route: 'exportLedgerCsv', query: LedgerExportQuery }, async (req) => {
  const [body, name] = await Promise.all([ledgerCsv(req.principal!, req.query), scopeName(req.principal!)]);
  return {
    status: 200,
    body,
    contentType: CSV_TYPE,
    headers: {
      'content-disposition': attachment('ledger.csv', `${name}台账.csv`),
      'cache-control': 'no-store',
    },
  };
});
