import { HTTPException } from 'hono/http-exception';
import { AppError, ClientGoneError, type ErrorCode } from '../errors.js';

/** An AppError that also sets response headers (`Retry-After`, `Allow`, `WWW-Authenticate`). */
export class HttpError extends AppError {
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    const base: { status?: number; cause?: unknown } = {};
    if (options.status !== undefined) base.status = options.status;
    if (options.cause !== undefined) base.cause = options.cause;
    super(code, message, base);
    this.name = 'HttpError';
    this.headers = Object.freeze({ ...options.headers });
  }
}

/** The contract's one error body (docs/API.md). */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export interface DescribedError {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True when the client gets a generic message: the detail belongs in the log only. */
  readonly unexpected: boolean;
}

const GENERIC_MESSAGE = 'Internal server error.';
/** nginx's "client closed request": nobody reads the response, the log gets an honest status. */
export const CLIENT_CLOSED_STATUS = 499;

function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'invalid_request';
}

/** Maps anything thrown to a status and the contract's error body. Never exposes a stack trace. */
export function describeError(err: unknown): DescribedError {
  if (err instanceof ClientGoneError) {
    return {
      status: CLIENT_CLOSED_STATUS,
      body: { error: { code: 'invalid_request', message: err.message } },
      headers: {},
      unexpected: false,
    };
  }
  if (err instanceof AppError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message } },
      headers: err instanceof HttpError ? err.headers : {},
      unexpected: false,
    };
  }
  if (err instanceof HTTPException && err.status < 500) {
    return {
      status: err.status,
      body: { error: { code: codeForStatus(err.status), message: err.message || 'Bad request.' } },
      headers: {},
      unexpected: false,
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: GENERIC_MESSAGE } }, headers: {}, unexpected: true };
}

/** What the log gets about an unexpected error: message, name and stack, never request bodies. */
export function errorDetail(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const detail: Record<string, unknown> = { errorName: err.name, errorMessage: err.message };
    if (err.stack !== undefined) detail['stack'] = err.stack;
    if (err.cause !== undefined) detail['cause'] = err.cause instanceof Error ? err.cause.message : String(err.cause);
    return detail;
  }
  return { errorMessage: String(err) };
}
