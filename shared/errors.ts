/**
 * Typed errors. Use cases throw these; one middleware maps them to HTTP status codes with
 * `instanceof`. Messages are for clerks: Chinese, plain, no internals.
 */
export interface FieldDetail {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details?: FieldDetail[];
  constructor(message: string, opts?: { details?: FieldDetail[]; cause?: unknown }) {
    super(message, { cause: opts?.cause });
    this.name = new.target.name;
    if (opts?.details) this.details = opts.details;
  }
}

/** 400: malformed or invalid input; one detail per bad field. */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly code: string;
  constructor(message: string, details: FieldDetail[] = [], code = 'invalid_request') {
    super(message, { details });
    this.code = code;
  }
}
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
}
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}
/** 403: an admin or supervisor token that does not show a second factor (等保 2.0). */
export class SecondFactorRequiredError extends AppError {
  readonly status = 403;
  readonly code = 'mfa_required';
}
/** 404: also for another tenant's resource — never reveal it exists. */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}
/** 409: an illegal state transition or a version conflict. */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = 'conflict') {
    super(message);
    this.code = code;
  }
}
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}
/** 422: well-formed but refused by a rule. */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code: string;
  constructor(message: string, code = 'unprocessable', details?: FieldDetail[]) {
    super(message, details ? { details } : undefined);
    this.code = code;
  }
}
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'too_many_requests';
}
/** 503: a dependency is busy (throttled); safe to retry. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'service_unavailable';
}
