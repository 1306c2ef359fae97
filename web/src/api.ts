/** The page's side of the HTTP contract (docs/API.md): typed calls and errors a person can read. */
import type { AnswerResult, HistoryTurn, RetrievedParagraph } from '../../src/types.js';
import { SseParser } from './sse.js';

export interface Health {
  readonly status: string;
  readonly paragraphs?: number;
  readonly embedder?: string;
  readonly llm?: string | null;
  readonly mode?: 'llm' | 'extractive';
  /** When the index was built (ISO 8601). */
  readonly indexBuiltAt?: string | null;
  /** The server's request limits (older servers leave them out). */
  readonly limits?: { readonly maxQuestionChars?: number; readonly maxHistoryTurns?: number };
}

/** A paragraph as `/api/paragraphs` sends it (contract v2). */
export interface ParagraphJson {
  readonly number: number;
  readonly text: string;
  /** The project's unofficial English rendering; the Chinese is authoritative. */
  readonly text_en?: string;
}

/** `GET /api/paragraphs` (contract v2). */
export interface StatementJson {
  readonly title: string;
  readonly source: string;
  readonly paragraphs: readonly ParagraphJson[];
  readonly title_en?: string;
  readonly source_en?: string;
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

// ── Access token (API_TOKEN on the server) ──────────────────────────────────
const TOKEN_KEY = 'statement-assistant:token';

function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined; // storage blocked: the token lives only as long as this page
  }
}

let memoryToken: string | undefined;
const currentToken = (): string | undefined => storedToken() ?? memoryToken;

function keepToken(token: string | undefined): void {
  memoryToken = token;
  try {
    if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // memoryToken still has it
  }
}

/**
 * Asks the person for the access token after a 401: `rejected` is the server's refusal,
 * `wrongToken` true when a token was sent and refused. Resolves with the token, or null to give up.
 */
export type TokenPrompt = (rejected: ApiError, wrongToken: boolean) => Promise<string | null>;

let tokenPrompt: TokenPrompt | undefined;
let openPrompt: Promise<string | null> | undefined;

/** Installs the page's token prompt; without one a 401 is an ordinary error. */
export function onTokenNeeded(prompt: TokenPrompt): void {
  tokenPrompt = prompt;
}

/**
 * fetch() with `Authorization: Bearer …` when a token is known. On a 401 it asks for a token
 * (one prompt shared by concurrent requests) and sends the request again; rejects with the 401's
 * ApiError when the person gives up. `onPrompt` hears when it waits for the person and when not.
 */
async function send(path: string, init: RequestInit, onPrompt?: (waiting: boolean) => void): Promise<Response> {
  for (;;) {
    const token = currentToken();
    const headers = new Headers(init.headers);
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
    const response = await fetch(path, { ...init, headers });
    if (response.status !== 401 || tokenPrompt === undefined) return response;
    const rejected = await httpError(response);
    // Another request already got a new token while this one was on its way: just try again.
    if (currentToken() !== token) continue;
    if (token !== undefined) keepToken(undefined);
    onPrompt?.(true);
    openPrompt ??= tokenPrompt(rejected, token !== undefined).finally(() => (openPrompt = undefined));
    const next = await openPrompt;
    onPrompt?.(false);
    if (next === null || init.signal?.aborted) throw rejected;
    keepToken(next);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await send(path, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError('network', 'The server could not be reached.', { cause });
  }
  if (!response.ok) throw await httpError(response);
  return (await response.json()) as T;
}

export const getStatement = (signal?: AbortSignal): Promise<StatementJson> => getJson<StatementJson>('/api/paragraphs', signal);
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
    const response = await send(
      '/api/ask',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ question, history, stream: true }),
        signal: controller.signal,
      },
      // No idle timeout while the person is typing the access token.
      (waiting) => (waiting ? clearTimeout(timer) : arm()),
    );
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
