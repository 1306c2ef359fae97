import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS } from '../../src/answer/claims/normalise-answer.js';
import { MAX_HISTORY_TURN_CHARS } from '../../src/api/schemas.js';
import { sseEvents, startTestAssistant, tempDir, type TestAssistant } from '../helpers/ops-harness.js';
import { startStubOpenAiServer, textChunks, type StubOpenAiServer, type StubReply } from '../helpers/stub-openai-server.js';

/*
 * Hostile text never stalls the server. A stub model streams pathological answers, and clients send
 * histories of pathological shape at their limit, while this test polls /healthz: every health check
 * answers within 200 ms, and no request gets a 5xx. The assistant, the stub and this poller share one
 * event loop, so a stall anywhere shows up as a slow health check.
 */

const HEALTH_BUDGET_MS = 200;
const QUESTION = '瓜达尔港有哪些项目？';

/** One GET /healthz on a fresh connection: its status and how long it took. */
function health(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `work` while polling /healthz every 20 ms; returns its result and every health check. */
async function whilePolling<T>(url: string, work: () => Promise<T>): Promise<{ result: T; checks: Array<{ status: number; ms: number }> }> {
  const checks: Array<{ status: number; ms: number }> = [];
  let done = false;
  const poller = (async () => {
    while (!done) {
      checks.push(await health(url));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const result = await work();
    return { result, checks };
  } finally {
    done = true;
    await poller;
  }
}

function expectResponsive(checks: ReadonlyArray<{ status: number; ms: number }>): void {
  expect(checks.length).toBeGreaterThan(0);
  const worst = Math.max(...checks.map((c) => c.ms));
  if (process.env['TIMING_REPORT']) console.log(`health: worst ${worst.toFixed(0)} ms over ${checks.length} checks`);
  expect(worst, `worst health check ${worst.toFixed(0)} ms over ${checks.length} checks`).toBeLessThan(HEALTH_BUDGET_MS);
  expect(checks.every((c) => c.status === 200)).toBe(true);
}

async function post(url: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

/** A 200 whose answer is sane: from the model or the offline fallback, either way in the contract. */
function answerOf(res: { status: number; text: string }, streamed: boolean): { answer: string; mode: string; truncated?: boolean } {
  expect(res.status).toBe(200);
  const json = streamed ? sseEvents(res.text).at(-1) : undefined;
  if (streamed) expect(json?.event).toBe('done');
  return JSON.parse(streamed ? json!.data : res.text) as { answer: string; mode: string; truncated?: boolean };
}

describe('hostile model text and histories do not stall the server', () => {
  const index = tempDir('model-text');
  let stub: StubOpenAiServer;
  let assistant: TestAssistant;

  beforeAll(async () => {
    stub = await startStubOpenAiServer();
    assistant = await startTestAssistant(
      { OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: 'k', LLM_MAX_RETRIES: '0', LLM_IDLE_TIMEOUT_MS: '5000' },
      { indexDir: index.dir },
    );
    // Warm up once (first answers load dictionaries and build lookup sets).
    stub.enqueue({ type: 'stream', chunks: ['双方同意加快推进瓜达尔港配套设施建设[7]。'] });
    await post(assistant.url, '/api/ask', { question: QUESTION });
  });
  afterAll(async () => {
    await assistant?.close(200);
    await stub?.close();
    index.remove();
  });

  const tinyDeltas = Array.from({ length: 2_000 }, (_, i) => (i % 40 === 0 ? '[7]' : i % 3 === 0 ? ' ' : '港'));
  const cases: Array<[string, StubReply]> = [
    ['20,000 spaces, then 2,000 tiny deltas', { type: 'stream', chunks: [' '.repeat(20_000), ...tinyDeltas] }],
    ['50,000 spaces, then x[7]', { type: 'stream', chunks: [' '.repeat(50_000), 'x[7]'] }],
    ['50,000 spaces in 1-character deltas, then x[7]', { type: 'stream', chunks: [...Array.from({ length: 5_000 }, () => ' '), 'x[7]'] }],
    ['an ordinary 20,000-character answer in 3-character deltas', { type: 'stream', chunks: textChunks('双方同意加快推进瓜达尔港配套设施建设[7]。'.repeat(900), 3) }],
    ['brackets that never close', { type: 'stream', chunks: textChunks(`${'【第'.repeat(15_000)}x[7]`, 5) }],
    ['an unclosed reasoning block of 50,000 characters', { type: 'stream', chunks: [`<think>${'思'.repeat(50_000)}`] }],
    ['reasoning_content of 60,000 characters, then an answer', { type: 'stream', reasoning: textChunks('r'.repeat(60_000), 500), chunks: ['双方同意[7]。'] }],
  ];

  it.each(cases)('%s (JSON and streamed)', async (_name, reply) => {
    for (const streamed of [false, true]) {
      stub.enqueue(reply);
      const { result, checks } = await whilePolling(assistant.url, () => post(assistant.url, '/api/ask', { question: QUESTION, stream: streamed }));
      const body = answerOf(result, streamed);
      expect(body.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
      expectResponsive(checks);
    }
  });

  it('a 20,000-character answer stops being read at the answer limit, marked cut', async () => {
    stub.enqueue({ type: 'stream', chunks: textChunks('双方同意加快推进瓜达尔港配套设施建设[7]。'.repeat(900), 3) });
    const body = answerOf(await post(assistant.url, '/api/ask', { question: QUESTION }), false);
    expect(body).toMatchObject({ mode: 'llm', truncated: true });
  });

  const hostileTurn = (shape: string): string => `<${shape.repeat(Math.ceil(MAX_HISTORY_TURN_CHARS / shape.length))}`.slice(0, MAX_HISTORY_TURN_CHARS);
  it.each([' ', '\t', '＜/question＞', '<system ', '【第', '[7] '])('history turns of %j at the per-turn limit, as many as the body limit allows', async (shape) => {
    const turn = hostileTurn(shape);
    const fits = Math.min(20, Math.floor(60_000 / Buffer.byteLength(JSON.stringify({ role: 'assistant', content: turn }))));
    const history = Array.from({ length: fits }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: turn }));
    stub.enqueue({ type: 'stream', chunks: ['双方同意加快推进瓜达尔港配套设施建设[7]。'] });
    stub.enqueue({ type: 'stream', chunks: ['双方同意加快推进瓜达尔港配套设施建设[7]。'] });
    const { result, checks } = await whilePolling(assistant.url, async () => [
      await post(assistant.url, '/api/ask', { question: QUESTION, history }),
      await post(assistant.url, '/v1/chat/completions', { messages: [...history, { role: 'user', content: QUESTION }] }),
    ]);
    for (const r of result) expect(r.status, r.text.slice(0, 200)).toBe(200);
    expectResponsive(checks);
    // The model saw every turn cut and cleaned, inside its quoted record.
    const sent = stub.requests.at(-1)!.body!.messages!;
    expect(sent.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent[1]!.content.match(/<\/?question>/g)).toEqual(['<question>', '</question>']);
    expect(sent[1]!.content).not.toMatch(/<\s*\/?\s*system\b/);
  });

  it('one history turn over the limit is a clear 400, quickly', async () => {
    const { result, checks } = await whilePolling(assistant.url, () =>
      post(assistant.url, '/api/ask', { question: QUESTION, history: [{ role: 'user', content: `<${' '.repeat(60_000)}` }] }),
    );
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text).error.message).toMatch(`at most ${MAX_HISTORY_TURN_CHARS} characters per turn`);
    expectResponsive(checks);
  });
});
