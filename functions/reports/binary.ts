/**
 * `httpHandler` answers text. A workbook is binary: the use case hands it over base64-encoded
 * and this marks the response `isBase64Encoded`, as API Gateway (and the local front) expect.
 */
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResponse } from '../../shared/http/handler.ts';
import { XLSX_TYPE } from '../../shared/use-cases/reports/workbook.ts';

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResponse>;

export function binaryAware(handler: Handler): Handler {
  return async (event, context) => {
    const response = await handler(event, context);
    const type = String(response.headers?.['content-type'] ?? '');
    return type.startsWith(XLSX_TYPE) ? { ...response, isBase64Encoded: true } : response;
  };
}
