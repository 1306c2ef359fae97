import { join } from 'node:path';
import { Hono } from 'hono';
import { apiLayers, createErrorResponder, mountLayers, routeThrough } from '../src/api/create-app.js';
import { AppError } from '../src/errors.js';
import { resolveContext } from '../src/api/context.js';
import type { AppEnv } from '../src/api/deps.js';
import { batchedDestination, createLogger } from '../src/api/logger.js';
import { JSON_TYPE, reply } from '../src/api/respond.js';
import { startServer } from '../src/api/serve.js';
import { loadConfig } from '../src/config.js';
import { startAssistant } from '../src/server/start-assistant.js';

/*
 * The load bench's target, run as its own process so the load generator does not share its event
 * loop. In this one process: a bare Hono route (the ceiling); the same small route behind the app's
 * middleware added one layer at a time (exactly the layers createApp mounts, in its order); and the
 * assistant itself, answer cache on and off. Everything logs at info, as `npm start` does, to a file
 * (written asynchronously, as stdout is). Prints one JSON line with the URLs, then serves until SIGTERM.
 *
 * Every layer does its real work: the rate limit is set high enough never to refuse (1e9 a minute) but
 * keeps its books for every request, and the bearer-token layer checks the token the bench sends.
 */
const indexDir = process.argv[2];
const logDir = process.argv[3];
if (!indexDir || !logDir) throw new Error('usage: tsx bench/load-target.ts <INDEX_DIR> <LOG_DIR>');

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
const env = {
  PORT: '0',
  INDEX_DIR: indexDir,
  RATE_LIMIT_PER_MINUTE: '1000000000',
  LOG_LEVEL: 'info',
  OPENAI_BASE_URL: '',
  OPENAI_API_KEY: '',
  API_TOKEN: undefined,
};
const log = createLogger({ level: 'info', destination: batchedDestination(join(logDir, 'requests.log'), { mkdir: true }) });

// The default configuration (answer cache on), and the same with every answer computed afresh.
const assistant = await startAssistant({ env, log });
const uncached = await startAssistant({ env: { ...env, ANSWER_CACHE_SIZE: '0' }, log });

const bare = await startServer(new Hono().get('/ping', (c) => c.text('ok')), { port: 0 });

// The request path of createApp with a token configured, so the token layer is among them.
const config = loadConfig({ ...env, API_TOKEN: BENCH_TOKEN });
const ctx = resolveContext({ config, getState: () => null, health: () => ({ embedder: '', llm: null }), log });
const layers = apiLayers(ctx, {});
const layered: { name: string; url: string }[] = [];
for (let k = 0; k <= layers.length; k++) {
  const app = new Hono<AppEnv>();
  const ping = new Hono<AppEnv>().get('/api/ping', (c) => reply(c, 200, '{"ok":true}', JSON_TYPE));
  const errorResponse = createErrorResponder(log);
  routeThrough(app, mountLayers(layers.slice(0, k)), [ping], {
    onError: errorResponse,
    fallback: (c) => errorResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)),
  });
  app.onError((err, c) => errorResponse(c, err));
  const server = await startServer(app, { port: 0 });
  layered.push({ name: k === 0 ? 'no middleware' : `+ ${layers[k - 1]!.name}`, url: server.url });
}

process.stdout.write(`${JSON.stringify({ assistant: assistant.url, uncached: uncached.url, bare: bare.url, layered, token: BENCH_TOKEN })}\n`);
process.once('SIGTERM', () => {
  void Promise.all([assistant.close(500), uncached.close(500), bare.close(500)]).then(() => process.exit(0));
});
