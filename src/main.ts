import cluster from 'node:cluster';
import { loadConfig, readArgs, type Config } from './config.js';
import { describeFatal } from './errors.js';
import { runPrimary, runWorker } from './server/cluster.js';
import { createAppLogger, startAssistant } from './server/start-assistant.js';

// The entry point of `npm start` (node dist/server.js): serve the web chat and the API.

const HELP = `Usage: npm start            (builds, then runs node dist/server.js)
       npm start -- --help

Serves the web chat and the HTTP API for the statement in DOCUMENT, building the index in INDEX_DIR
first when it is missing or stale. Settings are environment variables (see the README, "Configuration"):

  PORT, HOST                 where to listen (3000, 127.0.0.1)
  WORKERS                    server processes: 1, a number, or auto (one per core)
  DOCUMENT, INDEX_DIR        the statement and its index (data/statement.zh.txt, index)
  EMBEDDER, MODELS_DIR       auto | builtin | transformers; where local models live
  OPENAI_BASE_URL, OPENAI_API_KEY, LLM_MODEL   written answers from an OpenAI-compatible model
  API_TOKEN                  require "Authorization: Bearer <token>" on /api and /v1 (16+ characters)
  LOG_LEVEL, LOG_FORMAT      debug | info | warn | error | silent; auto | json | pretty

SIGTERM or Ctrl+C lets running answers finish (SHUTDOWN_GRACE_MS), then exits 0.
`;

function readyLine(url: string, config: Config): string {
  const mode = config.llm ? `answers by ${config.llm.model}` : 'offline answers from the statement';
  const workers = config.workers > 1 ? `; ${config.workers} worker processes` : '';
  return `\nThe assistant is ready: open ${url}/ (${mode}${workers})\n\n`;
}

const debug = process.env['LOG_LEVEL'] === 'debug';

try {
  if (cluster.isWorker) {
    await runWorker();
  } else {
    const { values } = readArgs(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } }, 'npm start');
    if (values.help) {
      process.stdout.write(HELP);
      process.exit(0);
    }
    const config = loadConfig();
    if (config.workers > 1) {
      const log = createAppLogger(config);
      await runPrimary({
        config,
        log,
        onReady: (url) => void log.flush().then(() => process.stdout.write(readyLine(url, config))),
        onExit: (code) => process.exit(code),
      });
    } else {
      const assistant = await startAssistant();
      // Log lines are written asynchronously: they go first, the ready line last.
      await assistant.log.flush?.();
      process.stdout.write(readyLine(assistant.url, assistant.config));
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`${signal}: letting running answers finish…\n`);
        assistant.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    }
  }
} catch (err) {
  process.stderr.write(`${describeFatal(err, { debug })}\n`);
  process.exit(1);
}
