import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coldStart } from '../../bench/cold-start.js';
import { tempDir } from '../helpers/ops-harness.js';

/*
 * The bench's cold start: whatever happens while it waits for /healthz, the server it spawned is
 * gone when the call returns or throws. Small made-up servers stand in for dist/server.js.
 */

const work = tempDir('cold-start');
afterAll(() => work.remove());

/** A script that writes its pid to `<name>.pid`, then runs `body`. */
function script(name: string, body: string): { path: string; pid: () => number } {
  const path = join(work.dir, `${name}.mjs`);
  const pidFile = join(work.dir, `${name}.pid`);
  writeFileSync(path, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\n${body}\n`);
  return { path, pid: () => Number(readFileSync(pidFile, 'utf8')) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const HEALTHY = `import { createServer } from 'node:http';
createServer((req, res) => res.end(JSON.stringify({ status: 'ok' }))).listen(Number(process.env.PORT), '127.0.0.1');`;

describe('coldStart', () => {
  it('times a server until /healthz says ok, and stop() ends it', async () => {
    const s = script('healthy', HEALTHY);
    const server = await coldStart(s.path, process.env);
    expect(server.ms).toBeGreaterThan(0);
    expect(server.pid).toBe(s.pid());
    expect(((await (await fetch(`${server.url}/healthz`)).json()) as { status: string }).status).toBe('ok');
    await server.stop();
    expect(alive(server.pid)).toBe(false);
  });

  it('a server that never becomes ready is killed before the timeout is reported', async () => {
    const s = script('never-ready', 'setInterval(() => {}, 1000);');
    await expect(coldStart(s.path, process.env, { readyWithinMs: 800 })).rejects.toThrow(/did not become ready in 0\.8 s/);
    expect(existsSync(join(work.dir, 'never-ready.pid'))).toBe(true);
    expect(alive(s.pid())).toBe(false);
  });

  it('one that accepts but never answers, and ignores SIGTERM, is SIGKILLed', async () => {
    const s = script(
      'stuck',
      `import { createServer } from 'node:http';
process.on('SIGTERM', () => {});
createServer(() => {}).listen(Number(process.env.PORT), '127.0.0.1');`,
    );
    const started = performance.now();
    await expect(coldStart(s.path, process.env, { readyWithinMs: 800, stopGraceMs: 300 })).rejects.toThrow(/did not become ready/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(alive(s.pid())).toBe(false);
  });

  it('a server that exits before it is ready: the exit code, and nothing left running', async () => {
    const s = script('exits', 'process.exit(3);');
    await expect(coldStart(s.path, process.env)).rejects.toThrow(/exited with 3 before it was ready/);
    expect(alive(s.pid())).toBe(false);
  });
});
