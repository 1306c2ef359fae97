import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubOpenAiServer, type StubOpenAiServer, type StubReply } from '../helpers/stub-openai-server.js';
import { ask, closedPort, leaksInternals, sseEvents, startTestAssistant, tempDir, type TestAssistant } from '../helpers/ops-harness.js';

/*
 * The LLM server misbehaves (down, slow, 500s, garbage): every answer is still a 200 with the offline
 * answer and a notice, promptly; never a hang, a 5xx or a stack trace.
 */

const QUESTION = '瓜达尔港有哪些项目？';
const LLM_ENV = { LLM_TIMEOUT_MS: '1500', LLM_IDLE_TIMEOUT_MS: '500', LLM_MAX_RETRIES: '1', OPENAI_API_KEY: 'test-key' };

interface Answer {
  answer: string;
  mode: string;
  notice?: string;
  citations: { paragraph: number; quote: string }[];
}

function expectOfflineWithNotice(result: Answer): void {
  expect(result.mode).toBe('extractive');
  expect(result.notice).toMatch(/语言模型暂不可用|language model was unavailable/);
  expect(result.answer.length).toBeGreaterThan(0);
  expect(result.citations.length).toBeGreaterThan(0);
}

async function askBoth(url: string): Promise<{ json: Answer; streamed: Answer; ms: number }> {
  const started = performance.now();
  const plain = await ask(url, { question: QUESTION });
  expect(plain.status).toBe(200);
  expect(leaksInternals(plain.text)).toBe(false);
  const stream = await ask(url, { question: QUESTION, stream: true });
  expect(stream.status).toBe(200);
  expect(stream.type).toContain('text/event-stream');
  const events = sseEvents(stream.text);
  const last = events.at(-1);
  expect(last?.event).toBe('done');
  expect(events.some((e) => e.event === 'error')).toBe(false);
  return { json: JSON.parse(plain.text) as Answer, streamed: JSON.parse(last!.data) as Answer, ms: performance.now() - started };
}

describe('LLM server down (port closed)', () => {
  let assistant: TestAssistant;
  beforeAll(async () => {
    const port = await closedPort();
    assistant = await startTestAssistant({ ...LLM_ENV, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
  });
  afterAll(() => assistant?.stop());

  it('answers offline with a notice, quickly', async () => {
    const { json, streamed, ms } = await askBoth(assistant.url);
    expectOfflineWithNotice(json);
    expectOfflineWithNotice(streamed);
    expect(ms).toBeLessThan(8_000);
  });

  it('healthz stays ok', async () => {
    const res = await fetch(`${assistant.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('LLM server misbehaving', () => {
  let stub: StubOpenAiServer;
  let assistant: TestAssistant;
  const index = tempDir('llm-faults');

  beforeAll(async () => {
    stub = await startStubOpenAiServer();
    assistant = await startTestAssistant({ ...LLM_ENV, OPENAI_BASE_URL: stub.baseURL }, { indexDir: index.dir });
  });
  afterAll(async () => {
    await assistant?.close(200);
    await stub?.close();
    index.remove();
  });

  it('works normally when the stub behaves (control)', async () => {
    const res = await ask(assistant.url, { question: QUESTION });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as Answer;
    expect(body.mode).toBe('llm');
    expect(body.notice).toBeUndefined();
  });

  const cases: [string, StubReply][] = [
    ['HTTP 500 every time', { type: 'status', status: 500 }],
    ['HTTP 503 with an HTML body', { type: 'status', status: 503, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }],
    ['HTTP 200 with non-JSON body', { type: 'status', status: 200, body: 'this is not json at all', headers: { 'content-type': 'application/json' } }],
    ['invalid JSON in the stream', { type: 'raw', events: ['{"id":"x","object":"chat.completion.chunk","choices":[{"delta":{"content":"双方"', 'garbage!!', '[DONE]'] }],
    ['chunks of the wrong shape', { type: 'raw', events: ['{"hello":"world"}', '{"choices":"nope"}', '[DONE]'] }],
    ['an error event inside the stream', { type: 'raw', events: ['{"error":{"message":"model overloaded","type":"server_error"}}'] }],
    ['an empty stream', { type: 'raw', events: [] }],
    ['stalls before the first byte (past LLM_TIMEOUT_MS)', { type: 'stall' }],
    ['stalls mid-stream (past LLM_IDLE_TIMEOUT_MS)', { type: 'stream', chunks: ['双方同意', '加快推进', '瓜达尔港'], stallAfter: 1 }],
    ['hangs up mid-stream', { type: 'stream', chunks: ['双方同意', '加快推进', '瓜达尔港'], hangUpAfter: 1 }],
  ];

  it.each(cases)('%s → offline answer with a notice, JSON and SSE', async (_name, reply) => {
    stub.setDefault(reply);
    try {
      const { json, streamed, ms } = await askBoth(assistant.url);
      expectOfflineWithNotice(json);
      expectOfflineWithNotice(streamed);
      // Two asks, each at most (1 retry + 1) × 1.5 s timeout plus backoff.
      expect(ms).toBeLessThan(12_000);
    } finally {
      stub.setDefault({ type: 'stream', chunks: ['双方同意', '加快推进瓜达尔港', '配套设施建设[7]。'] });
    }
  });
});
