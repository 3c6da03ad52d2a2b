/**
 * Routes of the `archive` area: attachments (附件), the archive (存档) and responsibility
 * tracing (责任倒查). `archiveBucketAccess` says which S3 buckets each function touches and how,
 * for the stack that grants it (the attachment bucket and the Object Lock archive bucket).
 */
import { CASE_READERS, type Route, STAFF_PLUS } from '../route-types.ts';

export const archiveRoutes = [
  {
    id: 'createAttachment',
    method: 'POST',
    path: '/cases/{caseId}/attachments',
    entry: 'functions/archive/create-attachment.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '上传附件：登记并取得预签名上传地址',
    tag: 'archive',
  },
  {
    id: 'completeAttachment',
    method: 'POST',
    path: '/cases/{caseId}/attachments/{attachmentId}/complete',
    entry: 'functions/archive/complete-attachment.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '确认附件已上传（核对大小与 SHA-256）',
    tag: 'archive',
  },
  {
    id: 'listAttachments',
    method: 'GET',
    path: '/cases/{caseId}/attachments',
    entry: 'functions/archive/list-attachments.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '案件附件列表',
    tag: 'archive',
  },
  {
    id: 'getAttachment',
    method: 'GET',
    path: '/cases/{caseId}/attachments/{attachmentId}',
    entry: 'functions/archive/get-attachment.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '附件详情与下载地址（5分钟内有效）',
    tag: 'archive',
  },
  {
    id: 'archiveCase',
    method: 'POST',
    path: '/cases/{caseId}/archive',
    entry: 'functions/archive/archive-case.ts',
    roles: STAFF_PLUS,
    table: 'readWrite',
    summary: '存档：生成不可更改的存档包并冻结案件',
    tag: 'archive',
  },
  {
    id: 'getArchive',
    method: 'GET',
    path: '/cases/{caseId}/archive',
    entry: 'functions/archive/get-archive.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '存档包文件列表与下载地址',
    tag: 'archive',
  },
  {
    id: 'traceEvents',
    method: 'GET',
    path: '/events',
    entry: 'functions/archive/trace-events.ts',
    roles: CASE_READERS,
    table: 'read',
    summary: '责任倒查：按经办人或承办单位查审计事件',
    tag: 'archive',
  },
] as const satisfies readonly Route[];

export type ArchiveRouteId = (typeof archiveRoutes)[number]['id'];

/**
 * S3 access per function (IAM actions on `arn:aws:s3:::{bucket}/*`, and `s3:ListBucket` on the
 * bucket itself where listed). Presigning needs the action the URL will perform.
 */
export const archiveBucketAccess = {
  createAttachment: { attachments: ['s3:PutObject'] },
  completeAttachment: { attachments: ['s3:GetObject'] },
  listAttachments: {},
  getAttachment: { attachments: ['s3:GetObject'] },
  archiveCase: { archive: ['s3:PutObject', 's3:PutObjectRetention'] },
  getArchive: { archive: ['s3:GetObject', 's3:ListBucket'] },
  traceEvents: {},
} as const satisfies Record<ArchiveRouteId, { attachments?: readonly string[]; archive?: readonly string[] }>;
