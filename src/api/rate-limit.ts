import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one request for `key`; says when to retry when the budget is spent. */
  take(key: string): RateDecision;
}

/**
 * A token bucket per key: `perMinute` requests as a burst, refilled smoothly at `perMinute` per
 * 60 s. `perMinute` 0 turns limiting off. Full (idle) buckets are dropped, so memory stays bounded
 * by the clients active in the last minute.
 */
export function createRateLimiter(options: {
  readonly perMinute: number;
  readonly now: () => number;
  readonly windowMs?: number;
  readonly maxKeys?: number;
}): RateLimiter {
  const { perMinute, now } = options;
  const windowMs = options.windowMs ?? 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  if (perMinute <= 0) return { take: () => ({ ok: true }) };
  const ratePerMs = perMinute / windowMs;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refill = (b: { tokens: number; at: number }, t: number): void => {
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, t - b.at) * ratePerMs);
    b.at = t;
  };

  const sweep = (t: number): void => {
    for (const [key, b] of buckets) {
      refill(b, t);
      if (b.tokens >= perMinute) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (b === undefined) {
        if (buckets.size >= maxKeys) sweep(t);
        b = { tokens: perMinute, at: t };
        buckets.set(key, b);
      } else {
        refill(b, t);
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
    },
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
