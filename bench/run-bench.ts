import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { chooseEmbedder } from '../src/ingest/create-embedder.js';
import { createRetriever } from '../src/retrieve/create-retriever.js';
import { ensureIndex, rebuildIndex } from '../src/server/ensure-index.js';
import { createState, startAssistant } from '../src/server/start-assistant.js';
import { noopLogger } from '../src/api/logger.js';
import { startStubOpenAiServer, textChunks } from '../tests/helpers/stub-openai-server.js';
import { OFFLINE_ENV, ROOT, rssOf, serverBundle, tempDir } from '../tests/helpers/ops-harness.js';
import { percentile } from '../eval/metrics.js';
import { readQuestionSet } from '../eval/read-question-set.js';
import { describeFatal } from '../src/errors.js';
import { parseBenchArgs, type BenchArgs, type Section } from './bench-args.js';
import { coldStart } from './cold-start.js';
import { newQuestionRequests, newQuestions } from './new-questions.js';
import { NODE_BUNDLE } from '../scripts/esbuild-node.mjs';
import { SERVER_NODE_FLAGS } from '../scripts/node-flags.mjs';

/*
 * `npm run bench [-- --json out.json] [--quick] [--only …]`: latencies and throughput, measured in one
 * run and printed side by side with their targets (`--help` says which). Load only ever goes to 127.0.0.1, bounded in time.
 * The machine is small and noisy: figures are medians, and the load figures are read as ratios to a
 * trivial route measured the same way, in the same process.
 */

const HELP = `Usage: npm run bench [-- --quick] [--json [out.json]] [--only <sections>]

Measures, in one run on this machine, and prints each figure beside its target:
  ingest     index build time (first, and with the dictionary loaded)
  retrieval  retrieval latency per question (eval/dev.jsonl and eval/own-tune.jsonl)
  load       the request path layer by layer (a bare Hono route = 100 %, then createApp's layers
             added one at a time, then GET /api/paragraphs/7, POST /api/ask with the answer cache on
             (six questions over and over) and off (new questions: the shared and tuning sets' 400-odd
             in turn)), at 32 connections, in a separate server process bundled as npm start's is;
             the lines up to the cached /api/ask are loaded in turn, 2 s each, three rounds (median
             round), so drift on a noisy machine slows them alike;
             targets: no-work route ≥ 50 % of the bare route, cached /api/ask ≥ 25 %, p99 < 20 ms,
             every answer computed ≥ 2,500 req/s (one process); in-process, new questions in turn and
             a question asked for the first time (half the set asked before); then dist/server.js with
             WORKERS=2, cache on and every answer computed (no target: what the second core adds)
  llm        what LLM mode adds to a local stub model's own time (target < 10 ms)
  start      cold start of dist/server.js, and memory over many requests
Options:
  --quick            shorter runs (noisier figures)
  --json [file]      also write every figure as JSON (default bench-results.json)
  --only <sections>  comma-separated subset of: ingest,retrieval,load,llm,start
A CPU profile of /api/ask under load: npm run profile (see --help there).
`;
let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${describeFatal(err, { debug: process.env['LOG_LEVEL'] === 'debug' })}\n`);
  process.exit(1);
}
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const runs = (section: Section): boolean => args.only.includes(section);
const { json: jsonOut, quick } = args;
const LOAD_SECONDS = quick ? 3 : 8;
// The request-path lines are measured in turn, a short window each, round after round: a machine whose
// speed drifts (this one's moves by a third within minutes) then slows every line alike, and each line's
// figure is its median round.
const PATH_ROUNDS = quick ? 1 : 3;
const PATH_SECONDS = 2;
const CONNECTIONS = 32;
const LLM_SAMPLES = quick ? 10 : 30;
const MEMORY_REQUESTS = quick ? 2_000 : 10_000;

const silent = { info: () => {}, warn: () => {} };
const progress = (msg: string): void => void process.stderr.write(`bench: ${msg}\n`);

const median = (values: readonly number[]): number => percentile(values, 50);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Row {
  readonly group: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: { readonly op: '<' | '≥'; readonly value: number };
}
const rows: Row[] = [];
const record = (row: Row): void => void rows.push(row);

const work = tempDir('bench');
const indexDir = join(work.dir, 'index');
const config = loadConfig({ ...OFFLINE_ENV, INDEX_DIR: indexDir });

// ---------------------------------------------------------------- ingest
async function benchIngest(): Promise<void> {
  progress('ingest (3 builds into a temporary INDEX_DIR)…');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = join(work.dir, `ingest-${i}`);
    const cfg = loadConfig({ ...OFFLINE_ENV, INDEX_DIR: dir });
    const started = performance.now();
    const choice = await chooseEmbedder(cfg, silent);
    await rebuildIndex(cfg, choice, silent);
    times.push(performance.now() - started);
  }
  record({ group: 'ingest', metric: 'first build in this process (loads CC-CEDICT)', value: times[0]!, unit: 'ms' });
  record({ group: 'ingest', metric: 'rebuild, dictionary loaded (median of 2 more)', value: median(times.slice(1)), unit: 'ms' });
}

// ---------------------------------------------------------------- retrieval
async function benchRetrieval(): Promise<void> {
  progress('retrieval over eval/dev.jsonl and eval/own-tune.jsonl…');
  const ready = await ensureIndex(config, silent);
  const retriever = createRetriever({ index: ready.index, embedder: ready.queryEmbedder });
  const questions = ['dev.jsonl', 'own-tune.jsonl'].flatMap((f) => readQuestionSet(join(ROOT, 'eval', f))).map((q) => q.question);
  for (let i = 0; i < 3; i++) for (const q of questions) await retriever.retrieve({ question: q });
  const reps = quick ? 5 : 15;
  const all: number[] = [];
  const perQuestion: number[] = [];
  for (const q of questions) {
    const mine: number[] = [];
    for (let i = 0; i < reps; i++) {
      const started = performance.now();
      await retriever.retrieve({ question: q });
      mine.push(performance.now() - started);
    }
    all.push(...mine);
    perQuestion.push(median(mine));
  }
  record({ group: 'retrieval', metric: `per question p50 (${questions.length} questions × ${reps})`, value: median(all), unit: 'ms' });
  record({ group: 'retrieval', metric: 'per question p95', value: percentile(all, 95), unit: 'ms' });
  record({ group: 'retrieval', metric: 'slowest question (its median)', value: Math.max(...perQuestion), unit: 'ms' });
}

// ---------------------------------------------------------------- load
interface LoadFigures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

type CannonRequest = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

async function load(url: string, requests: CannonRequest[] | undefined, seconds: number, amount?: number): Promise<LoadFigures> {
  return figuresOf([await loadOnce(url, requests, seconds, amount)]);
}

/** One window of load: requests per second, the latency of every response, failures. */
interface LoadWindow {
  readonly rps: number;
  readonly latencies: number[];
  readonly non2xx: number;
  readonly errors: number;
  readonly total: number;
}

async function loadOnce(url: string, requests: CannonRequest[] | undefined, seconds: number, amount?: number): Promise<LoadWindow> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    ...(amount === undefined ? { duration: seconds } : { amount }),
    timeout: 10,
    ...(requests ? { requests } : {}),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  return {
    rps: result.requests.total / (result.duration || seconds),
    latencies,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/** Several windows of one configuration: the median window's requests/s, latencies over all of them. */
function figuresOf(windows: readonly LoadWindow[]): LoadFigures {
  const latencies = windows.flatMap((w) => w.latencies);
  return {
    rps: median(windows.map((w) => w.rps)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: windows.reduce((n, w) => n + w.non2xx, 0),
    errors: windows.reduce((n, w) => n + w.errors, 0),
    total: windows.reduce((n, w) => n + w.total, 0),
  };
}

interface LoadConfig {
  readonly url: string;
  readonly requests?: CannonRequest[] | undefined;
}

/** Each configuration loaded for `seconds` in turn, `rounds` times over: figures per configuration. */
async function loadInTurn(configs: readonly LoadConfig[], rounds: number, seconds: number): Promise<LoadFigures[]> {
  const windows: LoadWindow[][] = configs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of configs.entries()) windows[i]!.push(await loadOnce(c.url, c.requests, seconds));
  }
  return windows.map(figuresOf);
}

const LOAD_QUESTIONS = [
  '瓜达尔港有哪些项目？',
  '双方在人文交流方面达成了哪些共识？',
  '中巴经济走廊启动多少年了？',
  'What did the two sides say about Gwadar port?',
  'What is the ML-1 railway project?',
  'What does paragraph 12 say?',
];
// New questions (the shared and tuning sets in turn) for the in-process figure and the uncached load.
const FRESH_QUESTIONS = newQuestions(ROOT);
const freshRequests = (): CannonRequest[] => newQuestionRequests(FRESH_QUESTIONS);

const askRequests = (stream = false): CannonRequest[] =>
  LOAD_QUESTIONS.map((question) => ({
    method: 'POST',
    path: '/api/ask',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(stream ? { question, stream } : { question }),
  }));

interface TargetUrls {
  readonly assistant: string;
  readonly uncached: string;
  readonly bare: string;
  readonly layered: readonly { readonly name: string; readonly url: string }[];
  readonly token: string;
}

/**
 * bench/load-target.ts bundled as `npm start`'s server is (esbuild, scripts/esbuild-node.mjs's options), so the
 * load figures are those of the code users run, not of tsx's on-the-fly transform (which wraps every
 * nested function in a naming helper, about 5 % slower here).
 */
async function bundledLoadTarget(): Promise<string> {
  const outdir = join(ROOT, 'test-output', 'bench', `load-target-${process.pid}`);
  const { build } = await import('esbuild');
  await build({ ...NODE_BUNDLE, entryPoints: { 'load-target': join(ROOT, 'bench', 'load-target.ts') }, outdir });
  return outdir;
}

/** Starts bench/load-target.ts (the assistant, the bare route, the layered routes), bundled, in its own process. */
async function startLoadTarget(): Promise<TargetUrls & { stop: () => Promise<void> }> {
  const bundle = await bundledLoadTarget();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(bundle, 'load-target.js'), indexDir, join(work.dir, 'logs')], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const urls = await new Promise<TargetUrls>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as TargetUrls);
    });
    void exited.then(() => reject(new Error(`the load target exited early: ${out}`)));
  });
  return {
    ...urls,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(bundle, { recursive: true, force: true });
    },
  };
}

/** One line of the request-path table: a configuration, its throughput and what it adds per request. */
interface PathRow {
  readonly name: string;
  readonly rps: number;
  readonly p99: number;
  readonly failed: number;
  /** False for a line not built on the one above (another process layout). */
  readonly cumulative?: false;
}
const pathRows: PathRow[] = [];

/**
 * Answers given before the in-process figures are taken. The answer core is a few hundred functions that
 * V8 optimises as they get hot: over the 403 new questions in turn, an answer's mean time per round fell
 * from 1.0–1.3 ms (first round) to 0.3–0.4 ms (rounds 2–4) and levelled at 0.17–0.24 ms only after about
 * 12 rounds (one run each of 60 and 80 rounds, bundled), so one warm-up round measured mostly the JIT.
 */
const JIT_WARM_ANSWERS = 5_000;

/** `questions` in turn, over and over, until JIT_WARM_ANSWERS are answered (give or take a round). */
async function warmUp(answerer: { answer(request: { question: string }): Promise<unknown> }, questions: readonly string[]): Promise<void> {
  for (let round = 0; round < JIT_WARM_ANSWERS / questions.length; round++) for (const question of questions) await answerer.answer({ question });
}

async function benchLoad(): Promise<void> {
  progress(`in-process answers (retrieve + extractive) to ${FRESH_QUESTIONS.length} questions in turn…`);
  const ready = await ensureIndex(config, silent);
  // Questions never asked in this process: the answerer remembers facts of words (their translations,
  // the sentences they match), so a first question whose words are new costs more. Warmed on half the
  // questions, it answers the other half once, each for the first time.
  {
    const { answerer: cold } = createState(ready, { ...config, answerCacheSize: 0 }, noopLogger);
    const [seen, unseen] = [FRESH_QUESTIONS.filter((_, i) => i % 2 === 0), FRESH_QUESTIONS.filter((_, i) => i % 2 === 1)];
    await warmUp(cold, seen);
    const firstMs: number[] = [];
    for (const question of unseen) {
      const started = performance.now();
      await cold.answer({ question });
      firstMs.push(performance.now() - started);
    }
    record({ group: 'load', metric: 'one question asked for the first time (half the set warmed), in-process (p50)', value: median(firstMs), unit: 'ms' });
  }
  const { answerer } = createState(ready, { ...config, answerCacheSize: 0 }, noopLogger);
  const answerMs: number[] = [];
  await warmUp(answerer, FRESH_QUESTIONS);
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    for (const question of FRESH_QUESTIONS) {
      const started = performance.now();
      await answerer.answer({ question });
      answerMs.push(performance.now() - started);
    }
  }
  record({ group: 'load', metric: 'one new question answered in-process, no HTTP (p50)', value: median(answerMs), unit: 'ms' });
  record({ group: 'load', metric: 'one new question answered in-process, no HTTP (p95)', value: percentile(answerMs, 95), unit: 'ms' });

  const target = await startLoadTarget();
  const auth = { authorization: `Bearer ${target.token}` };
  try {
    const configs: LoadConfig[] = [
      { url: `${target.bare}/ping` },
      ...target.layered.map((layer) => ({ url: `${layer.url}/api/ping`, requests: [{ method: 'GET', path: '/api/ping', headers: auth }] })),
      { url: `${target.assistant}/api/paragraphs/7` },
      { url: target.assistant, requests: askRequests() },
    ];
    progress(
      `request path, layer by layer: ${configs.length} configurations in turn, ${PATH_ROUNDS} round${PATH_ROUNDS === 1 ? '' : 's'} of ${PATH_SECONDS} s each, ` +
        `then every answer computed for ${LOAD_SECONDS} s, at ${CONNECTIONS} connections…`,
    );
    // Warm-ups so the JIT has seen every path. The answer core is a few hundred functions over 400-odd
    // questions: one second left its first measured seconds partly unoptimised (one run: 2,334 req/s in
    // the first 8 s after a 1-s warm-up, 2,576 and 2,578 in the next two), so it gets three.
    await load(`${target.bare}/ping`, undefined, 1);
    await load(target.assistant, askRequests(), 1);
    await load(`${target.assistant}/api/paragraphs/7`, undefined, 1);
    const measured = await loadInTurn(configs, PATH_ROUNDS, PATH_SECONDS);
    const [ceiling, ...rest] = measured as [LoadFigures, ...LoadFigures[]];
    const row = (name: string, f: LoadFigures): PathRow => ({ name, rps: f.rps, p99: f.p99, failed: f.non2xx + f.errors });
    pathRows.push(row('trivial route, bare Hono (c.text)', ceiling));
    target.layered.forEach((layer, i) => pathRows.push(row(`small JSON route ${layer.name}`, rest[i]!)));
    const paragraph = rest[target.layered.length]!;
    const ask = rest[target.layered.length + 1]!;
    pathRows.push(row('GET /api/paragraphs/7 (the app, no answer work)', paragraph));
    pathRows.push(row('POST /api/ask, answer cache on (default)', ask));
    await load(target.uncached, freshRequests(), quick ? 1 : 3);
    // Every answer computed afresh (ANSWER_CACHE_SIZE=0), each to a question not asked for hundreds of
    // requests: the cost of questions never asked before.
    const fresh = await load(target.uncached, freshRequests(), LOAD_SECONDS);
    pathRows.push({ name: 'POST /api/ask, every answer computed (new questions)', rps: fresh.rps, p99: fresh.p99, failed: fresh.non2xx + fresh.errors });

    record({ group: 'load', metric: 'trivial route (bare Hono): requests/s, the 100 % below', value: ceiling.rps, unit: 'req/s' });
    record({ group: 'load', metric: 'GET /api/paragraphs/7 (every layer, no answer) ÷ trivial', value: (paragraph.rps / ceiling.rps) * 100, unit: '%', target: { op: '≥', value: 50 } });
    record({ group: 'load', metric: '/api/ask, answer cache on ÷ trivial', value: (ask.rps / ceiling.rps) * 100, unit: '%', target: { op: '≥', value: 25 } });
    record({ group: 'load', metric: '/api/ask, answer cache on: requests/s', value: ask.rps, unit: 'req/s' });
    record({ group: 'load', metric: `/api/ask, answer cache on: p50 latency at ${CONNECTIONS} connections`, value: ask.p50, unit: 'ms' });
    record({ group: 'load', metric: `/api/ask, answer cache on: p99 latency at ${CONNECTIONS} connections`, value: ask.p99, unit: 'ms', target: { op: '<', value: 20 } });
    record({ group: 'load', metric: '/api/ask, answer cache on: non-2xx + errors', value: ask.non2xx + ask.errors, unit: 'count', target: { op: '<', value: 1 } });
    record({ group: 'load', metric: '/api/ask, every answer computed: requests/s (answer core)', value: fresh.rps, unit: 'req/s', target: { op: '≥', value: 2500 } });
    record({ group: 'load', metric: '/api/ask, every answer computed ÷ trivial', value: (fresh.rps / ceiling.rps) * 100, unit: '%' });
    record({ group: 'load', metric: `/api/ask, every answer computed: p99 latency at ${CONNECTIONS} connections`, value: fresh.p99, unit: 'ms' });
    record({ group: 'load', metric: '/api/ask, every answer computed: non-2xx + errors', value: fresh.non2xx + fresh.errors, unit: 'count', target: { op: '<', value: 1 } });
  } finally {
    await target.stop();
  }

  // Every core: the built server with WORKERS=2 (node:cluster), logging at info to /dev/null. On a
  // 2-core machine the load generator takes one core itself, so this shows the cost of the cluster's
  // hand-off more than the gain a bigger machine would see.
  progress('POST /api/ask with WORKERS=2 (dist/server.js), answer cache on, then every answer computed…');
  const clusterEnv = { WORKERS: '2', RATE_LIMIT_PER_MINUTE: '1000000000', LOG_LEVEL: 'info', LOG_FORMAT: 'json' };
  const cluster = await startServer(await bundledServer(), clusterEnv);
  try {
    await load(cluster.url, askRequests(), 1);
    const both = await load(cluster.url, askRequests(), LOAD_SECONDS);
    pathRows.push({ name: 'POST /api/ask, answer cache on, WORKERS=2 (2 processes)', rps: both.rps, p99: both.p99, failed: both.non2xx + both.errors, cumulative: false });
  } finally {
    await cluster.stop();
  }
  // New questions on both cores: where a second process pays off (an answer costs more than the load
  // generator's share of the machine). Shown beside the one-process line, whose target it does not replace.
  const freshCluster = await startServer(await bundledServer(), { ...clusterEnv, ANSWER_CACHE_SIZE: '0' });
  try {
    // Each worker sees half the questions: twice the one-process warm-up before its JIT has settled.
    await load(freshCluster.url, freshRequests(), quick ? 2 : 6);
    const both = await load(freshCluster.url, freshRequests(), LOAD_SECONDS);
    pathRows.push({ name: 'POST /api/ask, every answer computed, WORKERS=2 (2 processes)', rps: both.rps, p99: both.p99, failed: both.non2xx + both.errors, cumulative: false });
    record({ group: 'load', metric: '/api/ask, every answer computed, WORKERS=2: requests/s (both cores)', value: both.rps, unit: 'req/s' });
    record({ group: 'load', metric: '/api/ask, every answer computed, WORKERS=2: non-2xx + errors', value: both.non2xx + both.errors, unit: 'count', target: { op: '<', value: 1 } });
  } finally {
    await freshCluster.stop();
  }
}

/** The request-path table: each configuration, its share of the trivial route and what it adds per request. */
function printPathTable(): void {
  if (pathRows.length === 0) return;
  const ceiling = pathRows[0]!.rps;
  const header = ['request path (one process, 32 connections)', 'req/s', '% of trivial', 'µs/request', '+µs vs line above', 'p99 ms', 'failed'];
  const lines = pathRows.map((r, i) => {
    const us = 1e6 / r.rps;
    const previous = i === 0 || r.cumulative === false ? undefined : 1e6 / pathRows[i - 1]!.rps;
    return [
      r.name,
      r.rps.toFixed(0),
      `${((r.rps / ceiling) * 100).toFixed(1)} %`,
      us.toFixed(1),
      previous === undefined ? '' : `${us - previous >= 0 ? '+' : ''}${(us - previous).toFixed(1)}`,
      r.p99.toFixed(1),
      String(r.failed),
    ];
  });
  const widths = header.map((h, i) => Math.max([...h].length, ...lines.map((l) => [...l[i]!].length)));
  const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(w - [...s].length) + s : s + ' '.repeat(w - [...s].length));
  const fmt = (cols: string[]): string => cols.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ').trimEnd();
  process.stdout.write(`\n${fmt(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n`);
  for (const l of lines) process.stdout.write(`${fmt(l)}\n`);
  process.stdout.write(
    'µs/request = 1e6 ÷ req/s: the server\'s time per request while saturated (one core); "+µs" is what that line adds to the one above.\n' +
      'Layers are cumulative, in createApp\'s order; the bearer-token line is only on the request path when API_TOKEN is set.\n' +
      `The lines up to the cached /api/ask were loaded in turn, ${PATH_SECONDS} s each, ${PATH_ROUNDS} round${PATH_ROUNDS === 1 ? '' : 's'}: req/s is the median round, p99 over all rounds.\n`,
  );
}

// ---------------------------------------------------------------- LLM mode
async function readAll(res: Response, marks?: { firstByte?: number; firstDelta?: number }, started = 0): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (marks && marks.firstByte === undefined) marks.firstByte = performance.now() - started;
    text += decoder.decode(value, { stream: true });
    if (marks && marks.firstDelta === undefined && text.includes('event: delta')) marks.firstDelta = performance.now() - started;
  }
  return text;
}

async function benchLlm(): Promise<void> {
  const DELAY = 200;
  progress(`LLM mode against the stub (${DELAY} ms to first token), ${LLM_SAMPLES} samples each…`);
  const answer = '双方满意地回顾了瓜达尔港海水淡化厂、瓜达尔港新国际机场、中巴友谊医院等项目进展情况[7]。';
  const stub = await startStubOpenAiServer({ delayMs: DELAY, defaultReply: { type: 'stream', chunks: textChunks(answer, 4) } });
  const assistant = await startAssistant({
    env: { ...OFFLINE_ENV, INDEX_DIR: indexDir, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: 'bench', LLM_MAX_RETRIES: '0' },
  });
  try {
    const question = '瓜达尔港有哪些项目？';
    const askOnce = async (stream: boolean, marks?: { firstByte?: number; firstDelta?: number }): Promise<number> => {
      const started = performance.now();
      const res = await fetch(`${assistant.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question, stream }),
      });
      const text = await readAll(res, marks, started);
      const ms = performance.now() - started;
      if (res.status !== 200 || (!stream && (JSON.parse(text) as { mode: string }).mode !== 'llm')) throw new Error(`LLM bench: unexpected reply ${res.status} ${text.slice(0, 200)}`);
      return ms;
    };
    await askOnce(false);
    await askOnce(true);
    // The stub alone: the very request the assistant sent it, replayed the same way (streamed).
    const sent = stub.requests.at(-1)!.body as unknown;
    const stubOnce = async (): Promise<number> => {
      const started = performance.now();
      const res = await fetch(`${stub.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
        body: JSON.stringify(sent),
      });
      await readAll(res);
      return performance.now() - started;
    };
    await stubOnce();
    const stubAlone: number[] = [];
    const endToEnd: number[] = [];
    const streamed: number[] = [];
    const firstByte: number[] = [];
    const firstDelta: number[] = [];
    // Interleaved, so drift on a noisy machine hits both sides alike.
    for (let i = 0; i < LLM_SAMPLES; i++) {
      stubAlone.push(await stubOnce());
      endToEnd.push(await askOnce(false));
      const marks: { firstByte?: number; firstDelta?: number } = {};
      streamed.push(await askOnce(true, marks));
      if (marks.firstByte !== undefined) firstByte.push(marks.firstByte);
      if (marks.firstDelta !== undefined) firstDelta.push(marks.firstDelta);
    }
    const overheads = endToEnd.map((ms, i) => ms - stubAlone[i]!);
    record({ group: 'llm', metric: `stub alone, streamed (${DELAY} ms delay; median)`, value: median(stubAlone), unit: 'ms' });
    record({ group: 'llm', metric: '/api/ask end-to-end, JSON (median)', value: median(endToEnd), unit: 'ms' });
    record({ group: 'llm', metric: 'overhead: assistant − stub (median of pairs)', value: median(overheads), unit: 'ms', target: { op: '<', value: 10 } });
    record({ group: 'llm', metric: '/api/ask SSE: first byte (median)', value: median(firstByte), unit: 'ms' });
    record({ group: 'llm', metric: '/api/ask SSE: first delta (median)', value: median(firstDelta), unit: 'ms' });
    record({ group: 'llm', metric: '/api/ask SSE: first delta − stub delay', value: median(firstDelta) - DELAY, unit: 'ms' });
    record({ group: 'llm', metric: '/api/ask SSE: whole stream (median)', value: median(streamed), unit: 'ms' });
  } finally {
    await assistant.close(500);
    await stub.close();
  }
}

// ---------------------------------------------------------------- cold start and memory
async function bundledServer(): Promise<string> {
  const dist = join(ROOT, 'dist', 'server.js');
  if (!existsSync(dist)) {
    progress('dist/server.js missing: node scripts/build.mjs…');
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) return serverBundle();
  }
  return serverBundle(true);
}

/** The server as the bench starts it: offline, over the bench's index, plus `env`. */
const startServer = (script: string, env: Record<string, string> = {}): ReturnType<typeof coldStart> =>
  coldStart(script, { ...process.env, ...OFFLINE_ENV, INDEX_DIR: indexDir, ...env }, { cwd: ROOT });

async function benchColdStartAndMemory(): Promise<void> {
  const script = await bundledServer();
  progress(`cold start of node ${script.replace(`${ROOT}/`, '')} (3 runs) and memory over ${MEMORY_REQUESTS} requests…`);
  const times: number[] = [];
  for (let i = 0; i < 2; i++) {
    const run = await startServer(script);
    times.push(run.ms);
    await run.stop();
  }
  const last = await startServer(script);
  times.push(last.ms);
  try {
    record({ group: 'start', metric: 'cold start to /healthz ok (median of 3)', value: median(times), unit: 'ms', target: { op: '<', value: 1500 } });
    await load(last.url, askRequests(), 0, 500);
    await sleep(200);
    const warm = await rssOf(last.pid);
    const soak = await load(last.url, [...askRequests(), ...askRequests(true)], 0, MEMORY_REQUESTS);
    await sleep(200);
    const after = await rssOf(last.pid);
    if (warm !== undefined) record({ group: 'memory', metric: 'server RSS after warm-up (500 requests)', value: warm / 2 ** 20, unit: 'MB' });
    if (after !== undefined) record({ group: 'memory', metric: `server RSS after ${soak.total} more (JSON + SSE)`, value: after / 2 ** 20, unit: 'MB' });
    if (warm !== undefined && after !== undefined) record({ group: 'memory', metric: 'RSS growth', value: (after - warm) / 2 ** 20, unit: 'MB' });
    record({ group: 'memory', metric: 'non-2xx + errors during those requests', value: soak.non2xx + soak.errors, unit: 'count', target: { op: '<', value: 1 } });
  } finally {
    await last.stop();
  }
}

// ---------------------------------------------------------------- report
function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = unit === 'count' ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function printTable(totalMs: number): void {
  const lines = rows.map((r) => {
    const target = r.target ? `${r.target.op} ${r.target.value} ${r.unit}` : '';
    const met = r.target ? (r.target.op === '<' ? r.value < r.target.value : r.value >= r.target.value) : undefined;
    return [r.group, r.metric, format(r.value, r.unit), target, met === undefined ? '' : met ? 'ok' : 'MISSED'];
  });
  const header = ['group', 'metric', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => [...l[i]!].length)));
  const pad = (s: string, w: number, right = false): string => (right ? ' '.repeat(w - [...s].length) + s : s + ' '.repeat(w - [...s].length));
  const fmt = (cols: string[]): string => cols.map((c, i) => pad(c, widths[i]!, i === 2)).join('  ').trimEnd();
  process.stdout.write(`\n${fmt(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n`);
  let group = '';
  for (const l of lines) {
    if (group !== '' && l[0] !== group) process.stdout.write('\n');
    group = l[0]!;
    process.stdout.write(`${fmt(l)}\n`);
  }
  process.stdout.write(`\nnode ${process.version}, ${availableParallelism()} CPUs; bench took ${(totalMs / 1000).toFixed(1)} s\n`);
}

const started = performance.now();
try {
  if (runs('ingest')) await benchIngest();
  if (runs('retrieval')) await benchRetrieval();
  if (runs('load')) await benchLoad();
  if (runs('llm')) await benchLlm();
  if (runs('start')) await benchColdStartAndMemory();
  const totalMs = performance.now() - started;
  printPathTable();
  printTable(totalMs);
  if (jsonOut !== undefined) {
    writeFileSync(jsonOut, `${JSON.stringify({ node: process.version, totalMs, path: pathRows, rows }, null, 2)}\n`);
    process.stdout.write(`wrote ${jsonOut}\n`);
  }
} catch (err) {
  // One line, like every command; the servers it started are stopped on the way out (bench/cold-start.ts).
  process.stderr.write(`${describeFatal(err, { prefix: 'Bench failed', debug: process.env['LOG_LEVEL'] === 'debug' })}\n`);
  process.exitCode = 1;
} finally {
  work.remove();
}
