/**
 * Environment variables a function reads, named once. CDK sets them; the local stack sets
 * them for its in-process handlers. Missing required config fails at cold start.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  stage: 'STAGE',
  logLevel: 'LOG_LEVEL',
  /** Public origin of the API, for the signed action links sent to departments. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /**
   * HMAC key(s) of the action links, comma-separated during a rotation (newest first): the value,
   * locally; in AWS `ACTION_LINK_SECRET_ID` names the secret instead (shared/adapters/secrets.ts).
   */
  actionLinkSecret: 'ACTION_LINK_SECRET',
  /** Divide the webhook retry schedule (local stack: minutes instead of a day). */
  webhookRetryCompress: 'WEBHOOK_RETRY_COMPRESS',
  /** EventBridge Scheduler: the group, the role it invokes targets with, and its DLQ. */
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerDlqArn: 'SCHEDULER_DLQ_ARN',
  /** S3 buckets: case attachments (presigned upload/download) and the Object Lock archive (存档). */
  attachmentBucket: 'ATTACHMENT_BUCKET',
  archiveBucket: 'ARCHIVE_BUCKET',
  /** Endpoint overrides, set only by the local stack. */
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  sqsEndpoint: 'SQS_ENDPOINT',
  /** Also means "no Object Lock": the local emulator (fauxqs) has none. */
  s3Endpoint: 'S3_ENDPOINT',
  /**
   * Local only: where a browser reaches the emulator's S3 — the local front's same-origin proxy —
   * so presigned URLs handed to the console point there instead of at the emulator's own port.
   */
  s3PublicEndpoint: 'S3_PUBLIC_ENDPOINT',
} as const;

/** The deployment-wide number shown when no centre is known (a link that names nothing). */
export function fallbackHotline(): string {
  return process.env.CITIZEN_HOTLINE ?? '12345';
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
}

export type Stage = 'local' | 'dev' | 'prod';
export function stage(): Stage {
  const s = process.env[ENV.stage] ?? 'local';
  return s === 'prod' || s === 'dev' ? s : 'local';
}
