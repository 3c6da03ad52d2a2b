/** GET /reports/ledger.xlsx — the ledger (台账) as a workbook, with GET /cases's filters. */
import { httpHandler } from '../../shared/http/handler.ts';
import { LedgerExportQuery } from '../../shared/schemas/report.ts';
import { scopeName } from '../../shared/use-cases/reports/access.ts';
import { ledgerXlsx } from '../../shared/use-cases/reports/ledger.ts';
import { attachment, XLSX_TYPE } from '../../shared/use-cases/reports/workbook.ts';
import { binaryAware } from './binary.ts';

export const handler = binaryAware(
  httpHandler({ route: 'exportLedgerXlsx', query: LedgerExportQuery }, async (req) => {
    const [workbook, name] = await Promise.all([
      ledgerXlsx(req.principal!, req.query),
      scopeName(req.principal!),
    ]);
    return {
      status: 200,
      body: workbook.toString('base64'),
      contentType: XLSX_TYPE,
      headers: {
        'content-disposition': attachment('ledger.xlsx', `${name}台账.xlsx`),
        'cache-control': 'no-store',
      },
    };
  }),
);
