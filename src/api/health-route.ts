import { Hono } from 'hono';
import type { RouteContext } from './context.js';
import type { AppEnv } from './deps.js';
import { STARTING_OUTCOME } from './request-log.js';
import { replyJson } from './respond.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/**
 * `GET /healthz`: 200 `ok` with the paragraph count and the request limits once an index is
 * loaded, 503 `starting` (plus the contract's `error`) before.
 */
export function createHealthRoute(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The page sizes its history and question box from these rather than guessing.
  const limits = { maxQuestionChars: ctx.config.maxQuestionChars, maxHistoryTurns: ctx.config.maxHistoryTurns };
  app.get('/healthz', (c) => {
    const state = ctx.getState();
    const info = ctx.health();
    if (state === null) {
      c.get('logFields')['outcome'] = STARTING_OUTCOME;
      // Every non-2xx body carries the contract's `error`, the health fields stay for monitors.
      const error = { code: 'index_not_ready', message: 'The index is not built yet; try again shortly.' } as const;
      return replyJson(c, { ...info, status: 'starting', paragraphs: 0, limits, error }, 503, NO_STORE);
    }
    return replyJson(c, { ...info, status: 'ok', paragraphs: state.statement.paragraphs.length, limits }, 200, NO_STORE);
  });
  return app;
}
