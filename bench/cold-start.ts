import { spawn, type ChildProcess } from 'node:child_process';
import { closedPort } from '../tests/helpers/ops-harness.js';
import { SERVER_NODE_FLAGS } from '../scripts/node-flags.mjs';

export interface StartedServer {
  /** Milliseconds from spawn to the first `/healthz` with status ok. */
  readonly ms: number;
  readonly pid: number;
  readonly url: string;
  /** SIGTERM, then SIGKILL after the grace period; resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

export interface ColdStartOptions {
  readonly cwd?: string;
  /** How long the server may take to answer `/healthz` with status ok (default 30 s). */
  readonly readyWithinMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL (default 5 s). */
  readonly stopGraceMs?: number;
}

// Servers still running when the bench exits, whatever the reason (an uncaught error, process.exit):
// killed on the way out, so no measurement leaves one behind.
const running = new Set<ChildProcess>();
let exitHook = false;

/**
 * Spawns `node <script>` on a free port of 127.0.0.1 (PORT is set) and times it until `/healthz`
 * answers with status ok. If the server exits first, or is not ready in time, or anything else goes
 * wrong while waiting, it is stopped (SIGKILL if SIGTERM is not enough) before the error is thrown.
 */
export async function coldStart(script: string, env: NodeJS.ProcessEnv, options: ColdStartOptions = {}): Promise<StartedServer> {
  const readyWithinMs = options.readyWithinMs ?? 30_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], { cwd: options.cwd, env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  running.add(child);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    const done = (code: number | null): void => {
      running.delete(child);
      exitCode = code;
      resolve(code);
    };
    child.once('exit', (code) => done(code));
    // A process that could not be spawned emits 'error' and no 'exit'.
    child.once('error', () => done(null));
  });
  const stop = async (): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode} before it was ready`);
      const left = readyWithinMs - (performance.now() - started);
      if (left <= 0) throw new Error(`the server did not become ready in ${(readyWithinMs / 1000).toFixed(1)} s`);
      try {
        // A server that accepts but never answers must not stall the loop past the deadline.
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(Math.max(50, Math.min(1_000, left))) });
        if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') break;
      } catch {
        // Not listening (or not answering) yet.
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { ms: performance.now() - started, pid: child.pid!, url, stop };
}
