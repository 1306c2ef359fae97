import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { startStubOpenAiServer, textChunks, type StubOpenAiServer } from '../helpers/stub-openai-server.js';
import { OFFLINE_ENV, ROOT, closedPort, serverBundle, spawnServer, sseEvents, tempDir, type ServerChild } from '../helpers/ops-harness.js';

/*
 * deploy/nginx in front of two real instances (the bundled server, on free ports of 127.0.0.1):
 * Debian's nginx runs the repository's configuration unprivileged, from a temporary prefix, with
 * only the upstream ports and the listen port rewritten. JSON and streamed answers go through it,
 * the stream arrives as it is written (not buffered), and stopping one instance (SIGTERM) in the
 * middle of a load of both kinds fails no request.
 */

const NGINX = '/usr/sbin/nginx';
const hasNginx = existsSync(NGINX);
if (!hasNginx) {
  // Said once, plainly: CI installs nginx (.ci/run); a developer machine may not have it.
  process.stderr.write(`tests/deploy/nginx.test.ts: SKIPPED, ${NGINX} not found (apt-get install nginx to run the balancer test)\n`);
}

const ANSWER = '双方同意加快推进瓜达尔港配套设施建设[7]。双方满意地回顾了瓜达尔港新国际机场等项目进展[7]。';

interface Reply {
  status: number;
  text: string;
  firstDeltaMs?: number;
  doneMs?: number;
}

async function ask(base: string, stream: boolean, question = '瓜达尔港有哪些项目？'): Promise<Reply> {
  const started = performance.now();
  const res = await fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
    body: JSON.stringify({ question, stream }),
    signal: AbortSignal.timeout(20_000),
  });
  const reply: Reply = { status: res.status, text: '' };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reply.text += decoder.decode(value, { stream: true });
    if (reply.firstDeltaMs === undefined && reply.text.includes('event: delta')) reply.firstDeltaMs = performance.now() - started;
  }
  reply.doneMs = performance.now() - started;
  return reply;
}

/** True when a reply is a whole, successful answer: JSON with citations, or a stream ending in `done`. */
function complete(reply: Reply, stream: boolean): boolean {
  if (reply.status !== 200) return false;
  if (!stream) return (JSON.parse(reply.text) as { citations?: unknown[] }).citations !== undefined;
  return sseEvents(reply.text).at(-1)?.event === 'done';
}

describe.skipIf(!hasNginx)('deploy/nginx: two instances behind nginx', () => {
  const work = tempDir('nginx');
  const index = join(work.dir, 'index');
  let stub: StubOpenAiServer;
  let a: ServerChild;
  let b: ServerChild;
  let nginx: ChildProcess;
  let nginxExited: Promise<number | null>;
  let base = '';

  beforeAll(async () => {
    await ensureIndex(loadConfig({ ...OFFLINE_ENV, INDEX_DIR: index }), { info() {}, warn() {} });
    // A model that streams in small steps: an unbuffered proxy passes the first one on long before the last.
    stub = await startStubOpenAiServer({ chunkDelayMs: 40, defaultReply: { type: 'stream', chunks: textChunks(ANSWER, 8) } });
    const script = await serverBundle();
    const [portA, portB, portNginx] = [await closedPort(), await closedPort(), await closedPort()];
    const env = (port: number) => ({
      PORT: String(port),
      INDEX_DIR: index,
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: 'sk-test-key-for-the-stub',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    });
    [a, b] = await Promise.all([spawnServer(env(portA), { script }), spawnServer(env(portB), { script })]);

    // The repository's configuration, as shipped, with this run's ports.
    const prefix = join(work.dir, 'nginx');
    mkdirSync(join(prefix, 'tmp'), { recursive: true });
    // nginx's workers may run as another user (when the test runs as root): they must reach the prefix.
    chmodSync(work.dir, 0o755);
    chmodSync(prefix, 0o755);
    chmodSync(join(prefix, 'tmp'), 0o777);
    const site = readFileSync(join(ROOT, 'deploy', 'nginx', 'cpec-assistant.conf'), 'utf8');
    const ports = [portA, portB];
    const rewritten = site
      .replace(/server 127\.0\.0\.1:\d+ /g, () => `server 127.0.0.1:${ports.shift()!} `)
      .replace(/listen 8080;/, `listen 127.0.0.1:${portNginx};`);
    expect(ports).toHaveLength(0);
    writeFileSync(join(prefix, 'cpec-assistant.conf'), rewritten);
    writeFileSync(join(prefix, 'nginx.conf'), readFileSync(join(ROOT, 'deploy', 'nginx', 'nginx.conf'), 'utf8').replace('worker_processes auto;', 'worker_processes 1;'));
    const check = spawn(NGINX, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let checkOut = '';
    check.stderr!.on('data', (d: Buffer) => (checkOut += d.toString()));
    expect(await new Promise<number | null>((r) => check.once('exit', r)), checkOut).toBe(0);

    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginxExited = new Promise((r) => nginx.once('exit', (code) => r(code)));
    base = `http://127.0.0.1:${portNginx}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || nginx.exitCode !== null) throw new Error(`nginx did not come up: ${readFileSync(join(prefix, 'error.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await nginxExited;
    }
    await a?.kill();
    await b?.kill();
    await stub?.close();
    work.remove();
  });

  it('balances JSON answers over both instances, with the request id and security headers passed through', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, () => ask(base, false)));
    for (const r of replies) expect(complete(r, false), r.text.slice(0, 300)).toBe(true);
    const served = (child: ServerChild) => child.stdout().split('\n').filter((l) => l.includes('"msg":"request"') && l.includes('/api/ask')).length;
    // Request lines are written in batches, at most 100 ms after the request.
    for (const end = Date.now() + 3_000; (served(a) === 0 || served(b) === 0) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    expect(served(a)).toBeGreaterThan(0);
    expect(served(b)).toBeGreaterThan(0);
    const res = await fetch(`${base}/api/paragraphs/7`);
    expect(res.status).toBe(200);
    // nginx's $request_id reaches the instance and comes back.
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('streams answers through unbuffered: the first delta arrives well before the end', async () => {
    const reply = await ask(base, true);
    expect(complete(reply, true)).toBe(true);
    const events = sseEvents(reply.text).map((e) => e.event);
    expect(events[0]).toBe('retrieved');
    expect(events.filter((e) => e === 'delta').length).toBeGreaterThan(2);
    // 8 chunks 40 ms apart: a buffering proxy would hand everything over at the end.
    expect(reply.doneMs! - reply.firstDeltaMs!).toBeGreaterThan(150);
  });

  it('one instance stopped (SIGTERM) in the middle of a load: zero failed requests', async () => {
    const results: { ok: boolean; stream: boolean; status: number; text: string }[] = [];
    let stop = false;
    const client = async (i: number): Promise<void> => {
      for (let n = 0; !stop; n++) {
        const stream = (i + n) % 2 === 0;
        const reply = await ask(base, stream).catch((err: unknown) => ({ status: 0, text: String(err) }) as Reply);
        results.push({ ok: complete(reply, stream), stream, status: reply.status, text: reply.text.slice(0, 200) });
      }
    };
    const clients = Array.from({ length: 6 }, (_, i) => client(i));
    await new Promise((r) => setTimeout(r, 1_000));
    a.child.kill('SIGTERM');
    const exitCode = await a.exited;
    // Keep going on the remaining instance for a while.
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await Promise.all(clients);

    const failed = results.filter((r) => !r.ok);
    expect(failed, JSON.stringify(failed.slice(0, 3))).toHaveLength(0);
    expect(results.length).toBeGreaterThan(30);
    expect(results.filter((r) => r.stream).length).toBeGreaterThan(10);
    expect(exitCode).toBe(0);
    // The survivor answers alone now.
    const after = await ask(base, false);
    expect(complete(after, false)).toBe(true);
  }, 30_000);
});
