/**
 * Attachments (附件), the archive (存档) and responsibility tracing (责任倒查): validators,
 * TypeScript types and OpenAPI components.
 */
import * as z from 'zod';
import { Actor, IsoDate, IsoDateTime, refinePeriod } from './common.ts';

/**
 * What a window may file: scans and photos of materials, office documents, OFD (the national
 * e-document format, GB/T 33190) and plain text — each with the file-name extensions that may
 * carry it, so a download can never turn into something else (an `.exe` named as a PDF).
 * Left out on purpose: HTML and SVG (they run script in a browser), archives (contents
 * unchecked), video (size), HEIC (browsers do not show it).
 */
export const ALLOWED_CONTENT_TYPES = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/ofd': ['ofd'],
  'text/plain': ['txt'],
} as const satisfies Record<string, readonly string[]>;
export type AllowedContentType = keyof typeof ALLOWED_CONTENT_TYPES;

/** One file at most this big (a phone photo or a scanned PDF of a few dozen pages). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export const ATTACHMENT_KINDS = ['material', 'document', 'minutes', 'other'] as const;

const contentTypes = Object.keys(ALLOWED_CONTENT_TYPES) as [AllowedContentType, ...AllowedContentType[]];

export const CreateAttachmentBody = z
  .strictObject({
    fileName: z
      .string()
      .trim()
      .min(1, { error: '请填写文件名' })
      .max(200, { error: '文件名不能超过200个字' })
      // No folders, no control characters: the name is shown and offered as the download name.
      .regex(/^[^/\\\p{Cc}]+$/u, { error: '文件名不能包含斜杠或控制字符' })
      .meta({ description: '原始文件名（下载时使用）', example: '户口簿复印件.pdf' }),
    contentType: z
      .enum(contentTypes, {
        error: '不支持该文件类型；可上传 PDF、JPG、PNG、WEBP、Word、Excel、OFD 或 TXT 文件',
      })
      .meta({ description: '文件类型（MIME）' }),
    size: z
      .number({ error: '文件大小应为字节数' })
      .int({ error: '文件大小应为整数字节数' })
      .min(1, { error: '文件不能为空' })
      .max(MAX_ATTACHMENT_BYTES, { error: `文件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` })
      .meta({ description: '字节数' }),
    sha256: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, { error: '校验值应为文件 SHA-256 摘要的 Base64 编码（44个字符）' })
      .meta({ description: '文件 SHA-256 摘要的 Base64 编码；上传时作为 x-amz-checksum-sha256 发送' }),
    kind: z.enum(ATTACHMENT_KINDS).default('material').meta({ description: '材料 / 文书 / 会议纪要 / 其他' }),
  })
  .superRefine((body, ctx) => {
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(body.fileName)?.[1]?.toLowerCase();
    const allowed: readonly string[] | undefined = ALLOWED_CONTENT_TYPES[body.contentType];
    if (allowed && !(ext && allowed.includes(ext))) {
      ctx.addIssue({
        code: 'custom',
        path: ['fileName'],
        message: `文件扩展名与文件类型不符；该类型的文件名应以 ${allowed.map((e) => `.${e}`).join(' 或 ')} 结尾`,
      });
    }
  })
  .meta({ id: 'CreateAttachment' });
export type CreateAttachmentBody = z.infer<typeof CreateAttachmentBody>;

export const AttachmentParams = z.object({
  caseId: z.string().regex(/^[a-z]+_[0-9a-z]{26}$/, { error: '编号格式不正确' }),
  attachmentId: z.string().regex(/^att_[0-9a-z]{26}$/, { error: '附件编号格式不正确' }),
});

export const Attachment = z
  .object({
    id: z.string(),
    caseId: z.string(),
    tenantId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string().meta({ description: 'SHA-256（Base64）' }),
    kind: z.enum(ATTACHMENT_KINDS),
    status: z.enum(['pending', 'stored']).meta({ description: 'pending：等待上传确认；stored：已核验保存' }),
    objectKey: z.string(),
    eventSeq: z.number().int().meta({ description: '登记该附件的审计事件序号' }),
    createdAt: IsoDateTime,
    createdBy: Actor,
    storedAt: IsoDateTime.optional(),
    storedBy: Actor.optional(),
    workOrderId: z
      .string()
      .optional()
      .meta({ description: '承办单位通过操作链接上传的办理佐证材料：所属工单' }),
    note: z.string().optional().meta({ description: '上传时的说明' }),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof Attachment>;

export const UploadTicket = z
  .object({
    attachmentId: z.string(),
    uploadUrl: z.string().meta({ description: '预签名上传地址（PUT），有效期15分钟' }),
    expiresAt: IsoDateTime,
    headers: z
      .object({ 'content-type': z.string(), 'x-amz-checksum-sha256': z.string() })
      .meta({ description: '上传时必须原样携带的请求头（已签名）' }),
  })
  .meta({ id: 'UploadTicket' });

export const AttachmentWithDownload = Attachment.extend({
  downloadUrl: z
    .string()
    .nullable()
    .meta({ description: '预签名下载地址，5分钟内有效；未核验的附件为 null' }),
  downloadExpiresAt: IsoDateTime.nullable(),
});

/** What the case record keeps of its archive package: enough to detect any later edit. */
export const ArchiveSeal = z
  .object({
    prefix: z.string().meta({ description: '存档包在存档桶中的前缀 {tenantId}/{caseNumber}/' }),
    manifestKey: z.string(),
    manifestSha256: z.string().meta({ description: 'manifest.json 的 SHA-256（十六进制）' }),
    manifestVersionId: z.string().optional(),
    trailLastSeq: z.number().int(),
    trailLastHash: z.string(),
    trailIntact: z.boolean(),
    retainUntil: IsoDateTime,
  })
  .meta({ id: 'ArchiveSeal' });
export type ArchiveSeal = z.infer<typeof ArchiveSeal>;

export const ArchiveQuery = z.strictObject({
  verify: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true：逐个下载文件并核对 SHA-256 与存档清单' }),
});

export const ArchiveFile = z.object({
  name: z.string(),
  key: z.string(),
  contentType: z.string().optional(),
  size: z.number().int().optional(),
  sha256: z.string().optional().meta({ description: '存档清单中的 SHA-256（十六进制）' }),
  inManifest: z.boolean(),
  intact: z.boolean().optional().meta({ description: '仅 verify=true 时：文件内容与清单一致' }),
  downloadUrl: z.string(),
  expiresAt: IsoDateTime,
});

export const ArchiveListing = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    archivedAt: IsoDateTime,
    seal: ArchiveSeal,
    manifestIntact: z.boolean().meta({ description: 'manifest.json 与案件记录中的摘要一致' }),
    files: z.array(ArchiveFile),
  })
  .meta({ id: 'ArchiveListing' });

/** Cases scanned per page of a trace: each costs one Query of its item collection. */
export const MAX_TRACE_CASES = 200;

export const TraceQuery = z
  .strictObject({
    actor: z.string().trim().min(1).max(128).optional().meta({ description: '经办人账号（令牌的 sub）' }),
    departmentId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码只能包含字母、数字、下划线和短横线' })
      .optional(),
    from: IsoDate.optional().meta({
      description: '事件日期起（含，按事件本身的时间），Asia/Shanghai；默认截止日前90天',
    }),
    to: IsoDate.optional().meta({ description: '事件日期止（含），Asia/Shanghai；默认今天' }),
    tenantId: z
      .string()
      .regex(/^\d{9}$/)
      .optional()
      .meta({ description: '督导人员按中心筛选' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_TRACE_CASES)
      .default(100)
      .meta({ description: `本页最多返回的事件数（上限 ${MAX_TRACE_CASES}）` }),
    cursor: z.string().max(2000).optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.actor === !q.departmentId) {
      ctx.addIssue({
        code: 'custom',
        path: [q.actor ? 'departmentId' : 'actor'],
        message: '请指定经办人（actor）或承办单位（departmentId）之一',
      });
    }
    refinePeriod(q, ctx);
  });
export type TraceQuery = z.infer<typeof TraceQuery>;

export const TracedEvent = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  tenantId: z.string(),
  seq: z.number().int(),
  at: IsoDateTime,
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
  hash: z.string(),
  trailIntact: z.boolean().meta({ description: '该案件的审计链校验是否完整' }),
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
  overdueAt: IsoDateTime.optional(),
  escalationLevel: z.number().int(),
});

export const TraceResult = z
  .object({
    items: z.array(TracedEvent),
    missedDeadlines: z
      .array(MissedDeadline)
      .optional()
      .meta({ description: '仅按承办单位倒查时：超期或被督办升级的工单' }),
    scannedCases: z.number().int().meta({ description: '本页事件所属、已读取并校验审计链的案件数' }),
    period: z.object({ from: IsoDate, to: IsoDate }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'TraceResult' });
