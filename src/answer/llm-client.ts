import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, type ClientOptions } from 'openai';
import type { Config } from '../config.js';
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
  /** Each piece of text as it arrives. */
  readonly onDelta?: ((text: string) => void) | undefined;
}

export interface LlmClient {
  /** The model id sent to the server (and reported in answers). */
  readonly model: string;
  /** Streams a chat completion, calling `onDelta` per piece; resolves with the full text. */
  streamAnswer(messages: readonly ChatMessage[], options?: StreamAnswerOptions): Promise<string>;
}

export interface LlmClientDeps {
  /** The fetch the `openai` client uses (tests, proxies). */
  readonly fetch?: ClientOptions['fetch'];
  /** Wait before retry number `attempt` (1-based), given the server's Retry-After if any. */
  readonly backoffMs?: (attempt: number, retryAfterMs: number | undefined) => number;
  /** Upper bound on generated tokens. */
  readonly maxTokens?: number;
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
    return new LlmError('connection', `Could not reach the language model server: ${err.message}`, { retryable: true, cause: err });
  }
  if (err instanceof APIError) {
    if (err.status === undefined) {
      return new LlmError('upstream', `The language model server reported an error: ${err.message}`, { cause: err });
    }
    return new LlmError('http', `The language model server answered ${err.status}: ${err.message}`, {
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
    return new LlmError('connection', `The connection to the language model server broke: ${err.message}`, {
      retryable: true,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LlmError('invalid_response', `Unexpected failure of the language model call: ${message}`, { cause: err });
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
  ): Promise<string> {
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
    try {
      const stream = await client.chat.completions.create(
        {
          model: config.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: config.temperature,
          stream: true,
          ...(deps.maxTokens === undefined ? {} : { max_tokens: deps.maxTokens }),
        },
        { signal: controller.signal, maxRetries: 0 },
      );
      let text = '';
      for await (const chunk of stream) {
        arm();
        const choices: unknown = (chunk as { choices?: unknown } | null)?.choices;
        if (!Array.isArray(choices)) {
          throw new LlmError('invalid_response', 'The language model server sent a chunk without choices.');
        }
        const content: unknown = (choices[0] as { delta?: { content?: unknown } } | undefined)?.delta?.content;
        if (typeof content === 'string' && content.length > 0) {
          text += content;
          try {
            onDelta(content);
          } catch (err) {
            throw new CallbackError('onDelta failed', { cause: err });
          }
        }
      }
      // The client's stream iterator ends quietly on abort: the reason says what happened.
      if (controller.signal.aborted) throw controller.signal.reason;
      return text;
    } catch (err) {
      if (err instanceof CallbackError) throw err;
      if (controller.signal.aborted) throw controller.signal.reason;
      throw err;
    } finally {
      clearTimeout(idle);
      overall.removeEventListener('abort', forward);
      // Close the connection whenever we stop reading early (error, invalid chunk).
      controller.abort();
    }
  }

  async function streamAnswer(messages: readonly ChatMessage[], options: StreamAnswerOptions = {}): Promise<string> {
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
          return await attempt(messages, overall.signal, onDelta);
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
