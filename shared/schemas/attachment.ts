/**
 * Attachments (附件), the archive (存档) and responsibility tracing (责任倒查): validators,
 * TypeScript types and OpenAPI components.
 */
import * as z from 'zod/mini';
import { IsoDate, meta, refinePeriod } from './common.ts';
import type * as responses from './responses/attachment.ts';

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

export const CreateAttachmentBody = meta(
  z
    .strictObject({
      fileName: meta(
        z.string().check(
          z.trim(),
          z.minLength(1, { error: '请填写文件名' }),
          z.maxLength(200, { error: '文件名不能超过200个字' }),
          // No folders, no control characters: the name is shown and offered as the download name.
          z.regex(/^[^/\\\p{Cc}]+$/u, { error: '文件名不能包含斜杠或控制字符' }),
        ),
        { description: '原始文件名（下载时使用）', example: '户口簿复印件.pdf' },
      ),
      contentType: meta(
        z.enum(contentTypes, {
          error: '不支持该文件类型；可上传 PDF、JPG、PNG、WEBP、Word、Excel、OFD 或 TXT 文件',
        }),
        { description: '文件类型（MIME）' },
      ),
      size: meta(
        z.number({ error: '文件大小应为字节数' }).check(
          z.int({ error: '文件大小应为整数字节数' }),
          z.minimum(1, { error: '文件不能为空' }),
          z.maximum(MAX_ATTACHMENT_BYTES, {
            error: `文件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
          }),
        ),
        { description: '字节数' },
      ),
      sha256: meta(
        z.string().check(
          z.regex(/^[A-Za-z0-9+/]{43}=$/, {
            error: '校验值应为文件 SHA-256 摘要的 Base64 编码（44个字符）',
          }),
        ),
        { description: '文件 SHA-256 摘要的 Base64 编码；上传时作为 x-amz-checksum-sha256 发送' },
      ),
      kind: meta(z._default(z.enum(ATTACHMENT_KINDS), 'material'), {
        description: '材料 / 文书 / 会议纪要 / 其他',
      }),
    })
    .check(
      z.superRefine((body, ctx) => {
        const ext = /\.([A-Za-z0-9]{1,8})$/.exec(body.fileName)?.[1]?.toLowerCase();
        const allowed: readonly string[] | undefined = ALLOWED_CONTENT_TYPES[body.contentType];
        if (allowed && !(ext && allowed.includes(ext))) {
          ctx.addIssue({
            code: 'custom',
            path: ['fileName'],
            message: `文件扩展名与文件类型不符；该类型的文件名应以 ${allowed.map((e) => `.${e}`).join(' 或 ')} 结尾`,
          });
        }
      }),
    ),
  { id: 'CreateAttachment' },
);
export type CreateAttachmentBody = z.infer<typeof CreateAttachmentBody>;

export const AttachmentParams = z.object({
  caseId: z.string().check(z.regex(/^[a-z]+_[0-9a-z]{26}$/, { error: '编号格式不正确' })),
  attachmentId: z.string().check(z.regex(/^att_[0-9a-z]{26}$/, { error: '附件编号格式不正确' })),
});

export const ArchiveQuery = z.strictObject({
  verify: meta(z.optional(z.enum(['true', 'false'])), {
    description: 'true：逐个下载文件并核对 SHA-256 与存档清单',
  }),
});

/** Cases scanned per page of a trace: each costs one Query of its item collection. */
export const MAX_TRACE_CASES = 200;

export const TraceQuery = z
  .strictObject({
    actor: meta(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))), {
      description: '经办人账号（令牌的 sub）',
    }),
    departmentId: z.optional(
      z
        .string()
        .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码只能包含字母、数字、下划线和短横线' })),
    ),
    from: meta(z.optional(IsoDate), {
      description: '事件日期起（含，按事件本身的时间），Asia/Shanghai；默认截止日前90天',
    }),
    to: meta(z.optional(IsoDate), { description: '事件日期止（含），Asia/Shanghai；默认今天' }),
    tenantId: meta(z.optional(z.string().check(z.regex(/^\d{9}$/))), { description: '督导人员按中心筛选' }),
    limit: meta(z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_TRACE_CASES)), 100), {
      description: `本页最多返回的事件数（上限 ${MAX_TRACE_CASES}）`,
    }),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  })
  .check(
    z.superRefine((q, ctx) => {
      if (!q.actor === !q.departmentId) {
        ctx.addIssue({
          code: 'custom',
          path: [q.actor ? 'departmentId' : 'actor'],
          message: '请指定经办人（actor）或承办单位（departmentId）之一',
        });
      }
      refinePeriod(q, ctx);
    }),
  );
export type TraceQuery = z.infer<typeof TraceQuery>;

// What the API returns (./responses/attachment.ts), as types: importing them builds no schema.
export type Attachment = z.infer<typeof responses.Attachment>;
export type UploadTicket = z.infer<typeof responses.UploadTicket>;
export type AttachmentWithDownload = z.infer<typeof responses.AttachmentWithDownload>;
export type ArchiveSeal = z.infer<typeof responses.ArchiveSeal>;
export type ArchiveFile = z.infer<typeof responses.ArchiveFile>;
export type ArchiveListing = z.infer<typeof responses.ArchiveListing>;
export type TracedEvent = z.infer<typeof responses.TracedEvent>;
export type MissedDeadline = z.infer<typeof responses.MissedDeadline>;
export type TraceResult = z.infer<typeof responses.TraceResult>;
