/**
 * Evidence (办理佐证材料) from a handling unit through its signed link: a `multipart/form-data`
 * post from the action page with one file of at most 4 MB (what a Lambda invocation carries
 * once API Gateway has base64-encoded it) — an image, PDF or office document — that becomes an
 * attachment of the order's case.
 *
 * Primary course:
 *  1. The link is resolved as for the page (action-link-page.ts); a view-only link, or an order
 *     whose state no longer takes evidence, is refused.
 *  2. The acting officer is named; the file is there, within the size, of an allowed type (the
 *     one the browser declared, or the one its extension names when it declared none).
 *  3. `receiveAttachment` (attachments.ts) computes the SHA-256, writes the object to S3 and
 *     records it `stored`, linked to the order, under the officer's name, on the case's trail.
 *
 * Kept apart from the page's module so the page's function does not bundle the S3 client.
 */
import { clock } from '../adapters/clock.ts';
import {
  ForbiddenError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.ts';
import type { MultipartForm } from '../http/multipart.ts';
import { ALLOWED_CONTENT_TYPES, type Attachment } from '../schemas/attachment.ts';
import { legalDepartmentActions, linkPrincipal, OfficerName, type ResolvedLink } from './action-link.ts';
import { receiveAttachment } from './attachments.ts';

/** One evidence file at most this big: 4 MB base64-encoded by API Gateway stays under Lambda's 6 MB. */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024;

/** File-name extension → type, for a browser that declares none (`application/octet-stream`). */
const TYPE_BY_EXTENSION = new Map<string, string>(
  Object.entries(ALLOWED_CONTENT_TYPES).flatMap(([type, exts]) => exts.map((e) => [e, type] as const)),
);

/**
 * An evidence post (`action=evidence`, `file`, optional `note`, `officerName`): stored as an
 * attachment of the order's case. A file over the limit is a 413, a type not allowed a 415.
 */
export async function uploadEvidence(
  link: ResolvedLink,
  form: MultipartForm,
): Promise<{ attachment: Attachment; duplicate: boolean }> {
  if (link.claims.action === 'form') throw new ForbiddenError('此链接只能查看转办单');
  if (!legalDepartmentActions(link.workOrder, clock.now()).includes('evidence')) {
    throw new ValidationError('该操作当前不可用，请刷新页面', [
      { field: 'action', message: '工单状态已变化' },
    ]);
  }
  const principal = linkPrincipal(link, OfficerName(form.fields.officerName));
  const file = form.file;
  if (!file || file.bytes.byteLength === 0) {
    throw new ValidationError('请选择要上传的文件', [{ field: 'file', message: '请选择要上传的文件' }]);
  }
  if (file.truncated) {
    throw new PayloadTooLargeError(
      `文件过大：每个文件不能超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB，请压缩或拆分后上传`,
    );
  }
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file.fileName)?.[1]?.toLowerCase() ?? '';
  const declared = file.contentType.toLowerCase();
  const contentType = declared in ALLOWED_CONTENT_TYPES ? declared : TYPE_BY_EXTENSION.get(ext);
  if (!contentType) {
    throw new UnsupportedMediaTypeError(
      '不支持该文件类型：可上传照片（JPG、PNG、WEBP）、PDF、Word、Excel、OFD 或 TXT 文件',
    );
  }
  const note = form.fields.note?.trim();
  if (note && note.length > 500) {
    throw new ValidationError('说明过长', [{ field: 'note', message: '说明不能超过500字' }]);
  }
  return receiveAttachment(principal, link.workOrder.caseId, {
    fileName: file.fileName,
    contentType,
    bytes: file.bytes,
    kind: 'material',
    workOrderId: link.workOrder.id,
    ...(note ? { note } : {}),
  });
}
