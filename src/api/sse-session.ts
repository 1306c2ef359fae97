import type { SSEStreamingApi } from 'hono/streaming';

/**
 * Serialises writes to an SSE stream (hooks fire synchronously, writes are async), sends a
 * `: ping` comment after `heartbeatMs` of silence, and drops everything after the final event.
 */
export interface SseSession {
  send(event: string | undefined, data: string): void;
  /** Queues the last event, stops heartbeats, and resolves once everything is written. */
  end(event: string | undefined, data: string): Promise<void>;
  /** Stops without a final event (the client is gone). */
  stop(): Promise<void>;
}

export function createSseSession(stream: SSEStreamingApi, heartbeatMs: number): SseSession {
  let chain: Promise<unknown> = Promise.resolve();
  let ended = false;
  let wroteSinceTick = false;

  const enqueue = (write: () => Promise<unknown>): void => {
    chain = chain.then(write).catch(() => {});
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
    await chain;
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
