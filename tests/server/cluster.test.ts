import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.mjs';
import { ROOT, spawnServer, tempDir, type ServerChild } from '../helpers/ops-harness.js';

/*
 * WORKERS=2: the built server runs a primary and two workers on one port. A killed worker is replaced,
 * a new index reaches every worker, and SIGTERM drains them all and exits 0.
 */

const workersOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const get = async (url: string): Promise<{ status: number; text: string }> => {
  // A fresh connection each time: the primary hands each new connection to the next worker.
  const res = await fetch(url, { headers: { connection: 'close' } });
  return { status: res.status, text: await res.text() };
};

describe('WORKERS=2', () => {
  const work = tempDir('cluster');
  const document = join(work.dir, 'statement.txt');
  let server: ServerChild;

  beforeAll(async () => {
    writeFileSync(document, readFileSync(join(ROOT, 'data', 'statement.zh.txt'), 'utf8'));
    server = await spawnServer({ WORKERS: '2', INDEX_DIR: join(work.dir, 'index'), DOCUMENT: document, LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, { timeoutMs: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await server?.kill();
    for (const pid of workersOf(server?.child.pid ?? 0)) process.kill(pid, 'SIGKILL');
    work.remove();
  });

  it('serves from two worker processes, and says so once, last', async () => {
    expect(workersOf(server.child.pid!)).toHaveLength(2);
    expect(server.stdout()).toMatch(/The assistant is ready: open http:\/\/127\.0\.0\.1:\d+\/ \(offline answers from the statement; 2 worker processes\)\n\n$/);
    expect(server.stdout().match(/The assistant is ready/g)).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect((await get(`${server.url}/api/paragraphs/7`)).status).toBe(200);
  });

  it('runs every worker with the Node flags of npm start', () => {
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start'];
    expect(start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} dist/server.js`);
    for (const pid of [server.child.pid!, ...workersOf(server.child.pid!)]) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      for (const flag of SERVER_NODE_FLAGS) expect(argv).toContain(flag);
    }
  });

  it('replaces a killed worker, and keeps serving', async () => {
    const [victim, other] = workersOf(server.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await waitFor('a replacement worker', () => {
      const now = workersOf(server.child.pid!);
      return now.length === 2 && !now.includes(victim!) && now.includes(other!);
    });
    await waitFor('the replacement to serve', () => server.stdout().includes('is serving again'));
    for (let i = 0; i < 6; i++) expect((await get(`${server.url}/healthz`)).status).toBe(200);
    expect(server.stdout()).toMatch(/exited \(SIGKILL\); starting a new one/);
  });

  it('a new index reaches every worker', async () => {
    writeFileSync(document, readFileSync(document, 'utf8').replaceAll('双方', '中巴双方'));
    const ingest = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/ingest/cli.ts', document], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: join(work.dir, 'index'), EMBEDDER: 'builtin' },
      stdio: 'ignore',
    });
    expect(await new Promise((r) => ingest.once('exit', r))).toBe(0);
    // Ten requests in a row on fresh connections (round-robin over both workers) all see the new text.
    await waitFor('every worker to reload', async () => {
      for (let i = 0; i < 10; i++) if (!(await get(`${server.url}/api/paragraphs/7`)).text.includes('中巴双方')) return false;
      return true;
    }, 20_000);
  }, 40_000);

  it('SIGTERM drains every worker and exits 0', async () => {
    const workers = workersOf(server.child.pid!);
    expect(workers).toHaveLength(2);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of workers) expect(alive(pid)).toBe(false);
    expect(server.stderr()).not.toMatch(/\n\s+at /);
  });
});
