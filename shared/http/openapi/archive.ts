/** OpenAPI operations of the `archive` routes. */
import * as z from 'zod/mini';
import {
  ArchiveQuery,
  AttachmentParams,
  CreateAttachmentBody,
  TraceQuery,
} from '../../schemas/attachment.ts';
import { CaseParams } from '../../schemas/params.ts';
import {
  ArchiveListing,
  ArchiveSeal,
  Attachment,
  AttachmentWithDownload,
  TraceResult,
  UploadTicket,
} from '../../schemas/responses/attachment.ts';
import { Case } from '../../schemas/responses/case.ts';
import type { ArchiveRouteId } from '../routes/archive.ts';
import { IdempotencyHeader, IfMatchHeader, jsonBody, type Operation } from './common.ts';

const ArchivedCase = z.extend(Case, { archive: ArchiveSeal });

export const archiveOperations: Record<ArchiveRouteId, Operation> = {
  createAttachment: {
    requestParams: { path: CaseParams, header: IdempotencyHeader },
    requestBody: jsonBody(CreateAttachmentBody),
    ok: {
      status: '201',
      schema: UploadTicket,
      description: '已登记（待上传）：按 uploadUrl 以 PUT 上传，并原样携带 headers',
    },
  },
  completeAttachment: {
    requestParams: { path: AttachmentParams },
    ok: { status: '200', schema: Attachment, description: '已核验保存（stored）' },
  },
  listAttachments: {
    requestParams: { path: CaseParams },
    ok: {
      status: '200',
      schema: z.object({ items: z.array(Attachment), nextCursor: z.null() }),
      description: '附件（按登记先后）',
    },
  },
  getAttachment: {
    requestParams: { path: AttachmentParams },
    ok: { status: '200', schema: AttachmentWithDownload, description: '附件与下载地址' },
  },
  archiveCase: {
    requestParams: { path: CaseParams, header: IfMatchHeader },
    ok: { status: '200', schema: ArchivedCase, description: '已存档：此后对案件的任何修改均返回 409' },
  },
  getArchive: {
    requestParams: { path: CaseParams, query: ArchiveQuery },
    ok: { status: '200', schema: ArchiveListing, description: '存档包' },
  },
  traceEvents: {
    requestParams: { query: TraceQuery },
    ok: {
      status: '200',
      schema: TraceResult,
      description: '本页所查案件中的匹配事件；nextCursor 非空时继续翻页（本页可能无匹配）',
    },
  },
};
