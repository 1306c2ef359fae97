import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './deps.js';
import type { Logger } from './logger.js';

/**
 * One JSON log line per request: method, path (no query string), status, duration and whatever
 * the handler added (`mode`, `outcome`, `streamed`). Streams are logged when they end. Headers
 * and bodies are never logged, so tokens and questions stay out of the logs.
 */
export function requestLog(log: Logger, now: () => number): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const start = now();
    const fields: Record<string, unknown> = {};
    c.set('logFields', fields);
    c.set('streamDone', undefined);
    await next();
    const write = (): void => {
      const status = c.res.status;
      const entry = {
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round((now() - start) * 10) / 10,
        requestId: c.get('requestId'),
        ...fields,
      };
      if (status >= 500) log.error(entry);
      else if (status >= 400) log.warn(entry);
      else log.info(entry);
    };
    const streamDone = c.get('streamDone');
    if (streamDone === undefined) write();
    else void streamDone.then(write);
  };
}
