import { Hono } from 'hono';
import type { RouteContext } from './context.js';
import type { AppEnv } from './deps.js';

/**
 * `GET /healthz`: 200 `ok` with the paragraph count and the request limits once an index is
 * loaded, 503 `starting` (plus the contract's `error`) before.
 */
export function createHealthRoute(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => {
    const state = ctx.getState();
    const info = ctx.health();
    // The page sizes its history and question box from these rather than guessing.
    const limits = { maxQuestionChars: ctx.config.maxQuestionChars, maxHistoryTurns: ctx.config.maxHistoryTurns };
    c.header('Cache-Control', 'no-store');
    if (state === null) {
      // Every non-2xx body carries the contract's `error`, the health fields stay for monitors.
      const error = { code: 'index_not_ready', message: 'The index is not built yet; try again shortly.' } as const;
      return c.json({ ...info, status: 'starting', paragraphs: 0, limits, error }, 503);
    }
    return c.json({ ...info, status: 'ok', paragraphs: state.statement.paragraphs.length, limits });
  });
  return app;
}
