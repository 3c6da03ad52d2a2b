/**
 * Routes of the `archive` area: attachments (附件), the archive (存档) and responsibility
 * tracing (责任倒查). `buckets` says which S3 bucket each function touches and with which actions.
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
    buckets: { attachments: ['s3:PutObject'] },
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
    // ListBucket: without it S3 answers a HEAD of a missing object with 403, not 404.
    buckets: { attachments: ['s3:GetObject', 's3:ListBucket'] },
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
    buckets: { attachments: ['s3:GetObject'] },
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
    timeoutSeconds: 29,
    buckets: { archive: ['s3:PutObject', 's3:PutObjectRetention'] },
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
    buckets: { archive: ['s3:GetObject', 's3:ListBucket'] },
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
    timeoutSeconds: 29,
    summary: '责任倒查：按经办人或承办单位查审计事件',
    tag: 'archive',
  },
] as const satisfies readonly Route[];

export type ArchiveRouteId = (typeof archiveRoutes)[number]['id'];
