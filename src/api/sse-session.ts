import type { SSEStreamingApi } from 'hono/streaming';

/**
 * Serialises writes to an SSE stream (hooks fire synchronously, writes are async), sends a
 * `: ping` comment after `heartbeatMs` of silence, and drops everything after the final event.
 * A write the client has not taken within `writeTimeoutMs` (it stopped reading: the socket's
 * buffers are full and the write waits for them) calls `onStall` and ends the session, so a client
 * that never reads cannot pin an answer in memory for long.
 */
export interface SseSession {
  send(event: string | undefined, data: string): void;
  /** Queues the last event, stops heartbeats, and resolves once everything is written. */
  end(event: string | undefined, data: string): Promise<void>;
  /** Stops without a final event (the client is gone). */
  stop(): Promise<void>;
}

export interface SseSessionOptions {
  readonly heartbeatMs: number;
  /** Default: no limit. */
  readonly writeTimeoutMs?: number | undefined;
  /** Called once when a write stalls past `writeTimeoutMs`: close the connection. */
  readonly onStall?: (() => void) | undefined;
}

export function createSseSession(stream: SSEStreamingApi, options: SseSessionOptions): SseSession {
  const { heartbeatMs, writeTimeoutMs, onStall } = options;
  let chain: Promise<unknown> = Promise.resolve();
  let ended = false;
  let stalled = false;
  let wroteSinceTick = false;
  let markStalled!: () => void;
  const stalledNow = new Promise<void>((resolve) => (markStalled = resolve));

  const guarded = (write: () => Promise<unknown>) => async (): Promise<void> => {
    if (stalled) return;
    if (writeTimeoutMs === undefined) {
      await write();
      return;
    }
    const timer = setTimeout(() => {
      stalled = true;
      ended = true;
      clearInterval(heartbeat);
      markStalled();
      onStall?.();
    }, writeTimeoutMs);
    try {
      await write();
    } finally {
      clearTimeout(timer);
    }
  };
  const enqueue = (write: () => Promise<unknown>): void => {
    chain = chain.then(guarded(write)).catch(() => {});
  };
  const heartbeat = setInterval(() => {
    if (!wroteSinceTick && !stream.aborted) enqueue(() => stream.write(': ping\n\n'));
    wroteSinceTick = false;
  }, heartbeatMs);
  heartbeat.unref?.();

  const send = (event: string | undefined, data: string): void => {
    if (ended) return;
    wroteSinceTick = true;
    enqueue(() => stream.writeSSE(event === undefined ? { data } : { event, data }));
  };
  const stop = async (): Promise<void> => {
    ended = true;
    clearInterval(heartbeat);
    // A stalled write never settles: the connection is being closed, nothing more will be written.
    await Promise.race([chain, stalledNow]);
  };
  return {
    send,
    async end(event, data) {
      send(event, data);
      await stop();
    },
    stop,
  };
}
