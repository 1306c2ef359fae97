/** The page's side of the HTTP contract (shared/API.md): typed calls and errors a person can read. */
import type { AnswerResult, HistoryTurn, RetrievedParagraph, Statement } from '../../src/types.js';
import { SseParser } from './sse.js';

export interface Health {
  readonly status: string;
  readonly paragraphs?: number;
  readonly embedder?: string;
  readonly llm?: string | null;
}

export type ApiErrorKind = 'network' | 'http' | 'timeout' | 'stream' | 'aborted';

/** Everything that can go wrong talking to the server, with the facts the UI needs to explain it. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  /** Seconds to wait before retrying (from Retry-After on 429). */
  readonly retryAfter: number | undefined;
  constructor(
    kind: ApiErrorKind,
    message: string,
    extra: { status?: number; code?: string; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code;
    this.retryAfter = extra.retryAfter;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function readErrorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return {
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof message === 'string' ? { message } : {}),
      };
    }
  }
  return {};
}

async function httpError(response: Response): Promise<ApiError> {
  let parsed: { code?: string; message?: string } = {};
  try {
    parsed = readErrorBody(await response.json());
  } catch {
    // Not JSON (a proxy's HTML page, say): the status alone has to do.
  }
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  return new ApiError('http', parsed.message ?? `HTTP ${response.status} ${response.statusText}`.trim(), {
    status: response.status,
    ...(parsed.code === undefined ? {} : { code: parsed.code }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (cause) {
    throw new ApiError('network', 'The server could not be reached.', { cause });
  }
  if (!response.ok) throw await httpError(response);
  return (await response.json()) as T;
}

export const getStatement = (signal?: AbortSignal): Promise<Statement> => getJson<Statement>('/api/paragraphs', signal);
export const getHealth = (signal?: AbortSignal): Promise<Health> => getJson<Health>('/healthz', signal);

export interface AskOptions {
  readonly signal: AbortSignal;
  readonly onRetrieved?: (retrieved: readonly RetrievedParagraph[]) => void;
  readonly onDelta?: (text: string) => void;
  /** Give up when the server sends nothing for this long. */
  readonly idleTimeoutMs?: number;
}

/** POST /api/ask with `stream: true`; resolves with the `done` result, rejects with an ApiError. */
export async function askStream(
  question: string,
  history: readonly HistoryTurn[],
  options: AskOptions,
): Promise<AnswerResult> {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort();
  options.signal.addEventListener('abort', onAbort);
  if (options.signal.aborted) controller.abort();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.idleTimeoutMs ?? 90_000);
  };
  const failure = (cause: unknown): ApiError => {
    if (cause instanceof ApiError) return cause;
    if (timedOut) return new ApiError('timeout', 'The server took too long to answer.', { cause });
    if (options.signal.aborted) return new ApiError('aborted', 'Stopped.', { cause });
    return new ApiError('network', 'The connection to the server failed.', { cause });
  };

  try {
    arm();
    const response = await fetch('/api/ask', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ question, history, stream: true }),
      signal: controller.signal,
    });
    if (!response.ok) throw await httpError(response);
    const type = response.headers.get('Content-Type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) {
      // A server that ignores `stream` still answers correctly with the plain JSON result.
      return (await response.json()) as AnswerResult;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      arm();
      const { done, value } = await reader.read();
      const events = done ? parser.push(decoder.decode()).concat(parser.end()) : parser.push(decoder.decode(value, { stream: true }));
      for (const { event, data } of events) {
        const payload: unknown = JSON.parse(data);
        if (event === 'retrieved') options.onRetrieved?.((payload as { retrieved: RetrievedParagraph[] }).retrieved);
        else if (event === 'delta') options.onDelta?.((payload as { text: string }).text);
        else if (event === 'done') {
          void reader.cancel().catch(() => undefined);
          return payload as AnswerResult;
        } else if (event === 'error') {
          const { code, message } = readErrorBody(payload);
          throw new ApiError('stream', message ?? 'The server reported an error while answering.', {
            ...(code === undefined ? {} : { code }),
          });
        }
      }
      if (done) throw new ApiError('stream', 'The connection closed before the answer was complete.');
    }
  } catch (cause) {
    throw failure(cause);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}
