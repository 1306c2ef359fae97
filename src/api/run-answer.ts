import { AppError, ClientGoneError } from '../errors.js';
import { deadlinesOf } from './deadlines.js';
import type { AnswerHooks, AnswerResult, Answerer, AskRequest } from '../types.js';

/** Calls `listener` once if the client goes away; returns a function that stops watching. */
export type WatchClient = (listener: () => void) => () => void;

/**
 * The hooks of one run. Its AbortController is made only when the answerer reads `signal` (an LLM
 * request does; the offline answer, done in microseconds, does not): a controller and its listeners
 * cost more than the rest of a run. A class, not an object literal with a getter, which V8 builds
 * slowly each time.
 */
class RunHooks implements AnswerHooks {
  declare readonly onRetrieved?: NonNullable<AnswerHooks['onRetrieved']>;
  declare readonly onDelta?: NonNullable<AnswerHooks['onDelta']>;
  #controller: AbortController | undefined;
  #stoppedBy: Error | undefined;

  constructor(onRetrieved: AnswerHooks['onRetrieved'], onDelta: AnswerHooks['onDelta']) {
    if (onRetrieved) this.onRetrieved = onRetrieved;
    if (onDelta) this.onDelta = onDelta;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#stoppedBy !== undefined) this.#controller.abort(this.#stoppedBy);
    }
    return this.#controller.signal;
  }

  stopReason(): Error | undefined {
    return this.#stoppedBy;
  }

  /** Records why the run stopped (the first reason only) and aborts the signal if it was made. */
  stop(err: Error): void {
    if (this.#stoppedBy !== undefined) return;
    this.#stoppedBy = err;
    this.#controller?.abort(err);
  }
}

/**
 * Runs one answer under a deadline. The answerer gets a signal that fires when the client goes
 * away or the deadline passes, so an upstream LLM request is cancelled, and this promise settles at
 * the deadline even if the answerer ignores its signal. One promise, settled by whichever comes
 * first: the answer, the deadline or the client leaving.
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
  const hooks = new RunHooks(options.onRetrieved, options.onDelta);
  let cancelDeadline: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  const settled = new Promise<AnswerResult>((resolve, reject) => {
    // Rejected before the signal aborts, so the run reports the deadline rather than the answerer's AbortError.
    const stop = (err: Error): void => {
      if (hooks.stopReason() === undefined) reject(err);
      hooks.stop(err);
    };
    cancelDeadline = deadlinesOf(options.timeoutMs).add(() => {
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      stop(new AppError('upstream_error', `The answer took longer than ${seconds} s and was stopped.`, { status: 504 }));
    });
    unwatch = options.watchClient?.(() => stop(new ClientGoneError()));
    Promise.resolve()
      .then(() => answerer.answer(request, hooks))
      .then(resolve, (err: unknown) => {
        // Hono's onError only sees Error instances; a thrown string must not escape it.
        reject(err instanceof Error ? err : new Error(`Answerer failed: ${String(err)}`, { cause: err }));
      });
  });
  try {
    return await settled;
  } finally {
    cancelDeadline?.();
    unwatch?.();
  }
}
