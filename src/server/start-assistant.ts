import { existsSync, unwatchFile, watchFile } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withAnswerCache } from '../answer/answer-cache.js';
import { createAnswerer, type AnswerLog } from '../answer/create-answerer.js';
import { createExtractiveAnswerer } from '../answer/extractive.js';
import { createLlmClient } from '../answer/llm-client.js';
import { createApp } from '../api/create-app.js';
import type { AppState } from '../api/deps.js';
import { createLogger, resolveLogFormat, type AppLogger, type Logger } from '../api/logger.js';
import { startServer } from '../api/serve.js';
import { loadConfig, type Config } from '../config.js';
import { IndexError } from '../errors.js';
import type { EmbedderChoice } from '../ingest/create-embedder.js';
import { loadIndex, type Manifest } from '../ingest/index-store.js';
import { createLexicon } from '../text/lexicon.js';
import { createRetriever } from '../retrieve/create-retriever.js';
import { ensureIndex, queryEmbedderFor, type ReadyIndex } from './ensure-index.js';
import { createSerialRunner } from './serial-runner.js';

export interface StartAssistantOptions {
  /** Overrides on top of process.env (tests pass INDEX_DIR, PORT=0, …). */
  readonly env?: Record<string, string | undefined>;
  readonly log?: Logger;
  /** Fields on every log line of the default logger (a cluster worker adds its id). */
  readonly logBase?: Record<string, unknown>;
  /** Reads the index on a reload (default: loadIndex); tests wrap it to watch the loads. */
  readonly loadIndex?: typeof loadIndex;
}

export interface RunningAssistant {
  readonly url: string;
  readonly port: number;
  readonly config: Config;
  /** The log it writes to: flush it before printing to the terminal yourself. */
  readonly log: Logger & Partial<Pick<AppLogger, 'flush'>>;
  /** Loads the current index from disk again and swaps it in for new requests. */
  reload(): Promise<void>;
  close(graceMs?: number): Promise<void>;
}

/** The project root: the nearest folder above this file that holds package.json. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The logger a configuration asks for: its level and format, with the configured secrets masked. */
export function createAppLogger(config: Config, base?: Record<string, unknown>): AppLogger {
  return createLogger({
    level: config.logLevel,
    format: resolveLogFormat(config.logFormat),
    secrets: [config.apiToken, config.llm?.apiKey],
    base,
  });
}

/** The answerer's log lines at their own level: per-request detail stays at debug, a failure is an error. */
export function answerLogOf(log: Logger): AnswerLog {
  return (level, msg, details) => log[level]({ msg, ...details });
}

/** Wires the real parts (index, retriever, answerer, LLM client) into one consistent state. */
export function createState(ready: Pick<ReadyIndex, 'index' | 'queryEmbedder'>, config: Config, log: Logger): AppState {
  const { index } = ready;
  const lexicon = createLexicon(index.lexicon);
  const retriever = createRetriever({ index, embedder: ready.queryEmbedder });
  const extractive = createExtractiveAnswerer({ context: retriever.context });
  const llm = config.llm ? createLlmClient(config.llm) : null;
  const answerer = createAnswerer({
    retriever,
    statement: index.statement,
    extractive,
    llm,
    lexicon,
    maxQuestionChars: config.maxQuestionChars,
    log: answerLogOf(log),
  });
  // The cache belongs to this state: a new index brings a new, empty cache.
  return {
    statement: index.statement,
    answerer: withAnswerCache(answerer, { maxEntries: config.answerCacheSize, maxBytes: config.answerCacheBytes }),
  };
}

/**
 * Starts the assistant: serves at once (`/healthz` says `starting` and answers get 503 until the index
 * is ready), builds the index when missing or stale, then swaps it in. A new index written by
 * `npm run ingest` while serving is picked up within a few seconds.
 */
export async function startAssistant(options: StartAssistantOptions = {}): Promise<RunningAssistant> {
  const config = loadConfig({ ...process.env, ...options.env });
  const log: Logger & Partial<Pick<AppLogger, 'flush'>> = options.log ?? createAppLogger(config, options.logBase);
  // Index building and model loading speak in sentences; their progress is detail (debug).
  const textLog = {
    debug: (msg: string) => log.debug({ msg }),
    info: (msg: string) => log.info({ msg }),
    warn: (msg: string) => log.warn({ msg }),
  };

  let state: AppState | null = null;
  let choice: EmbedderChoice | undefined;
  let manifest: Manifest | undefined;
  const webRoot = resolve(projectRoot(), 'dist', 'web');
  const app = createApp({
    config,
    getState: () => state,
    health: () => ({
      embedder: choice?.id ?? 'loading',
      embedderNotice: choice?.kind === 'builtin' ? choice.notice : undefined,
      llm: config.llm?.model ?? null,
      mode: config.llm ? 'llm' : 'extractive',
      indexBuiltAt: manifest?.builtAt ?? null,
    }),
    webRoot: existsSync(join(webRoot, 'index.html')) ? webRoot : undefined,
    log,
  });
  const server = await startServer(app, {
    port: config.port,
    host: config.host,
    log,
    timeouts: { headersMs: config.timeouts.headersMs, bodyMs: config.timeouts.bodyMs, keepAliveMs: config.timeouts.keepAliveMs },
  });

  try {
    const ready = await ensureIndex(config, textLog);
    choice = ready.choice;
    manifest = ready.index.manifest;
    state = createState(ready, config, log);
    const paragraphs = ready.index.statement.paragraphs.length;
    log.info({
      msg: `Serving ${paragraphs} paragraphs (embedder ${choice.id}; ${config.llm ? `answers by ${config.llm.model}` : 'offline answers'})`,
      event: 'ready',
      url: server.url,
      paragraphs,
      embedder: choice.id,
      llm: config.llm?.model ?? null,
    });
  } catch (err) {
    await server.close(0);
    throw err;
  }

  const readIndex = options.loadIndex ?? loadIndex;
  const reloadOnce = async (): Promise<void> => {
    if (!choice) return;
    // Read in steps off the event loop, every file checked first: a bad index is refused, never a stall.
    const index = await readIndex(config.indexDir);
    if (index.manifest.builtAt === manifest?.builtAt) return;
    // Questions are embedded by this process's embedder: an index built by another cannot be searched with it.
    if (index.manifest.embedder.id !== choice.id) {
      throw new IndexError(`The new index was built with ${index.manifest.embedder.id}, this server embeds with ${choice.id}; restart it to switch.`);
    }
    // Built in full before the swap: a request sees the old state or the new one, never a mix.
    const next = createState({ index, queryEmbedder: queryEmbedderFor(index, choice) }, config, log);
    state = next;
    manifest = index.manifest;
    log.info({ msg: 'index reloaded', builtAt: index.manifest.builtAt });
  };
  // The file watcher and callers of reload() may fire together: two loads at once would both swap, the
  // slower (perhaps older) index last. One load at a time; one more after it catches what changed meanwhile.
  const reload = createSerialRunner(reloadOnce);
  const pointer = join(config.indexDir, 'current.json');
  const onChange = (): void => {
    reload().catch((err: unknown) => log.warn({ msg: `Index reload failed, keeping the current one: ${(err as Error).message}` }));
  };
  watchFile(pointer, { interval: 1000, persistent: false }, onChange);

  return {
    url: server.url,
    port: server.port,
    config,
    reload,
    log,
    async close(graceMs: number = config.timeouts.shutdownGraceMs) {
      unwatchFile(pointer, onChange);
      await server.close(graceMs);
      await log.flush?.();
    },
  };
}
