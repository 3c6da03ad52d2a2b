/**
 * 最少数据: what a role may see of a response, shaped in one place for every route. Supervisors
 * (督导) see reporters' phone numbers masked (`138****0000`) in every answer — JSON, printable
 * pages, CSV; a centre's own people see them in full. Binary bodies (workbooks) are masked where
 * they are built (the ledger export), since their bytes cannot be rewritten here.
 */
import { maskPhones } from '../adapters/logger.ts';
import type { Principal } from '../domain/identity.ts';

/** Keys whose values are identifiers, hashes, cursors or signed URLs: digits there are never phone numbers. */
const OPAQUE_KEY = /(^id$|Id$|Ids$|hash$|Hash$|cursor$|Cursor$|^etag$|^url$|Url$|^sha256$)/;

function maskDeep(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return OPAQUE_KEY.test(key) ? value : maskPhones(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, k)]));
  }
  return value;
}

/** Whether this caller sees phone numbers masked. */
export function seesMaskedPhones(principal: Principal | undefined): boolean {
  return principal?.role === 'supervisor';
}

/** A JSON body as this caller may see it. */
export function shapeJson(principal: Principal | undefined, body: unknown): unknown {
  return seesMaskedPhones(principal) ? maskDeep(body) : body;
}

/** A text body (HTML, CSV) as this caller may see it; other content types pass unchanged. */
export function shapeText(principal: Principal | undefined, contentType: string, body: string): string {
  if (!seesMaskedPhones(principal) || !/^text\//i.test(contentType)) return body;
  return maskPhones(body);
}
