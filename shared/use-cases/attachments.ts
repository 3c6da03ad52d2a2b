/**
 * Attachments (附件): materials received and documents produced, filed under a case. The
 * bytes go straight from the clerk's browser to S3 by a presigned PUT; the record lives in
 * the case's item collection (`CASE#{caseId}` / `ATT#{attachmentId}`) and every change to it
 * is an audit event on the case.
 *
 * Primary course:
 *  1. Register (POST …/attachments): the case must accept attachments (not archived); the
 *     record is written `pending` together with the case's next version and its
 *     `case.attachment_added` event; the answer is a 15-minute upload URL whose signature
 *     binds the content type, the size and the SHA-256 the clerk declared.
 *  2. Upload: PUT to that URL (S3 refuses other bytes).
 *  3. Confirm (POST …/complete): the object must be there with the declared size and
 *     SHA-256 — S3's own stored checksum when it returns one, otherwise (the local emulator
 *     keeps none) the object is downloaded and hashed here. Then the record becomes `stored`
 *     with a `case.attachment_stored` event; a mismatch is a 422 and the record stays pending.
 *  4. Read: a stored attachment comes with a 5-minute download URL under its original name.
 *
 * A file received by the server itself (a department's evidence posted from the action page,
 * `receiveAttachment`) skips the presigned round: the server computes the SHA-256, writes the
 * object with that checksum (S3 refuses other bytes), and records it `stored` with one
 * `case.attachment_added` event. Its id derives from the work order and the file's SHA-256, so
 * posting the same file twice (a reload, a double tap) stores it once.
 */

import {
  attachmentBucket,
  headObject,
  presignGet,
  presignPut,
  putObject,
  getObject as readObject,
  sha256Base64,
  sha256Hex,
} from '../adapters/blob-store.ts';
import { ExtraItemConflict, getCaseCollection, type StoredCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { table } from '../adapters/dynamo.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { assertTransition, canonicalJson, sha256 } from '../domain/case.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { formatShanghai } from '../domain/time.ts';
import { NotFoundError, UnprocessableError } from '../errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { type Attachment, CreateAttachmentBody } from '../schemas/attachment.ts';
import { keys } from '../table.ts';
import { attachmentsOf } from './attachment-records.ts';
import { changeCase } from './case-changes.ts';

/** Upload URLs live long enough for a slow scan over a township's network, no longer. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;
/** Keeps a case's item collection (read whole by GET /cases/{id}) small. */
export const MAX_ATTACHMENTS_PER_CASE = 100;
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

type Item = Record<string, unknown>;

/** `{tenantId}/{caseId}/{attachmentId}`: a centre's objects under one prefix (IAM, lifecycle, export). */
export function attachmentObjectKey(tenantId: string, caseId: string, attachmentId: string): string {
  return `${tenantId}/${caseId}/${attachmentId}`;
}

function attachmentItem(a: Attachment): Item {
  return { ...keys.attachment(a.caseId, a.id), type: 'attachment', ...a };
}

async function loadAttachment(principal: Principal, caseId: string, attachmentId: string) {
  const { stored, others } = await getCaseCollection(scopeOf(principal), caseId);
  const attachment = attachmentsOf(others).find((a) => a.id === attachmentId);
  if (!attachment) throw new NotFoundError('附件不存在');
  return { stored, attachment };
}

export interface UploadTicket {
  attachmentId: string;
  uploadUrl: string;
  expiresAt: string;
  headers: { 'content-type': string; 'x-amz-checksum-sha256': string };
}

async function uploadTicket(a: Attachment): Promise<UploadTicket> {
  const signed = await presignPut({
    bucket: attachmentBucket(),
    key: a.objectKey,
    contentType: a.contentType,
    size: a.size,
    sha256Base64: a.sha256,
    expiresIn: UPLOAD_URL_SECONDS,
  });
  return {
    attachmentId: a.id,
    uploadUrl: signed.url,
    expiresAt: formatShanghai(signed.expiresAt),
    headers: signed.headers,
  };
}

/** What the audit event keeps of an added attachment: the file and what it is of, not where it is stored. */
function attachmentChange(a: Attachment) {
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    kind: a.kind,
    ...(a.workOrderId ? { workOrderId: a.workOrderId } : {}),
    ...(a.note ? { note: a.note } : {}),
  };
}

/** Step 1: register the attachment with the case and hand out its upload URL. */
export async function addAttachment(
  principal: Principal,
  caseId: string,
  body: CreateAttachmentBody,
  opts: { idempotencyKey?: string } = {},
): Promise<{ ticket: UploadTicket; replayed: boolean }> {
  const bodyHash = sha256(canonicalJson(body));
  let created: Attachment | undefined;
  try {
    await changeCase(principal, caseId, undefined, async (current: StoredCase, now) => {
      assertTransition('attach', current.status);
      const { others } = await getCaseCollection(scopeOf(principal), caseId);
      if (attachmentsOf(others).length >= MAX_ATTACHMENTS_PER_CASE) {
        throw new UnprocessableError(
          `每个案件最多 ${MAX_ATTACHMENTS_PER_CASE} 个附件，请合并后上传`,
          'too_many_attachments',
        );
      }
      const id = newId('att');
      const attachment: Attachment = {
        id,
        caseId,
        tenantId: current.tenantId,
        fileName: body.fileName,
        contentType: body.contentType,
        size: body.size,
        sha256: body.sha256,
        kind: body.kind,
        status: 'pending',
        objectKey: attachmentObjectKey(current.tenantId, caseId, id),
        // changeCase writes this change as the case's next event.
        eventSeq: current.lastEventSeq + 1,
        createdAt: now,
        createdBy: { id: principal.id, name: principal.name },
      };
      created = attachment;
      const nowEpoch = Math.floor(clock.now().getTime() / 1000);
      return {
        action: 'case.attachment_added',
        patch: {},
        changes: { attachment: attachmentChange(attachment) },
        extra: () => [
          {
            Put: {
              TableName: table(),
              Item: attachmentItem(attachment),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(opts.idempotencyKey
            ? [
                {
                  Put: {
                    TableName: table(),
                    Item: {
                      ...keys.idempotency(`attachment#${caseId}`, opts.idempotencyKey),
                      type: 'idempotency',
                      bodyHash,
                      status: 201,
                      // The URL is re-signed on a replay: only the attachment is remembered.
                      response: { attachmentId: id },
                      expiresAtEpoch: nowEpoch + IDEMPOTENCY_TTL_SECONDS,
                    },
                    ConditionExpression: 'attribute_not_exists(pk) OR expiresAtEpoch < :now',
                    ExpressionAttributeValues: { ':now': nowEpoch },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                  },
                },
              ]
            : []),
        ],
      };
    });
  } catch (error) {
    // The idempotency record (the 2nd extra item) exists: this attachment was already registered.
    if (error instanceof ExtraItemConflict && error.index === 1 && error.item) {
      if (error.item.bodyHash !== bodyHash) {
        throw new UnprocessableError(
          '该幂等键（Idempotency-Key）已用于另一份不同的提交，请换用新的键',
          'idempotency_key_reused',
        );
      }
      const firstId = String((error.item.response as { attachmentId?: unknown } | undefined)?.attachmentId);
      const { attachment } = await loadAttachment(principal, caseId, firstId);
      return { ticket: await uploadTicket(attachment), replayed: true };
    }
    throw error;
  }
  const attachment = created!;
  logger.info('attachment registered', { caseId, attachmentId: attachment.id, size: attachment.size });
  return { ticket: await uploadTicket(attachment), replayed: false };
}

/**
 * The object as uploaded must be the file declared. S3 keeps the SHA-256 the signed upload
 * carried and answers it on HEAD; an emulator that keeps none makes us hash the bytes.
 */
async function verifyUpload(a: Attachment): Promise<'s3_checksum' | 'downloaded'> {
  const bucket = attachmentBucket();
  const head = await headObject(bucket, a.objectKey);
  if (!head) throw new UnprocessableError('文件尚未上传，请先按上传地址上传文件', 'upload_missing');
  if (head.size !== a.size) {
    throw new UnprocessableError(
      `上传的文件大小（${head.size} 字节）与登记的大小（${a.size} 字节）不符，请重新上传`,
      'size_mismatch',
      [{ field: 'size', message: '文件大小与登记不符' }],
    );
  }
  let actual = head.sha256Base64;
  let how: 's3_checksum' | 'downloaded' = 's3_checksum';
  if (!actual) {
    const object = await readObject(bucket, a.objectKey);
    if (!object) throw new UnprocessableError('文件尚未上传，请先按上传地址上传文件', 'upload_missing');
    actual = sha256Base64(object.body);
    how = 'downloaded';
  }
  if (actual !== a.sha256) {
    throw new UnprocessableError(
      '上传的文件与登记的校验值（SHA-256）不符，请重新上传正确的文件',
      'checksum_mismatch',
      [{ field: 'sha256', message: '文件内容的 SHA-256 与登记的不一致' }],
    );
  }
  return how;
}

/** Step 3: confirm the upload; a repeat after success answers the stored record. */
export async function completeAttachment(
  principal: Principal,
  caseId: string,
  attachmentId: string,
): Promise<Attachment> {
  const { stored, attachment } = await loadAttachment(principal, caseId, attachmentId);
  if (attachment.status === 'stored') return attachment;
  // Refuse before any S3 work when the case no longer takes attachments (e.g. archived).
  assertTransition('attach', stored.status);
  const verifiedBy = await verifyUpload(attachment);

  let updated: Attachment | undefined;
  try {
    await changeCase(principal, caseId, undefined, (current, now) => {
      assertTransition('attach', current.status);
      const next: Attachment = {
        ...attachment,
        status: 'stored',
        storedAt: now,
        storedBy: { id: principal.id, name: principal.name },
      };
      updated = next;
      return {
        action: 'case.attachment_stored',
        patch: {},
        changes: {
          attachmentId,
          fileName: attachment.fileName,
          size: attachment.size,
          sha256: attachment.sha256,
          verifiedBy,
        },
        extra: () => [
          {
            Put: {
              TableName: table(),
              Item: attachmentItem(next),
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending' },
            },
          },
        ],
      };
    });
  } catch (error) {
    // Confirmed by someone else meanwhile: the same outcome.
    if (error instanceof ExtraItemConflict)
      return (await loadAttachment(principal, caseId, attachmentId)).attachment;
    throw error;
  }
  logger.info('attachment stored', { caseId, attachmentId, verifiedBy });
  return updated!;
}

export async function listAttachments(principal: Principal, caseId: string): Promise<Attachment[]> {
  const { others } = await getCaseCollection(scopeOf(principal), caseId);
  return attachmentsOf(others);
}

/** Step 4: the record, and for a stored one a short-lived download URL under its original name. */
export async function getAttachment(
  principal: Principal,
  caseId: string,
  attachmentId: string,
): Promise<Attachment & { downloadUrl: string | null; downloadExpiresAt: string | null }> {
  const { attachment } = await loadAttachment(principal, caseId, attachmentId);
  if (attachment.status !== 'stored') return { ...attachment, downloadUrl: null, downloadExpiresAt: null };
  const signed = await presignGet({
    bucket: attachmentBucket(),
    key: attachment.objectKey,
    expiresIn: DOWNLOAD_URL_SECONDS,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
  });
  return { ...attachment, downloadUrl: signed.url, downloadExpiresAt: formatShanghai(signed.expiresAt) };
}

export interface ReceivedAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  kind: Attachment['kind'];
  /** The work order the file is evidence for (承办单位办理佐证材料). */
  workOrderId: string;
  note?: string;
}

/**
 * A file the server received whole (see the docblock): checked as a registration would be
 * (type, extension, size, the case still taking attachments), written to S3 with its SHA-256,
 * then recorded `stored` with its event in one transaction. Answers the record, and whether it
 * was already there (the same file for the same order).
 */
export async function receiveAttachment(
  principal: Principal,
  caseId: string,
  file: ReceivedAttachment,
): Promise<{ attachment: Attachment; duplicate: boolean }> {
  const sha256 = sha256Base64(file.bytes);
  const declared = parseOrThrow(
    CreateAttachmentBody,
    {
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.bytes.byteLength,
      sha256,
      kind: file.kind,
    },
    '上传文件',
  );
  const id = `att_${sha256Hex(`${file.workOrderId}#${sha256}`).slice(0, 26)}`;
  const scope = scopeOf(principal);
  const before = await getCaseCollection(scope, caseId);
  const existing = attachmentsOf(before.others).find((a) => a.id === id);
  if (existing) return { attachment: existing, duplicate: true };
  assertTransition('attach', before.stored.status);
  if (attachmentsOf(before.others).length >= MAX_ATTACHMENTS_PER_CASE) {
    throw new UnprocessableError(
      `每个案件最多 ${MAX_ATTACHMENTS_PER_CASE} 个附件，请合并后上传`,
      'too_many_attachments',
    );
  }
  const objectKey = attachmentObjectKey(before.stored.tenantId, caseId, id);
  // The same key for the same file: a repeat after a lost answer rewrites the same bytes.
  await putObject({
    bucket: attachmentBucket(),
    key: objectKey,
    body: file.bytes,
    contentType: declared.contentType,
  });

  let created: Attachment | undefined;
  try {
    await changeCase(principal, caseId, undefined, (current, now) => {
      assertTransition('attach', current.status);
      const by = { id: principal.id, name: principal.name };
      const attachment: Attachment = {
        id,
        caseId,
        tenantId: current.tenantId,
        fileName: declared.fileName,
        contentType: declared.contentType,
        size: declared.size,
        sha256,
        kind: declared.kind,
        status: 'stored',
        objectKey,
        eventSeq: current.lastEventSeq + 1,
        createdAt: now,
        createdBy: by,
        storedAt: now,
        storedBy: by,
        workOrderId: file.workOrderId,
        ...(file.note ? { note: file.note } : {}),
      };
      created = attachment;
      return {
        action: 'case.attachment_added',
        patch: {},
        changes: {
          attachment: attachmentChange(attachment),
          status: 'stored',
          verifiedBy: 'server_sha256',
        },
        extra: () => [
          {
            Put: {
              TableName: table(),
              Item: attachmentItem(attachment),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      };
    });
  } catch (error) {
    // The same file for the same order was recorded meanwhile (two taps racing).
    if (error instanceof ExtraItemConflict) {
      return { attachment: (await loadAttachment(principal, caseId, id)).attachment, duplicate: true };
    }
    throw error;
  }
  logger.info('attachment received', { caseId, attachmentId: id, size: declared.size });
  return { attachment: created!, duplicate: false };
}
