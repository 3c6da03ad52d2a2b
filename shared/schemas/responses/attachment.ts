/**
 * What the API returns about attachments, the archive and responsibility tracing (责任倒查). No
 * handler builds or checks these at run time: they are the OpenAPI document's components and,
 * through `z.infer`, the types the code uses (re-exported by ../attachment.ts). They live apart
 * from the request schemas so that no Lambda bundle constructs them at import (issue 16, cold
 * start).
 */
import * as z from 'zod/mini';
import { ATTACHMENT_KINDS } from '../attachment.ts';
import { Actor, IsoDate, IsoDateTime, int, meta } from '../common.ts';

export const Attachment = meta(
  z.object({
    id: z.string(),
    caseId: z.string(),
    tenantId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: int(),
    sha256: meta(z.string(), { description: 'SHA-256（Base64）' }),
    kind: z.enum(ATTACHMENT_KINDS),
    status: meta(z.enum(['pending', 'stored']), { description: 'pending：等待上传确认；stored：已核验保存' }),
    objectKey: z.string(),
    eventSeq: meta(int(), { description: '登记该附件的审计事件序号' }),
    createdAt: IsoDateTime,
    createdBy: Actor,
    storedAt: z.optional(IsoDateTime),
    storedBy: z.optional(Actor),
    workOrderId: meta(z.optional(z.string()), {
      description: '承办单位通过操作链接上传的办理佐证材料：所属工单',
    }),
    note: meta(z.optional(z.string()), { description: '上传时的说明' }),
  }),
  { id: 'Attachment' },
);

export const UploadTicket = meta(
  z.object({
    attachmentId: z.string(),
    uploadUrl: meta(z.string(), { description: '预签名上传地址（PUT），有效期15分钟' }),
    expiresAt: IsoDateTime,
    headers: meta(z.object({ 'content-type': z.string(), 'x-amz-checksum-sha256': z.string() }), {
      description: '上传时必须原样携带的请求头（已签名）',
    }),
  }),
  { id: 'UploadTicket' },
);

export const AttachmentWithDownload = z.extend(Attachment, {
  downloadUrl: meta(z.nullable(z.string()), {
    description: '预签名下载地址，5分钟内有效；未核验的附件为 null',
  }),
  downloadExpiresAt: z.nullable(IsoDateTime),
});

/** What the case record keeps of its archive package: enough to detect any later edit. */
export const ArchiveSeal = meta(
  z.object({
    prefix: meta(z.string(), { description: '存档包在存档桶中的前缀 {tenantId}/{caseNumber}/' }),
    manifestKey: z.string(),
    manifestSha256: meta(z.string(), { description: 'manifest.json 的 SHA-256（十六进制）' }),
    manifestVersionId: z.optional(z.string()),
    trailLastSeq: int(),
    trailLastHash: z.string(),
    trailIntact: z.boolean(),
    retainUntil: IsoDateTime,
  }),
  { id: 'ArchiveSeal' },
);

export const ArchiveFile = z.object({
  name: z.string(),
  key: z.string(),
  contentType: z.optional(z.string()),
  size: z.optional(int()),
  sha256: meta(z.optional(z.string()), { description: '存档清单中的 SHA-256（十六进制）' }),
  inManifest: z.boolean(),
  intact: meta(z.optional(z.boolean()), { description: '仅 verify=true 时：文件内容与清单一致' }),
  downloadUrl: z.string(),
  expiresAt: IsoDateTime,
});

export const ArchiveListing = meta(
  z.object({
    caseId: z.string(),
    caseNumber: z.string(),
    archivedAt: IsoDateTime,
    seal: ArchiveSeal,
    manifestIntact: meta(z.boolean(), { description: 'manifest.json 与案件记录中的摘要一致' }),
    files: z.array(ArchiveFile),
  }),
  { id: 'ArchiveListing' },
);

export const TracedEvent = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  tenantId: z.string(),
  seq: int(),
  at: IsoDateTime,
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
  hash: z.string(),
  trailIntact: meta(z.boolean(), { description: '该案件的审计链校验是否完整' }),
});

export const MissedDeadline = z.object({
  workOrderId: z.string(),
  number: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  status: z.string(),
  dueAt: IsoDateTime,
  overdue: z.boolean(),
  overdueAt: z.optional(IsoDateTime),
  escalationLevel: int(),
});

export const TraceResult = meta(
  z.object({
    items: z.array(TracedEvent),
    missedDeadlines: meta(z.optional(z.array(MissedDeadline)), {
      description: '仅按承办单位倒查时：超期或被督办升级的工单',
    }),
    scannedCases: meta(int(), { description: '本页事件所属、已读取并校验审计链的案件数' }),
    period: z.object({ from: IsoDate, to: IsoDate }),
    nextCursor: z.nullable(z.string()),
  }),
  { id: 'TraceResult' },
);
