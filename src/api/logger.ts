import { createRequire } from 'node:module';
import pino, { type DestinationStream, type LevelWithSilent } from 'pino';
import type PinoPretty from 'pino-pretty';
import { LineBatch } from './line-batch.js';
import { flatLine, isFlat, lineParts } from './log-line.js';
import { redactDeep } from './redact.js';

/** A structured logger: every call is one object (one JSON line once serialised; `msg` is the message). */
export interface Logger {
  debug(obj: Record<string, unknown>): void;
  info(obj: Record<string, unknown>): void;
  warn(obj: Record<string, unknown>): void;
  error(obj: Record<string, unknown>): void;
}

/** A Logger that owns an output: flush it before the process exits or prints after it. */
export interface AppLogger extends Logger {
  /** Resolves once everything logged so far is written. */
  flush(): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';

/** Swallows everything; the default in tests. */
export const noopLogger: Logger = Object.freeze({ debug() {}, info() {}, warn() {}, error() {} });

export interface CreateLoggerOptions {
  readonly level?: LogLevel | undefined;
  /** `pretty`: one readable line per entry for a person at a terminal; `json` (default): JSON lines. */
  readonly format?: LogFormat | undefined;
  /** Where lines go; default stdout, written asynchronously in batches (`batchedDestination`). */
  readonly destination?: (DestinationStream & NodeJS.WritableStream) | DestinationStream | undefined;
  /** Values never to be written (API_TOKEN, OPENAI_API_KEY): masked in warnings and errors. */
  readonly secrets?: readonly (string | undefined)[] | undefined;
  /** Fields on every line (e.g. `{ worker: 2 }`). */
  readonly base?: Record<string, unknown> | undefined;
  /** Clock for `time` (tests). */
  readonly now?: (() => number) | undefined;
}

/** `auto` resolved: readable lines when stdout is a terminal, JSON lines when it is a file or a pipe. */
export function resolveLogFormat(format: 'auto' | LogFormat, isTTY: boolean = process.stdout.isTTY === true): LogFormat {
  return format === 'auto' ? (isTTY ? 'pretty' : 'json') : format;
}

const WARN = 40;

// pino-pretty and its dependencies load only for a terminal: JSON logging (servers, pipes) starts lighter.
const require = createRequire(import.meta.url);
const loadPretty = (): typeof PinoPretty => require('pino-pretty') as typeof PinoPretty;

// Request lines read as "POST /api/ask 200 3.1 ms extractive"; everything else as its message, with an
// error's message (and stack, for errors) after it. Other fields stay in the JSON format only.
function prettyMessage(log: Record<string, unknown>): string {
  const msg = typeof log['msg'] === 'string' ? log['msg'] : '';
  const text = (key: string): string => (typeof log[key] === 'string' ? (log[key] as string) : '');
  if (msg === 'request') {
    const parts = [log['method'], log['path'], log['status'], log['ms'] === undefined ? undefined : `${String(log['ms'])} ms`, log['mode'], log['cached'] === true ? '(cached)' : undefined];
    const outcome = text('outcome');
    return [...parts, outcome !== '' && outcome !== 'done' ? outcome : undefined].filter((p) => p !== undefined && p !== '').map(String).join(' ');
  }
  const where = log['method'] === undefined ? '' : ` (${String(log['method'])} ${String(log['path'])})`;
  const error = text('errorMessage');
  const stack = log['level'] === 'error' || log['level'] === 'fatal' ? text('stack') : '';
  return `${msg}${where}${error !== '' && !msg.includes(error) ? `: ${error}` : ''}${stack !== '' ? `\n${stack}` : ''}`;
}

/** JSON lines are written in batches: at least this many bytes, at most `BATCH_MAX_BYTES` per write. */
export const BATCH_MIN_BYTES = 2_048;
/** A pipe takes a write of at most 4,096 bytes whole, so workers sharing stdout never split a line. */
export const BATCH_MAX_BYTES = 4_096;
/** A batch not yet full is written after at most this long. */
export const BATCH_FLUSH_MS = 100;
/** How long `flush()` waits for the output before giving up (a closed pipe never drains). */
const FLUSH_WAIT_MS = 2_000;

/**
 * An asynchronous destination (a file descriptor or a path) that writes JSON lines in batches of
 * `BATCH_MIN_BYTES` to `BATCH_MAX_BYTES` of whole lines (a batch is never split on a pipe), and
 * whatever is waiting after at most `BATCH_FLUSH_MS`. Lines still waiting are written on exit; a process
 * killed outright (SIGKILL) loses at most the last `BATCH_FLUSH_MS` of lines.
 */
export function batchedDestination(dest: number | string, options: { readonly mkdir?: boolean } = {}): DestinationStream {
  // minLength 1: sonic-boom writes at once when idle (it gathers batches while a write is in flight,
  // up to maxWrite), and its flush waits until everything is out.
  const out = pino.destination({ dest, sync: false, minLength: 1, maxWrite: BATCH_MAX_BYTES, mkdir: options.mkdir === true });
  return new LineBatch(out, { minBytes: BATCH_MIN_BYTES, maxBytes: BATCH_MAX_BYTES, waitMs: BATCH_FLUSH_MS });
}

/**
 * The project's logger: pino, writing JSON lines to stdout without blocking the event loop, or
 * readable lines (pino-pretty) for a terminal. Warnings and errors pass through `redactDeep` first.
 */
export function createLogger(options: CreateLoggerOptions = {}): AppLogger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const destination =
    options.format === 'pretty'
      ? loadPretty()({
          colorize: options.destination === undefined && process.stdout.isTTY === true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          hideObject: true,
          sync: true,
          destination: options.destination ?? 1,
          messageFormat: (log) => prettyMessage(log),
        })
      : (options.destination ?? batchedDestination(1));
  const now = options.now;
  const logger = pino(
    {
      level: (options.level ?? 'info') as LevelWithSilent,
      base: options.base ?? null,
      // Epoch milliseconds, pino's own format: cheaper than an ISO string on every request line.
      timestamp: now === undefined ? pino.stdTimeFunctions.epochTime : () => `,"time":${now()}`,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method, level) {
          if (level < WARN) return method.apply(this, args);
          return method.apply(this, redactDeep(args, secrets) as typeof args);
        },
      },
    },
    destination,
  );
  // Entries below WARN (never redacted) whose values are all plain are written as pino would write
  // them, by one JSON.stringify: the request log's line, once per request, skips pino's serialiser.
  const base = options.base ?? null;
  const time = now === undefined ? (): string => `,"time":${Date.now()}` : (): string => `,"time":${now()}`;
  const direct = options.format !== 'pretty' && (base === null || isFlat(base));
  const plain = (level: 'debug' | 'info'): ((obj: Record<string, unknown>) => void) => {
    const slow = (obj: Record<string, unknown>): void => logger[level](obj);
    if (!direct) return slow;
    // The level is fixed for the logger's life.
    if (!logger.isLevelEnabled(level)) return () => {};
    const parts = lineParts(level, base);
    return (obj) => {
      if (!isFlat(obj)) return slow(obj);
      destination.write(flatLine(parts, time(), obj));
    };
  };
  return {
    debug: plain('debug'),
    info: plain('info'),
    warn: (obj) => logger.warn(obj),
    error: (obj) => logger.error(obj),
    // Resolves once the output has taken everything, or after FLUSH_WAIT_MS when it cannot (a closed
    // pipe): shutting down never hangs on its logs.
    flush: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, FLUSH_WAIT_MS);
        logger.flush(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** JSON lines (the format of files, pipes and log collectors). */
export function createJsonLogger(options: Omit<CreateLoggerOptions, 'format'> = {}): AppLogger {
  return createLogger({ ...options, format: 'json' });
}
