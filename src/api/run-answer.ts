import { AppError, ClientGoneError } from '../errors.js';
import { deadlinesOf } from './deadlines.js';
import type { AnswerHooks, AnswerResult, Answerer, AskRequest } from '../types.js';

/** Calls `listener` once if the client goes away; returns a function that stops watching. */
export type WatchClient = (listener: () => void) => () => void;

/**
 * Runs one answer under a deadline. The answerer gets a signal that fires when the client goes
 * away or the deadline passes, so an upstream LLM request is cancelled, and this promise settles at
 * the deadline even if the answerer ignores its signal.
 *
 * The signal's AbortController is made only when the answerer reads `hooks.signal` (an LLM request
 * does; the offline answerer, done in microseconds, does not): a controller and its listeners cost
 * more than the rest of this function.
 */
export async function runAnswer(
  answerer: Answerer,
  request: AskRequest,
  options: {
    readonly timeoutMs: number;
    readonly watchClient?: WatchClient | undefined;
    readonly onRetrieved?: AnswerHooks['onRetrieved'];
    readonly onDelta?: AnswerHooks['onDelta'];
  },
): Promise<AnswerResult> {
  let controller: AbortController | undefined;
  let stoppedBy: Error | undefined;
  let cancelDeadline: (() => void) | undefined;
  let unwatch: (() => void) | undefined;

  const stopped = new Promise<never>((_, reject) => {
    const stop = (err: Error): void => {
      if (stoppedBy !== undefined) return;
      stoppedBy = err;
      reject(err); // first, so the race reports the deadline rather than the answerer's AbortError
      controller?.abort(err);
    };
    cancelDeadline = deadlinesOf(options.timeoutMs).add(() => {
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      stop(new AppError('upstream_error', `The answer took longer than ${seconds} s and was stopped.`, { status: 504 }));
    });
    unwatch = options.watchClient?.(() => stop(new ClientGoneError()));
  });

  const hooks: { -readonly [K in keyof AnswerHooks]: AnswerHooks[K] } = {
    get signal(): AbortSignal {
      if (controller === undefined) {
        controller = new AbortController();
        if (stoppedBy !== undefined) controller.abort(stoppedBy);
      }
      return controller.signal;
    },
    stopReason: () => stoppedBy,
  };
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
    cancelDeadline?.();
    unwatch?.();
  }
}
