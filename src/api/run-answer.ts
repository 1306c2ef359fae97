import { AppError, ClientGoneError } from '../errors.js';
import type { AnswerHooks, AnswerResult, Answerer, AskRequest } from '../types.js';

/**
 * Runs one answer under a deadline. The answerer gets a signal that fires when the client goes
 * away or the deadline passes, so an upstream LLM request is cancelled, and this promise settles at
 * the deadline even if the answerer ignores its signal.
 */
export async function runAnswer(
  answerer: Answerer,
  request: AskRequest,
  options: {
    readonly timeoutMs: number;
    readonly clientSignal?: AbortSignal | undefined;
    readonly onRetrieved?: AnswerHooks['onRetrieved'];
    readonly onDelta?: AnswerHooks['onDelta'];
  },
): Promise<AnswerResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onClientAbort: (() => void) | undefined;

  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      const err = new AppError('upstream_error', `The answer took longer than ${seconds} s and was stopped.`, {
        status: 504,
      });
      reject(err); // first, so the race reports the deadline rather than the answerer's AbortError
      controller.abort(err);
    }, options.timeoutMs);
    onClientAbort = () => {
      const err = new ClientGoneError();
      reject(err);
      controller.abort(err);
    };
    if (options.clientSignal?.aborted) onClientAbort();
    else options.clientSignal?.addEventListener('abort', onClientAbort, { once: true });
  });

  const hooks: { -readonly [K in keyof AnswerHooks]: AnswerHooks[K] } = { signal: controller.signal };
  if (options.onRetrieved) hooks.onRetrieved = options.onRetrieved;
  if (options.onDelta) hooks.onDelta = options.onDelta;

  const answering = Promise.resolve()
    .then(() => answerer.answer(request, hooks))
    .catch((err: unknown) => {
      // Hono's onError only sees Error instances; a thrown string must not escape it.
      throw err instanceof Error ? err : new Error(`Answerer failed: ${String(err)}`, { cause: err });
    });
  // Whichever loses the race must not become an unhandled rejection.
  answering.catch(() => {});
  stopped.catch(() => {});
  try {
    return await Promise.race([answering, stopped]);
  } finally {
    clearTimeout(timer);
    if (onClientAbort) options.clientSignal?.removeEventListener('abort', onClientAbort);
  }
}
