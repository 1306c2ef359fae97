import type { Context } from 'hono';
import type { AppEnv } from './deps.js';

/*
 * Responses with plain-object headers. @hono/node-server writes a Response whose headers are a plain
 * object straight to the socket; a `Headers` object (what `c.json()` builds as soon as a middleware
 * has set a header) is converted, sorted and copied first. The request's head (request id and
 * security headers, set up once by `responseHead`) is merged here, in one place.
 */

export const JSON_TYPE = 'application/json';

const withHead = new WeakSet<Response>();

/** True for responses built by `reply`: they already carry the request's head. */
export function hasHead(res: Response): boolean {
  return withHead.has(res);
}

/** A response carrying the request's head, `content-type` and any `extra` headers. */
export function reply(
  c: Context<AppEnv>,
  status: number,
  body: string | null,
  contentType: string,
  extra?: Readonly<Record<string, string>>,
): Response {
  // The head is this request's own object (see responseHead), so it is filled in place.
  const headers: Record<string, string> = c.get('head') ?? {};
  headers['content-type'] = contentType;
  if (extra !== undefined) for (const key in extra) headers[key.toLowerCase()] = extra[key]!;
  const res = new Response(body, { status, headers });
  withHead.add(res);
  return res;
}

/**
 * Sets a response header for this request, whoever builds the response: `reply` sends it, and
 * `responseHead` copies it onto responses built elsewhere (`c.json`, streams).
 */
export function setHeader(c: Context<AppEnv>, name: string, value: string): void {
  const head = c.get('head');
  if (head === undefined) c.header(name, value);
  else head[name.toLowerCase()] = value;
}

const serialised = new WeakMap<object, string>();

/**
 * The JSON of `build()` (by default of `key` itself), remembered for the object `key`: an answer
 * served from the cache, a paragraph or the statement is serialised once, however often it is sent.
 * Only for objects never changed after they are first sent.
 */
export function jsonOnce(key: object, build: () => unknown = () => key): string {
  let text = serialised.get(key);
  if (text === undefined) {
    text = JSON.stringify(build());
    serialised.set(key, text);
  }
  return text;
}

/** A JSON response: `value` serialised as it is, or a string already serialised. */
export function replyJson(
  c: Context<AppEnv>,
  value: unknown,
  status = 200,
  extra?: Readonly<Record<string, string>>,
): Response {
  return reply(c, status, typeof value === 'string' ? value : JSON.stringify(value), JSON_TYPE, extra);
}
