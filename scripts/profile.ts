import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { describeFatal } from '../src/errors.js';
import { SERVER_NODE_FLAGS } from './node-flags.mjs';
import { newQuestionRequests, newQuestions } from '../bench/new-questions.js';
import { parseProfileArgs, profileServerEnv, type ProfileOptions } from './profile-options.js';

/*
 * `npm run profile [-- --seconds 10] [--cache off] [--path /api/ask] [--top 25]`: a CPU profile of the
 * built server (dist/server.js, as `npm start` runs it) under load. Starts it under `node --cpu-prof`
 * on a free port of 127.0.0.1 with a temporary index and logs at info (to a file, as a pipe would
 * take them), drives 32 connections of /api/ask questions (or GETs of --path) at it, stops it with
 * SIGTERM, and prints the functions with the most self time. The .cpuprofile it names opens in
 * Chrome DevTools (Performance → Load profile) or speedscope.
 */

const HELP = `Usage: npm run profile [-- --seconds N] [--cache on|off] [--path <GET path>] [--top N]
A CPU profile (node --cpu-prof) of dist/server.js serving POST /api/ask (or GET --path) at 32 connections.
Writes test-output/profile/*.cpuprofile and prints the top functions by self time.

  --seconds N      how long to load the server (default 10; above 0, at most 3600)
  --cache on|off   the answer cache (default on); off asks new questions in turn (the shared and
                   tuning sets), as the bench's "every answer computed" line does
  --path <path>    GET this path instead of POST /api/ask (e.g. /api/paragraphs/7)
  --top N          how many functions to print (default 25)
  --help           this text
The server runs offline, one process, without API_TOKEN (the load sends no token).
`;

let values: ProfileOptions;
try {
  values = parseProfileArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${describeFatal(err)}\n`);
  process.exit(1);
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const ROOT = resolve(import.meta.dirname, '..');
const outDir = join(ROOT, 'test-output', 'profile');
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'cpec-profile-'));

const port = await new Promise<number>((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = probe.address() as { port: number };
    probe.close(() => done(p));
  });
});

const env = profileServerEnv(process.env, values, port, join(work, 'index'));

// Whatever ends the run (a failure included): no server left running, no temporary index left behind,
// and a failure is one line.
const servers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const server of servers) server.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});
process.on('uncaughtException', (err) => {
  process.stderr.write(`${describeFatal(err, { prefix: 'Profile failed', debug: process.env['LOG_LEVEL'] === 'debug' })}\n`);
  process.exit(1);
});

/** Starts the server (profiled or not) and resolves once it prints its ready line; kills it if it never does. */
async function start(args: string[]): Promise<{ exited: Promise<number | null>; stop: () => Promise<void> }> {
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...args, join(ROOT, 'dist', 'server.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  servers.add(server);
  const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
  let running = true;
  void exited.then(() => {
    running = false;
    servers.delete(server);
  });
  const stop = async (): Promise<void> => {
    if (running) server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await new Promise<void>((ready, fail) => {
      let out = '';
      server.stdout!.setEncoding('utf8').on('data', (d: string) => {
        // Once ready, the log lines go on: only the start is kept.
        if (out.length < 1_000_000) out += d;
        if (/open http:\/\//.test(out)) ready();
      });
      void exited.then(() => fail(new Error(`the server exited before it was ready: ${out.trim().split('\n').at(-1) ?? ''}`)));
      setTimeout(() => fail(new Error('the server was not ready within 60 s')), 60_000).unref();
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { exited, stop };
}

// A first start builds the index, unprofiled: the profile shows serving, not ingest.
await (await start([])).stop();
const started = Date.now();
const profiled = await start(['--cpu-prof', `--cpu-prof-dir=${outDir}`]);
const loadFrom = performance.now();
// With the cache on, four questions over and over (answers from the cache); with it off, new questions
// in turn, as the bench's "every answer computed" line asks them.
const questions = ['瓜达尔港有哪些项目？', '双方在人文交流方面达成了哪些共识？', 'What did the two sides say about Gwadar port?', 'What does paragraph 12 say?'];
const askRequests =
  values.cache === 'off'
    ? newQuestionRequests(newQuestions(ROOT))
    : questions.map((question) => ({ method: 'POST', path: '/api/ask', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) }));
const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections: 32,
  duration: values.seconds,
  requests: values.path !== undefined ? [{ method: 'GET', path: values.path }] : askRequests,
});
const loadMs = performance.now() - loadFrom;
const stopFrom = performance.now();
await profiled.stop();
const stopMs = performance.now() - stopFrom;

const newest = readdirSync(outDir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(outDir, f))
  .filter((f) => statSync(f).mtimeMs >= started)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
process.stdout.write(`\n${values.path ?? 'POST /api/ask'} (answer cache ${values.cache}): ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx + result.errors} failed\n`);
if (newest === undefined) throw new Error('no profile was written');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const profile = JSON.parse(readFileSync(newest, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; endTime: number };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
// Only the samples of the load itself: the `loadMs` before the server was told to stop.
const cumulative: number[] = [];
profile.timeDeltas.reduce((t, dt, i) => (cumulative[i] = t + dt), 0);
const end = cumulative.at(-1) ?? 0;
const from = end - (loadMs + stopMs) * 1000;
const to = end - stopMs * 1000;
profile.samples.forEach((id, i) => {
  const t = cumulative[i] ?? 0;
  if (t < from || t > to) return;
  const frame = byId.get(id)!.callFrame;
  const where = frame.url.replace(/^.*node_modules\//, '').replace(`file://${ROOT}/`, '');
  const key = `${frame.functionName || '(anonymous)'}  ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  self.set(key, (self.get(key) ?? 0) + dt);
});
process.stdout.write(`\nself time under load, top ${values.top} (open the profile for the call tree):\n`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, values.top)) {
  process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(6)} %  ${key}\n`);
}
process.stdout.write(`\nprofile: ${newest}\n`);
