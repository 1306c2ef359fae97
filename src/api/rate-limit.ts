import type { Context } from 'hono';
import { HttpError } from './http-error.js';
import { headerOf, remoteAddress } from './request-info.js';
import type { Step } from './step.js';

export { remoteAddress } from './request-info.js';

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one request for `key`; says when to retry when the budget is spent. */
  take(key: string): RateDecision;
  /** Keys currently remembered (never more than `maxKeys`). */
  size(): number;
}

const ALLOWED: RateDecision = Object.freeze({ ok: true });

/**
 * A token bucket per key: `perMinute` requests as a burst, refilled smoothly at `perMinute` per 60 s.
 * `perMinute` 0 turns limiting off. Constant work per request: one Map lookup, and the key moved to
 * the end so the Map's order is least-recently-seen first. At most `maxKeys` keys: a new key when
 * the table is full pushes out the least recently seen one (which a quiet client's full bucket would
 * have been anyway), never a scan of the table.
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
  if (perMinute <= 0) return { take: () => ALLOWED, size: () => 0 };
  const ratePerMs = perMinute / windowMs;
  const buckets = new Map<string, { tokens: number; at: number }>();

  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (b === undefined) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        b = { tokens: perMinute, at: t };
      } else {
        b.tokens = Math.min(perMinute, b.tokens + Math.max(0, t - b.at) * ratePerMs);
        b.at = t;
        buckets.delete(key);
      }
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return ALLOWED;
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
    },
    size: () => buckets.size,
  };
}

/** 429 `rate_limited` with `Retry-After` once a client has spent its budget. */
export function rateLimit(limiter: RateLimiter, keyOf: (c: Context) => string): Step {
  return function rateLimitStep(c, next) {
    const decision = limiter.take(keyOf(c));
    if (!decision.ok) {
      throw new HttpError(
        'rate_limited',
        `Too many requests: try again in ${decision.retryAfterSeconds} s.`,
        { headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
      );
    }
    return next();
  };
}

/**
 * The last `X-Forwarded-For` hop: the address the (one, trusted) proxy in front of us saw and
 * appended. Earlier hops are whatever the client wrote, so keying on them would let a client pick
 * its own bucket. Without the header, the socket address.
 */
export function forwardedFor(c: Context): string {
  const header = headerOf(c, 'x-forwarded-for');
  if (header === undefined) return remoteAddress(c);
  const last = header.slice(header.lastIndexOf(',') + 1).trim();
  return last !== '' ? last : remoteAddress(c);
}
