/**
 * Wraps an async task so its runs never overlap: one runs at a time, a call made while one runs queues
 * exactly one more run after it, and calls made while that one waits share it (it starts later, so it
 * sees everything they would have seen). At most one in flight, at most one queued, however many calls.
 */
export function createSerialRunner(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const run = Promise.resolve().then(task);
    running = run;
    const clear = (): void => {
      if (running === run) running = null;
    };
    run.then(clear, clear);
    return run;
  };
  return () => {
    if (queued !== null) return queued;
    if (running === null) return start();
    // Whether the current run succeeds or fails, the queued one still runs.
    queued = running
      .catch(() => {})
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}
