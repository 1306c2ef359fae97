import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../digest.js';
import { HttpError } from './http-error.js';
import { headerOf } from './request-info.js';
import type { Step } from './step.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Requires `Authorization: Bearer <token>`. 401 with code `invalid_request` and a
 * `WWW-Authenticate` header. Compared through fixed-length digests so timing reveals nothing about
 * the token.
 */
export function bearerToken(token: string): Step {
  const expected = sha256(token);
  return function bearerTokenStep(c, next) {
    const match = BEARER.exec(headerOf(c, 'authorization') ?? '');
    if (match === null || !timingSafeEqual(sha256(match[1] ?? ''), expected)) {
      throw new HttpError(
        'invalid_request',
        match === null
          ? 'Authentication required: send the header "Authorization: Bearer <API_TOKEN>".'
          : 'The bearer token is not valid.',
        { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } },
      );
    }
    return next();
  };
}
