/*
 * Every error the project throws on purpose, in one place (imports nothing at run time).
 *
 * - `AppError`: an HTTP request failed; `onError` maps it to the contract's error shape.
 * - `UserFacingError` and its family: something a person can fix (a setting, a file, a flag, a
 *   port). Entry points print its message alone, as one line, and exit non-zero.
 * - `ClientGoneError`: the client left before its answer was ready; nobody reads it but the log.
 */

/** Error codes of the HTTP contract (docs/API.md; contract v2). */
export type ErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'index_not_ready'
  | 'upstream_error'
  | 'internal';

/** The default status of each code (401 and 504 are set explicitly where they happen). */
export const STATUS_OF_CODE: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  index_not_ready: 503,
  upstream_error: 502,
  internal: 500,
});

/** The one error type the HTTP layer throws on purpose; `onError` maps it to the contract's error shape. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options?.status ?? STATUS_OF_CODE[code];
  }
}

/** Thrown when the client went away before the answer was ready; nobody sees it but the log. */
export class ClientGoneError extends Error {
  constructor() {
    super('Client closed the connection.');
    this.name = 'ClientGoneError';
  }
}

/**
 * A failure a person caused and can fix: its message names the thing and what to do, in one line.
 * Entry points (`npm start`, ingest, eval, bench) check for this one class and print the message
 * without a stack trace; anything else is a bug and keeps its stack.
 */
export class UserFacingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserFacingError';
  }
}

/** A setting in the environment is missing, malformed or unsafe. */
export class ConfigError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The document cannot be read or parsed; names the line when there is one. */
export class DocumentError extends UserFacingError {
  readonly line: number | undefined;
  constructor(message: string, line?: number, options?: { cause?: unknown }) {
    super(line === undefined ? message : `line ${line}: ${message}`, options);
    this.name = 'DocumentError';
    this.line = line;
  }
}

/** The index on disk is missing, damaged or unsafe to read; says how to rebuild it. */
export class IndexError extends UserFacingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IndexError';
  }
}

/** An embedding model that cannot be loaded or run; the message names the model and the folder. */
export class EmbeddingModelError extends UserFacingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddingModelError';
  }
}

/** A command-line flag or argument the command does not take. */
export class UsageError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The port is taken by another process. */
export class PortInUseError extends UserFacingError {
  constructor(host: string, port: number, options?: { cause?: unknown }) {
    super(`Port ${port} on ${host} is already in use: stop the other server, or set PORT to another port (e.g. PORT=${port === 65535 ? 3001 : port + 1} npm start).`, options);
    this.name = 'PortInUseError';
  }
}

/**
 * What an entry point prints when it cannot go on: a UserFacingError's message on one line, anything
 * else as `<prefix>: <message>`; the stack (and causes) only when `debug` is set. Pure.
 */
export function describeFatal(err: unknown, options: { readonly prefix?: string; readonly debug?: boolean } = {}): string {
  const prefix = options.prefix === undefined ? '' : `${options.prefix}: `;
  if (err instanceof UserFacingError) {
    const line = `${prefix}${err.message.replace(/\s*\n\s*/g, '; ')}`;
    if (!options.debug) return line;
    return [line, ...causeChain(err)].join('\n');
  }
  const message = err instanceof Error ? err.message : String(err);
  if (!options.debug) return `${prefix}${message} (unexpected: run with LOG_LEVEL=debug for the stack trace)`;
  return [`${prefix}${message}`, ...causeChain(err)].join('\n');
}

function causeChain(err: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      lines.push(depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack ?? current.message}`);
      current = current.cause;
    } else {
      lines.push(`caused by: ${String(current)}`);
      current = undefined;
    }
  }
  return lines;
}
