import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../src/api/logger.js';
import { startAssistant, type RunningAssistant } from '../../src/server/start-assistant.js';
import { NODE_BUNDLE } from '../../scripts/esbuild-node.mjs';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.mjs';

/*
 * Shared by the fault, hostile-input and soak suites and the bench: real assistants on free ports of
 * 127.0.0.1 over throwaway index folders, and the bundled server as a child process.
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Environment for an offline assistant on a free port: no LLM, no rate limit, no logs, no token. */
export const OFFLINE_ENV: Readonly<Record<string, string | undefined>> = Object.freeze({
  PORT: '0',
  HOST: '127.0.0.1',
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'silent',
  EMBEDDER: 'builtin',
  OPENAI_BASE_URL: '',
  OPENAI_API_KEY: '',
  // Unset (a blank API_TOKEN stops the start): an API_TOKEN in the outer environment does not leak in.
  API_TOKEN: undefined,
  DOCUMENT: join(ROOT, 'data', 'statement.zh.txt'),
});

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `cpec-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestAssistant extends RunningAssistant {
  readonly indexDir: string;
  /** Closes the server and removes the temporary index. */
  stop(): Promise<void>;
}

/** Starts a real assistant (offline unless `env` says otherwise) over a temporary index folder. */
export async function startTestAssistant(
  env: Record<string, string> = {},
  options: { log?: Logger; indexDir?: string } = {},
): Promise<TestAssistant> {
  const tmp = options.indexDir === undefined ? tempDir('index') : undefined;
  const indexDir = options.indexDir ?? tmp!.dir;
  const assistant = await startAssistant({
    env: { ...OFFLINE_ENV, INDEX_DIR: indexDir, ...env },
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    ...assistant,
    indexDir,
    async stop() {
      await assistant.close(200);
      tmp?.remove();
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Stack-trace lines or source paths in a response body: an internal detail leaked. */
export function leaksInternals(body: string): boolean {
  return /\n\s+at\s|\bat [\w.<>]+ \(|node:internal|\/work\/|\/home\/|\/src\/[\w/-]+\.[jt]s:\d|file:\/\//.test(body);
}

/**
 * The server bundle to spawn: `dist/server.js` when `preferDist` and it is built, else a fresh private
 * bundle of src/main.ts under test-output/ (the same esbuild options as scripts/build.mjs; `dist/` is
 * left alone because other suites use it, and may be older than the source).
 */
export async function serverBundle(preferDist = false): Promise<string> {
  const dist = join(ROOT, 'dist', 'server.js');
  if (preferDist && existsSync(dist)) return dist;
  // One folder per process: suites run in parallel forks.
  const outdir = join(ROOT, 'test-output', 'ops-server', `main-${process.pid}`);
  const out = join(outdir, 'main.js');
  mkdirSync(outdir, { recursive: true });
  const { build } = await import('esbuild');
  await build({ ...NODE_BUNDLE, entryPoints: { main: join(ROOT, 'src', 'main.ts') }, outdir, splitting: true });
  return out;
}

export interface ServerChild {
  readonly child: ChildProcess;
  readonly url: string;
  /** Milliseconds from spawn to the "open http://…/" line. */
  readonly readyMs: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGKILLs the child if it is still running. */
  kill(): Promise<void>;
}

/** Spawns the bundled server with `env` and waits for its "open http://…/" line. */
export async function spawnServer(
  env: Record<string, string>,
  options: { timeoutMs?: number; script?: string } = {},
): Promise<ServerChild> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const script = options.script ?? (await serverBundle());
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((r) => child.once('exit', (code, signal) => r(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    const check = (): void => {
      const m = /open (http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${out}\n${err}`));
    });
  });
  const readyMs = performance.now() - started;
  return {
    child,
    url,
    readyMs,
    stdout: () => out,
    stderr: () => err,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Resident set size of a process in bytes (`ps`), or undefined when it cannot be read. */
export async function rssOf(pid: number): Promise<number | undefined> {
  const { execFileSync } = await import('node:child_process');
  try {
    const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/** Splits a Server-Sent Events body into events (comments dropped). */
export function sseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0 || event !== undefined) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** POSTs JSON to `/api/ask` and returns status, content type and body text. */
export async function ask(
  url: string,
  body: unknown,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
