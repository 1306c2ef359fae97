import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/*
 * Reading a request without building a fetch `Headers` object. Under @hono/node-server, `c.req.header()`
 * turns Node's already-parsed headers into a WHATWG Headers object on first use, which costs more than
 * the rest of a small request; Node's own `incoming.headers` (lower-case names) is free. In-process
 * (`app.request()` in tests) there is no `incoming` and the fetch Request is read as usual.
 */

interface NodeBindings {
  readonly incoming?: IncomingMessage;
}

/** The Node request under @hono/node-server, or undefined in-process (tests may pass a partial one). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  return incoming !== undefined && typeof incoming.headers === 'object' ? incoming : undefined;
}

/** One request header by its lower-case name (repeated headers joined by ", " as fetch does). */
export function headerOf(c: Context, name: string): string | undefined {
  const incoming = nodeIncoming(c);
  if (incoming === undefined) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The socket's remote address under @hono/node-server; `unknown` in-process (app.request). */
export function remoteAddress(c: Context): string {
  return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Calls `listener` once if the client goes away before the response is finished; returns a function
 * that stops watching. Under @hono/node-server this listens on Node's response, as the adapter itself
 * does, instead of reading `c.req.raw.signal` (which makes an AbortController per request); in-process
 * it watches that signal.
 */
export function watchClient(c: Context, listener: () => void): () => void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  const incoming = nodeIncoming(c);
  if (outgoing === undefined || typeof outgoing.once !== 'function' || incoming === undefined) return watchSignal(c.req.raw.signal, listener);
  const gone = (): boolean => incoming.errored !== null || !outgoing.writableFinished;
  if (outgoing.destroyed && gone()) {
    listener();
    return () => {};
  }
  const onClose = (): void => {
    if (gone()) listener();
  };
  outgoing.once('close', onClose);
  return () => outgoing.off('close', onClose);
}

/** Calls `listener` once when `signal` aborts (at once if it already has); returns a function that stops watching. */
export function watchSignal(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return () => {};
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
