import type { Logger } from './logger.js';
import { after, type Step } from './step.js';

/** Paths of the API proper; everything else is the page and its files. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/v1/') || path === '/healthz';
}

/** The `outcome` of a request answered 503 because the index is still being built at start-up. */
export const STARTING_OUTCOME = 'starting';

/**
 * One log entry per request: method, path (no query string), status, duration in ms and whatever the
 * handler added (`mode`, `outcome`, `streamed`, `cached`). Streams are logged when they end. API
 * requests log at info (warn for 4xx), the page's files at debug; 5xx are errors everywhere, except a
 * 503 while the index is still being built at start-up: nothing failed, so it is a warning, and for
 * `/healthz`, the readiness probe saying "not yet" as it is meant to, info. Headers and bodies are never
 * logged, so tokens and questions stay out of the logs.
 */
export function requestLog(log: Logger, clock: () => number = performance.now.bind(performance)): Step {
  return function requestLogStep(c, next) {
    const start = clock();
    const fields: Record<string, unknown> = {};
    c.set('logFields', fields);
    c.set('streamDone', undefined);
    return after(next(), (res) => {
      const write = (): void => {
        const status = res.status;
        const path = c.req.path;
        const entry = {
          msg: 'request',
          method: c.req.method,
          path,
          status,
          ms: Math.round((clock() - start) * 10) / 10,
          requestId: c.get('requestId'),
          ...fields,
        };
        const starting = fields['outcome'] === STARTING_OUTCOME;
        if (status >= 500 && !starting) log.error(entry);
        else if (!isApiPath(path)) log.debug(entry);
        else if (status >= 400 && !(starting && path === '/healthz')) log.warn(entry);
        else log.info(entry);
      };
      const streamDone = c.get('streamDone');
      if (streamDone === undefined) write();
      else void streamDone.then(write);
      return res;
    });
  };
}
