import { Hono } from 'hono';
import { startServer } from '../src/api/serve.js';
import { startAssistant } from '../src/server/start-assistant.js';

/*
 * The load bench's target, run as its own process so the load generator does not share its event
 * loop: the offline assistant and a trivial Hono route side by side, in this one process. Prints one
 * JSON line with both URLs, then serves until SIGTERM.
 */
const indexDir = process.argv[2];
if (!indexDir) throw new Error('usage: tsx bench/load-target.ts <INDEX_DIR>');
const env = { PORT: '0', INDEX_DIR: indexDir, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', API_TOKEN: undefined };
// The default configuration (answer cache on), and the same with every answer computed afresh.
const assistant = await startAssistant({ env });
const uncached = await startAssistant({ env: { ...env, ANSWER_CACHE_SIZE: '0' } });
const ping = await startServer(new Hono().get('/ping', (c) => c.text('ok')), { port: 0 });
process.stdout.write(`${JSON.stringify({ assistant: assistant.url, uncached: uncached.url, ping: ping.url })}\n`);
process.once('SIGTERM', () => {
  void Promise.all([assistant.close(500), uncached.close(500), ping.close(500)]).then(() => process.exit(0));
});
