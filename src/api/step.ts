import type { Context } from 'hono';
import type { AppEnv } from './deps.js';

/*
 * The request path as plain functions around a route. Hono runs middleware through `compose`, an async
 * function per layer: every request, even one a route answers at once, went through a promise per
 * layer and @hono/node-server's slower path for a promised response. A step is synchronous when what
 * it wraps is, so a route that answers at once (a paragraph, the health check) is answered within the
 * call; a route that awaits (reading a body, an answer) makes the chain a promise from there.
 */

/** A response, now or later. */
export type Reply = Response | Promise<Response>;

/** One layer of the request path: its work, then `next()`, or an answer of its own (an error thrown). */
export type Step = (c: Context<AppEnv>, next: () => Reply) => Reply;

/** A route's handler, as Hono calls it. */
export type Handler = (c: Context<AppEnv>) => Reply;

/** Turns anything thrown into the contract's error response. */
export type OnError = (c: Context<AppEnv>, err: unknown) => Response;

function isPromise(value: Reply): value is Promise<Response> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/** `then(reply, f)`: f of the response, at once when it is there, else when it comes. */
export function after(reply: Reply, f: (res: Response) => Response): Reply {
  return isPromise(reply) ? reply.then(f) : f(reply);
}

/** `run(c)`, with whatever it throws (at once or later) answered by `onError`. */
function guarded(c: Context<AppEnv>, run: () => Reply, onError: OnError): Reply {
  try {
    const reply = run();
    return isPromise(reply) ? reply.then(undefined, (err: unknown) => onError(c, err)) : reply;
  } catch (err) {
    return onError(c, err);
  }
}

/**
 * The steps around a handler, outermost first. An error thrown by the handler or by a step becomes a
 * response right there, so the steps outside it (the request log, the response head) see it as they
 * see any other.
 */
export function chain(steps: readonly Step[], handler: Handler, onError: OnError): Handler {
  let run: Handler = (c) => guarded(c, () => handler(c), onError);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    const inner = run;
    run = (c) => guarded(c, () => step(c, () => inner(c)), onError);
  }
  return run;
}
