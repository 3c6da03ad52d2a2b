/** The shape of a route-table entry and the role groups the areas share. */
import type { Role } from '../domain/identity.ts';
import type { QueueId } from '../queues.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type S3Action = 's3:GetObject' | 's3:PutObject' | 's3:PutObjectRetention' | 's3:ListBucket';

export interface Route {
  /** Stable id: names the Lambda function and the OpenAPI operationId. */
  id: string;
  method: Method;
  /** API Gateway path syntax: `/cases/{caseId}`. */
  path: string;
  /** Handler module, relative to the repository root; exports `handler`. */
  entry: string;
  /** Who may call it; `public` routes need no token. */
  roles: readonly Role[] | 'public';
  /** What the function may do to the table. */
  table: 'none' | 'read' | 'readWrite';
  /** Queues the function sends to (it gets the URL env var and send permission, nothing more). */
  queues?: readonly QueueId[];
  /** It creates/deletes one-time schedules for work-order deadlines (EventBridge Scheduler). */
  schedules?: boolean;
  /** It signs department action links (needs the link secret and the public base URL). */
  signsLinks?: boolean;
  /**
   * S3 access, exactly the actions granted: the attachment bucket (presigned upload/download)
   * and the Object Lock archive bucket (存档). Never Delete, never bypassing retention.
   */
  buckets?: { attachments?: readonly S3Action[]; archive?: readonly S3Action[] };
  /** Function timeout when the default (10 s) is too short. */
  timeoutSeconds?: number;
  summary: string;
  tag: string;
  /** Files (package paths under node_modules) the handler reads at run time; copied beside the bundle. */
  assets?: readonly string[];
}

export const STAFF_PLUS = ['staff', 'duty_chief', 'director'] as const satisfies readonly Role[];
export const CASE_READERS = [...STAFF_PLUS, 'supervisor'] as const satisfies readonly Role[];
export const SUPERVISION_READERS = [
  'duty_chief',
  'director',
  'supervisor',
] as const satisfies readonly Role[];
export const SIGNED_IN = [
  'staff',
  'duty_chief',
  'director',
  'department',
  'supervisor',
  'admin',
] as const satisfies readonly Role[];
