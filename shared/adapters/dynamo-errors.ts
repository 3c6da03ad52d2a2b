/**
 * DynamoDB failure shapes the data layer turns into domain outcomes. Throttling and
 * service faults become a retryable 503, never a 500 that hides what happened.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ServiceUnavailableError } from '../errors.ts';

export interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (
    error &&
    typeof error === 'object' &&
    (error as { name?: string }).name === 'TransactionCanceledException'
  ) {
    return ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ??
      []) as CancellationReason[];
  }
  return undefined;
}

export function reasonItem(reason: CancellationReason | undefined): Record<string, unknown> | undefined {
  return reason?.Item ? unmarshall(reason.Item) : undefined;
}

const BUSY = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

/** Throttling or a transient service fault after the SDK's own retries. */
export function isBusy(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return BUSY.has(name);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Any AWS service fault a retry may cure: throttling, a 5xx from the service, a timeout, or the
 * endpoint unreachable (DynamoDB down). The HTTP error mapper answers these 503 + Retry-After.
 */
export function isServiceFault(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    cause?: unknown;
  };
  if (isBusy(e) || e.name === 'TimeoutError' || e.$fault === 'server') return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'AggregateError' && Array.isArray((e as { errors?: unknown[] }).errors))
    return ((e as { errors: unknown[] }).errors ?? []).some(isServiceFault);
  return e.cause !== undefined && e.cause !== error && isServiceFault(e.cause);
}

export function busyError(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError('系统繁忙，请稍后重试', { cause });
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}
