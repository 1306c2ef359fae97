import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, type ClientOptions } from 'openai';
import type { Config } from '../config.js';
import type { TokenUsage } from '../types.js';
import type { ChatMessage } from './prompt.js';

/*
 * The adapter over the `openai` client, for any OpenAI-compatible server (OpenAI, Ollama, llama.cpp,
 * vLLM …). The client's own retries are off: retries happen here, so their number is exact and a
 * stream that has already handed text to the caller is never replayed.
 */

export type LlmConfig = NonNullable<Config['llm']>;

export type LlmErrorKind =
  /** The whole call took longer than `timeoutMs`. */
  | 'timeout'
  /** No chunk for `idleTimeoutMs`. */
  | 'idle_timeout'
  /** The server could not be reached, or the connection broke. */
  | 'connection'
  /** The server answered with an HTTP error status. */
  | 'http'
  /** The server reported an error inside the stream. */
  | 'upstream'
  /** The stream was not the chat.completion.chunk format. */
  | 'invalid_response';

/** A failed LLM call, after any retries. */
export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly retryable: boolean;
  /** HTTP status, when the server sent one. */
  readonly status: number | undefined;
  /** Attempts made, including the failed last one. */
  readonly attempts: number;
  /** Server-requested wait before retrying (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: LlmErrorKind,
    message: string,
    options: { retryable?: boolean; status?: number | undefined; attempts?: number; retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LlmError';
    this.kind = kind;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** A copy that records how many attempts were made. */
  withAttempts(attempts: number): LlmError {
    return new LlmError(this.kind, this.message, {
      retryable: this.retryable,
      status: this.status,
      attempts,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    });
  }
}

export interface StreamAnswerOptions {
  /** Aborts the upstream request; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Each piece of answer text as it arrives (never reasoning). */
  readonly onDelta?: ((text: string) => void) | undefined;
  /** The caller's bound on generated tokens (OpenAI's `max_tokens`); the smaller of it and the client's own is sent. */
  readonly maxTokens?: number | undefined;
  /** Asked after each delta: true stops reading (the connection is closed, the answer counts as cut). */
  readonly shouldStop?: (() => boolean) | undefined;
}

/** One streamed completion. */
export interface LlmAnswer {
  /** The content deltas joined (reasoning sent in `reasoning_content` / `reasoning` is not in it). */
  readonly text: string;
  /** True when the answer did not end on its own: the token limit (`finish_reason: "length"`) or a stop. */
  readonly cut: boolean;
  /** The server's last `finish_reason`, when it sent one. */
  readonly finishReason: string | undefined;
  /** The server's token counts, when it sent them (asked for with `stream_options.include_usage`). */
  readonly usage?: TokenUsage;
  /** Characters of reasoning the server streamed beside the answer (read, counted, dropped). */
  readonly reasoningChars: number;
}

export interface LlmClient {
  /** The model id sent to the server (and reported in answers). */
  readonly model: string;
  /** Streams a chat completion, calling `onDelta` per piece of answer text. */
  streamAnswer(messages: readonly ChatMessage[], options?: StreamAnswerOptions): Promise<LlmAnswer>;
}

/** Longest stretch of stream reading before other work gets a turn of the event loop. */
const YIELD_EVERY_MS = 8;

/** Tokens the model may generate unless told fewer: room for an answer, and for a reasoning model's thinking. */
export const DEFAULT_MAX_TOKENS = 4096;
/**
 * Characters read from one stream, content and reasoning together, before reading stops and the answer
 * counts as cut: a model that never stops cannot make the server hold an unbounded text.
 */
export const MAX_READ_CHARS = 64_000;

export interface LlmClientDeps {
  /** The fetch the `openai` client uses (tests, proxies). */
  readonly fetch?: ClientOptions['fetch'];
  /** Wait before retry number `attempt` (1-based), given the server's Retry-After if any. */
  readonly backoffMs?: (attempt: number, retryAfterMs: number | undefined) => number;
  /** Upper bound on generated tokens, default {@link DEFAULT_MAX_TOKENS}. */
  readonly maxTokens?: number;
}

// Keys and bearer tokens an upstream error may echo ("Incorrect API key provided: sk-…"). Bounded input,
// and each pattern is a prefix followed by one character class: no back-tracking.
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(sk|pk|rk)-[A-Za-z0-9_-]{6,}/gu, '$1-[redacted]'],
  [/\bBearer[ \t]+[^\s"',;]+/giu, 'Bearer [redacted]'],
  [/\b(api[_-]?key|token|secret|password)(["']?[ \t]*[:=][ \t]*["']?)[^\s"',;]+/giu, '$1$2[redacted]'],
];
const MAX_ERROR_MESSAGE = 500;

/** An upstream error message made fit to log and to show: bounded, without anything shaped like a secret. */
export function redactSecrets(message: string): string {
  let s = message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE)}…` : message;
  for (const [re, replacement] of SECRET_PATTERNS) s = s.replace(re, replacement);
  return s;
}

function usageOf(value: unknown): TokenUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as Record<string, unknown>;
  const n = (k: string): number | undefined => (typeof u[k] === 'number' && Number.isFinite(u[k]) && u[k] >= 0 ? u[k] : undefined);
  const prompt = n('prompt_tokens');
  const completion = n('completion_tokens');
  if (prompt === undefined || completion === undefined) return undefined;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: n('total_tokens') ?? prompt + completion };
}

/** The reason a signal was aborted with, as something throwable (an AbortError when there is none). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  if (r instanceof Error) return r;
  return new DOMException('The operation was aborted.', 'AbortError');
}

function defaultBackoff(attempt: number, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 5_000);
  return Math.min(250 * 2 ** (attempt - 1), 2_000) * (0.75 + Math.random() * 0.5);
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after-ms') ?? undefined;
  if (value !== undefined && Number.isFinite(Number(value))) return Number(value);
  const seconds = headers?.get('retry-after') ?? undefined;
  if (seconds !== undefined && Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
  return undefined;
}

const RETRYABLE_STATUS = (status: number): boolean => status === 408 || status === 409 || status === 429 || status >= 500;

/** Maps whatever the `openai` client or the stream threw to an LlmError. */
function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIConnectionTimeoutError) {
    return new LlmError('timeout', 'The language model server did not respond in time.', { retryable: true, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new LlmError('connection', `Could not reach the language model server: ${redactSecrets(err.message)}`, { retryable: true, cause: err });
  }
  if (err instanceof APIError) {
    if (err.status === undefined) {
      return new LlmError('upstream', `The language model server reported an error: ${redactSecrets(err.message)}`, { cause: err });
    }
    return new LlmError('http', `The language model server answered ${err.status}: ${redactSecrets(err.message)}`, {
      retryable: RETRYABLE_STATUS(err.status),
      status: err.status,
      retryAfterMs: retryAfter(err.headers),
      cause: err,
    });
  }
  if (err instanceof SyntaxError) {
    return new LlmError('invalid_response', 'The language model server sent a malformed stream.', { cause: err });
  }
  // undici's "terminated" and socket errors when the server drops the connection mid-stream.
  if (err instanceof TypeError || (err instanceof Error && 'code' in err)) {
    return new LlmError('connection', `The connection to the language model server broke: ${redactSecrets(err.message)}`, {
      retryable: true,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LlmError('invalid_response', `Unexpected failure of the language model call: ${redactSecrets(message)}`, { cause: err });
}

// Errors thrown by the caller's onDelta pass through untouched, never retried.
class CallbackError extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Creates the LLM adapter for `config.llm`. */
export function createLlmClient(config: LlmConfig, deps: LlmClientDeps = {}): LlmClient {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL ?? null,
    maxRetries: 0,
    timeout: config.timeoutMs,
    logLevel: 'off',
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const maxRetries = Math.max(0, Math.min(2, Math.floor(config.maxRetries)));
  const backoff = deps.backoffMs ?? defaultBackoff;

  async function attempt(
    messages: readonly ChatMessage[],
    overall: AbortSignal,
    onDelta: (text: string) => void,
    options: StreamAnswerOptions,
  ): Promise<LlmAnswer> {
    const controller = new AbortController();
    const forward = (): void => controller.abort(overall.reason);
    overall.addEventListener('abort', forward, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        controller.abort(
          new LlmError('idle_timeout', `The language model sent nothing for ${config.idleTimeoutMs} ms.`, { retryable: true }),
        );
      }, config.idleTimeoutMs);
    };
    arm();
    const maxTokens = Math.min(options.maxTokens ?? Number.POSITIVE_INFINITY, deps.maxTokens ?? DEFAULT_MAX_TOKENS);
    try {
      const stream = await client.chat.completions.create(
        {
          model: config.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: config.temperature,
          stream: true,
          // The model's own token counts arrive in a last chunk.
          stream_options: { include_usage: true },
          max_tokens: maxTokens,
        },
        { signal: controller.signal, maxRetries: 0 },
      );
      const parts: string[] = [];
      let read = 0;
      let reasoningChars = 0;
      let finishReason: string | undefined;
      let usage: TokenUsage | undefined;
      let stopped = false;
      let sliceStarted = performance.now();
      for await (const chunk of stream) {
        arm();
        // A fast server's whole stream can arrive in one read, and iterating it settles only promises:
        // without a pause now and then, no other request (not even /healthz) would run until it ends.
        if (performance.now() - sliceStarted > YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
        const raw = chunk as { choices?: unknown; usage?: unknown } | null;
        const choices: unknown = raw?.choices;
        if (!Array.isArray(choices)) {
          throw new LlmError('invalid_response', 'The language model server sent a chunk without choices.');
        }
        usage = usageOf(raw?.usage) ?? usage;
        const choice = choices[0] as { delta?: Record<string, unknown>; finish_reason?: unknown } | undefined;
        if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
        const delta = choice?.delta;
        // Reasoning servers send the thinking beside the answer: counted towards the read limit, never shown.
        for (const key of ['reasoning_content', 'reasoning']) {
          const r = delta?.[key];
          if (typeof r === 'string') reasoningChars += r.length;
        }
        const content = delta?.['content'];
        if (typeof content === 'string' && content.length > 0) {
          parts.push(content);
          read += content.length;
          try {
            onDelta(content);
          } catch (err) {
            throw new CallbackError('onDelta failed', { cause: err });
          }
        }
        if (read + reasoningChars > MAX_READ_CHARS || options.shouldStop?.() === true) {
          stopped = true;
          break;
        }
      }
      // The client's stream iterator ends quietly on abort: the reason says what happened.
      if (controller.signal.aborted) throw controller.signal.reason;
      return {
        text: parts.join(''),
        cut: stopped || finishReason === 'length',
        finishReason: stopped ? 'length' : finishReason,
        ...(usage === undefined ? {} : { usage }),
        reasoningChars,
      };
    } catch (err) {
      if (err instanceof CallbackError) throw err;
      if (controller.signal.aborted) throw controller.signal.reason;
      throw err;
    } finally {
      clearTimeout(idle);
      overall.removeEventListener('abort', forward);
      // Close the connection whenever we stop reading early (error, invalid chunk, limit reached).
      controller.abort();
    }
  }

  async function streamAnswer(messages: readonly ChatMessage[], options: StreamAnswerOptions = {}): Promise<LlmAnswer> {
    const { signal } = options;
    if (signal?.aborted) throw abortReason(signal);
    const overall = new AbortController();
    const deadline = setTimeout(() => {
      overall.abort(new LlmError('timeout', `The language model did not finish within ${config.timeoutMs} ms.`));
    }, config.timeoutMs);
    const onCallerAbort = (): void => overall.abort(abortReason(signal));
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    let emitted = false;
    const onDelta = (text: string): void => {
      emitted = true;
      options.onDelta?.(text);
    };
    try {
      for (let n = 1; ; n++) {
        try {
          return await attempt(messages, overall.signal, onDelta, options);
        } catch (err) {
          if (err instanceof CallbackError) throw err.cause;
          if (signal?.aborted) throw abortReason(signal);
          const e = toLlmError(err);
          // Never retry once text reached the caller: a second stream would repeat it.
          if (!e.retryable || emitted || n > maxRetries || overall.signal.aborted) throw e.withAttempts(n);
          await sleep(backoff(n, e.retryAfterMs), overall.signal);
          if (signal?.aborted) throw abortReason(signal);
          if (overall.signal.aborted) throw toLlmError(overall.signal.reason).withAttempts(n);
        }
      }
    } finally {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return { model: config.model, streamAnswer };
}
