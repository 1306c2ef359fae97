import { remember } from '../memo.js';

/**
 * Deadlines of one length, all on one timer. Every answer runs under the same REQUEST_TIMEOUT_MS, so
 * the deadlines fall due in the order they were set: a queue, its head the next to fall due. Setting
 * one is a push; cancelling one (almost every answer finishes in time) marks it and drops finished
 * ones from the head. The timer is armed for the head only when none is armed, and left to run out
 * rather than cleared: a Node timer set and cleared per request would make and drop a timer list
 * each time, which costs more than an offline answer's whole request path outside the answer itself.
 */

interface Entry {
  readonly at: number;
  fire: (() => void) | undefined;
}

export interface DeadlineTimers {
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => void;
}

const NODE_TIMERS: DeadlineTimers = {
  now: () => performance.now(),
  // Unref'd: a pending answer holds its connection open, and so the process; the timer need not.
  setTimer: (run, ms) => void setTimeout(run, ms).unref(),
};

/** A queue of deadlines `ms` long; `add(fire)` returns the function that cancels that one. */
export function createDeadlines(ms: number, timers: DeadlineTimers = NODE_TIMERS): { add(fire: () => void): () => void; readonly pending: () => number } {
  // The queue holds answers still running and finished ones behind a running one: a handful.
  const queue: Entry[] = [];
  let armed = false;

  // Finished deadlines leave from both ends: the oldest (the head) and the newest (an answer done at once).
  const dropFinished = (): void => {
    while (queue.length > 0 && queue[queue.length - 1]!.fire === undefined) queue.pop();
    let dead = 0;
    while (dead < queue.length && queue[dead]!.fire === undefined) dead += 1;
    if (dead > 0) queue.splice(0, dead);
  };

  const arm = (): void => {
    const head = queue[0];
    if (armed || head === undefined) return;
    armed = true;
    timers.setTimer(sweep, Math.max(0, head.at - timers.now()));
  };

  function sweep(): void {
    armed = false;
    const now = timers.now();
    while (queue.length > 0 && (queue[0]!.fire === undefined || queue[0]!.at <= now)) {
      const fire = queue.shift()!.fire;
      fire?.();
    }
    arm();
  }

  return {
    add(fire) {
      const entry: Entry = { at: timers.now() + ms, fire };
      queue.push(entry);
      arm();
      return () => {
        entry.fire = undefined;
        dropFinished();
      };
    },
    pending: () => queue.filter((e) => e.fire !== undefined).length,
  };
}

const shared = new Map<number, ReturnType<typeof createDeadlines>>();

/** The process's queue of deadlines `ms` long (one per length; a server uses one). */
export function deadlinesOf(ms: number): ReturnType<typeof createDeadlines> {
  return remember(shared, ms, Infinity, () => createDeadlines(ms));
}
