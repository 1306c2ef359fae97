import { Hono } from 'hono';
import type { RouteContext } from './context.js';
import type { AppEnv } from './deps.js';

/** `GET /healthz`: 200 `ok` with the paragraph count once an index is loaded, 503 `starting` before. */
export function createHealthRoute(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => {
    const state = ctx.getState();
    const info = ctx.health();
    c.header('Cache-Control', 'no-store');
    if (state === null) return c.json({ ...info, status: 'starting', paragraphs: 0 }, 503);
    return c.json({ ...info, status: 'ok', paragraphs: state.statement.paragraphs.length });
  });
  return app;
}
