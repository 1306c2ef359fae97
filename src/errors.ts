/** Error codes of the HTTP contract (../shared/API.md). */
export type ErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limited'
  | 'index_not_ready'
  | 'upstream_error'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  index_not_ready: 503,
  upstream_error: 502,
  internal: 500,
};

/** The one error type the app throws on purpose; `onError` maps it to the contract's error shape. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options?.status ?? STATUS[code];
  }
}

/** A document or index that cannot be used, with a message that says where and why. */
export class DocumentError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'DocumentError';
    this.line = line;
  }
}

export class IndexError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IndexError';
  }
}
