import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Requires `Authorization: Bearer <token>`. 401 with code `invalid_request` (the contract's code
 * list is closed). Compared through fixed-length digests so timing reveals nothing about the token.
 */
export function bearerToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async function bearerTokenMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match === null || !timingSafeEqual(digest(match[1] ?? ''), expected)) {
      throw new HttpError(
        'invalid_request',
        match === null
          ? 'Authentication required: send the header "Authorization: Bearer <API_TOKEN>".'
          : 'The bearer token is not valid.',
        { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } },
      );
    }
    await next();
  };
}
