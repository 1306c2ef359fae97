import cluster, { type Worker } from 'node:cluster';
import type { AppLogger } from '../api/logger.js';
import type { Config } from '../config.js';
import { UserFacingError } from '../errors.js';
import { chooseEmbedder } from '../ingest/create-embedder.js';
import { prepareIndex } from './ensure-index.js';
import { startAssistant, type RunningAssistant } from './start-assistant.js';

/*
 * WORKERS=N: one primary process that builds the index if needed, then N server processes sharing
 * the port (node:cluster). Each worker loads the index itself and watches it, so a new index is
 * picked up by every worker; the rate limit and the answer cache are per worker. A worker that dies
 * is replaced; SIGTERM (or SIGINT) drains every worker and the primary exits 0 once all are gone.
 */

/** Messages a worker sends its primary. */
type WorkerMessage = { readonly type: 'ready'; readonly url: string } | { readonly type: 'fatal'; readonly message: string };

const isWorkerMessage = (m: unknown): m is WorkerMessage =>
  typeof m === 'object' && m !== null && ((m as { type?: unknown }).type === 'ready' || (m as { type?: unknown }).type === 'fatal');

export interface PrimaryOptions {
  readonly config: Config;
  readonly log: AppLogger;
  /** Called once, when every worker first listens. */
  readonly onReady: (url: string) => void;
  /** Called when the primary is done: exit with this code. */
  readonly onExit: (code: number) => void;
  /**
   * How long to wait before replacing a worker that died before it was ready (default 1 s), so one that
   * cannot start is not forked again in a tight loop; a worker that was serving is replaced at once.
   */
  readonly replaceDelayMs?: number;
}

/** Runs the primary: prepares the index, forks, replaces crashed workers, drains on SIGTERM/SIGINT. */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const { config, log } = options;
  const textLog = { debug: (msg: string) => log.debug({ msg }), info: (msg: string) => log.info({ msg }), warn: (msg: string) => log.warn({ msg }) };
  // Built once here, so the workers do not race to build it.
  await prepareIndex(config, textLog, await chooseEmbedder(config, textLog));

  const ready = new Set<number>();
  let everyoneReady = false;
  let stopping = false;
  let exitCode = 0;
  const replaceDelayMs = options.replaceDelayMs ?? 1_000;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (!isWorkerMessage(m)) return;
      if (m.type === 'fatal') {
        // A worker that cannot start means none can (bad config, port in use): say it once and stop.
        if (!stopping) {
          process.stderr.write(`${m.message}\n`);
          exitCode = 1;
          stop('a worker could not start');
        }
        return;
      }
      ready.add(worker.id);
      if (!everyoneReady && ready.size >= config.workers) {
        everyoneReady = true;
        options.onReady(m.url);
      } else if (everyoneReady) {
        log.info({ msg: `Worker ${worker.id} (pid ${worker.process.pid}) is serving again` });
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) finish();
      return;
    }
    log.warn({ msg: `Worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); starting a new one`, wasReady });
    setTimeout(() => {
      if (!stopping) fork();
    }, wasReady ? 0 : replaceDelayMs).unref();
  });

  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    void log.flush().then(() => options.onExit(exitCode));
  };
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ msg: `${why}: letting running answers finish in every worker…` });
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) return finish();
    for (const w of workers) w.process.kill('SIGTERM');
    // Workers drain for SHUTDOWN_GRACE_MS; one that hangs past that is killed.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    }, config.timeouts.shutdownGraceMs + 3_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (let i = 0; i < config.workers; i++) fork();
}

/** Runs one worker: serves, tells the primary, drains on SIGTERM/SIGINT or when the primary is gone. */
export async function runWorker(): Promise<void> {
  let assistant: RunningAssistant;
  try {
    assistant = await startAssistant({ logBase: { worker: cluster.worker?.id } });
  } catch (err) {
    const message = err instanceof UserFacingError ? err.message : `Could not start a worker: ${(err as Error).message}`;
    process.send?.({ type: 'fatal', message } satisfies WorkerMessage);
    // Give the message time to leave before the channel closes.
    setTimeout(() => process.exit(1), 100);
    return;
  }
  // This worker's lines are out before the primary prints the ready line (logs are written asynchronously).
  await assistant.log.flush?.();
  process.send?.({ type: 'ready', url: assistant.url } satisfies WorkerMessage);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    assistant.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The primary is gone (killed): nobody will replace or stop this worker, so it stops itself.
  process.on('disconnect', stop);
}
