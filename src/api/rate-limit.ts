import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one request for `key`; says when to retry when the budget is spent. */
  take(key: string): RateDecision;
  /** Keys currently remembered (never more than `maxKeys`). */
  size(): number;
}

/**
 * A token bucket per key: `perMinute` requests as a burst, refilled smoothly at `perMinute` per
 * 60 s. `perMinute` 0 turns limiting off. At most `maxKeys` keys are kept: when a new key finds the
 * table full, full (idle) buckets are dropped — at most once per window, so a flood of new keys
 * does not pay a full scan each — and if it is still full, the least recently seen key goes.
 */
export function createRateLimiter(options: {
  readonly perMinute: number;
  readonly now: () => number;
  readonly windowMs?: number;
  readonly maxKeys?: number;
}): RateLimiter {
  const { perMinute, now } = options;
  const windowMs = options.windowMs ?? 60_000;
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  if (perMinute <= 0) return { take: () => ({ ok: true }), size: () => 0 };
  const ratePerMs = perMinute / windowMs;
  // Map order is insertion order; re-inserting on every take keeps it least-recently-seen first.
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = -Infinity;

  const refill = (b: { tokens: number; at: number }, t: number): void => {
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, t - b.at) * ratePerMs);
    b.at = t;
  };

  const makeRoom = (t: number): void => {
    if (t - lastSweep >= windowMs) {
      lastSweep = t;
      for (const [key, b] of buckets) {
        refill(b, t);
        if (b.tokens >= perMinute) buckets.delete(key);
      }
    }
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (b === undefined) {
        if (buckets.size >= maxKeys) makeRoom(t);
        b = { tokens: perMinute, at: t };
      } else {
        refill(b, t);
        buckets.delete(key);
      }
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
    },
    size: () => buckets.size,
  };
}

/** 429 `rate_limited` with `Retry-After` once a client has spent its budget. */
export function rateLimit(limiter: RateLimiter, keyOf: (c: Context) => string): MiddlewareHandler {
  return async function rateLimitMiddleware(c, next) {
    const decision = limiter.take(keyOf(c));
    if (!decision.ok) {
      throw new HttpError(
        'rate_limited',
        `Too many requests: try again in ${decision.retryAfterSeconds} s.`,
        { headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
      );
    }
    await next();
  };
}

/** The socket's remote address under @hono/node-server; `unknown` in-process (app.request). */
export function remoteAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * The last `X-Forwarded-For` hop: the address the (one, trusted) proxy in front of us saw and
 * appended. Earlier hops are whatever the client wrote, so keying on them would let a client pick
 * its own bucket. Without the header, the socket address.
 */
export function forwardedFor(c: Context): string {
  const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return last !== undefined && last !== '' ? last : remoteAddress(c);
}
