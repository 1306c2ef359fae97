import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseEvents, startTestAssistant, type TestAssistant } from '../helpers/ops-harness.js';

/*
 * A bounded soak: a few thousand mixed requests (valid, invalid, streaming, aborted mid-stream)
 * against one server. Only 200 and the expected 4xx come back, and memory stays flat.
 */

const TOTAL = 3_000;
const WARM_UP = 600;
const CONCURRENCY = 16;
const EXPECTED = new Set([200, 400, 404, 405, 413, 415, 429]);

const QUESTIONS = [
  '瓜达尔港有哪些项目？',
  '双方在人文交流方面达成了哪些共识？',
  'What did the two sides say about Gwadar port?',
  'What is the ML-1 railway project?',
  '第7段说了什么？',
  '那机场呢？',
  'Who is the president of France?',
  '中巴经济走廊启动多少年了？',
];

function forceGc(): () => void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return () => {
    for (let i = 0; i < 3; i++) gc?.();
  };
}

type Kind = 'ask' | 'stream' | 'abort' | 'invalid' | 'paragraph' | 'method' | 'huge' | 'health';
const KINDS: Kind[] = ['ask', 'ask', 'ask', 'stream', 'stream', 'abort', 'invalid', 'invalid', 'paragraph', 'method', 'huge', 'health'];

describe('soak', () => {
  let assistant: TestAssistant;
  beforeAll(async () => {
    assistant = await startTestAssistant();
  });
  afterAll(() => assistant?.stop());

  it(`${TOTAL} mixed requests: only expected statuses, memory flat`, { timeout: 60_000 }, async () => {
    const url = assistant.url;
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    let streamsDone = 0;
    let aborted = 0;
    const post = (body: string, signal?: AbortSignal): Promise<Response> =>
      fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...(signal ? { signal } : {}) });

    async function one(i: number): Promise<void> {
      const kind = KINDS[i % KINDS.length]!;
      const question = QUESTIONS[i % QUESTIONS.length]!;
      let res: Response;
      switch (kind) {
        case 'ask':
          res = await post(JSON.stringify({ question, history: i % 2 ? [{ role: 'user', content: '瓜达尔港有哪些项目？' }] : undefined }));
          break;
        case 'stream': {
          res = await post(JSON.stringify({ question, stream: true }));
          const events = sseEvents(await res.text());
          if (events.at(-1)?.event === 'done') streamsDone++;
          else unexpected.push(`stream ended with ${events.at(-1)?.event}`);
          break;
        }
        case 'abort': {
          const controller = new AbortController();
          res = await post(JSON.stringify({ question, stream: true }), controller.signal);
          const reader = res.body!.getReader();
          await reader.read().catch(() => undefined);
          controller.abort();
          await reader.cancel().catch(() => undefined);
          aborted++;
          break;
        }
        case 'invalid': {
          const bodies = ['{"question":', '{"question":42}', '{"question":""}', 'null', '{"question":"x","history":{}}'];
          res = await post(bodies[i % bodies.length]!);
          break;
        }
        case 'paragraph':
          res = await fetch(`${url}/api/paragraphs/${['7', '0', '32', 'abc', '..%2Fetc'][i % 5]}`);
          break;
        case 'method':
          res = await fetch(`${url}/api/ask`);
          break;
        case 'huge':
          res = await post(JSON.stringify({ question: '港'.repeat(i % 2 ? 2_500 : 30_000) }));
          break;
        case 'health':
          res = await fetch(`${url}/healthz`);
          break;
      }
      if (kind !== 'stream' && kind !== 'abort') await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (!EXPECTED.has(res.status)) unexpected.push(`${kind} #${i}: ${res.status}`);
    }

    async function run(from: number, to: number): Promise<void> {
      let next = from;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < to) await one(next++);
        }),
      );
    }

    const gc = forceGc();
    await run(0, WARM_UP);
    gc();
    const warm = process.memoryUsage();
    const started = performance.now();
    await run(WARM_UP, TOTAL);
    const seconds = (performance.now() - started) / 1000;
    gc();
    const end = process.memoryUsage();

    const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
    console.log(
      `soak: ${TOTAL} requests, ${((TOTAL - WARM_UP) / seconds).toFixed(0)} req/s after warm-up; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `heap ${mb(warm.heapUsed)} → ${mb(end.heapUsed)}, rss ${mb(warm.rss)} → ${mb(end.rss)}`,
    );
    expect(unexpected).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(TOTAL / 2);
    expect(streamsDone).toBeGreaterThan(0);
    expect(aborted).toBeGreaterThan(0);
    // Generous slack: what matters is no growth proportional to the requests.
    expect(end.heapUsed).toBeLessThan(warm.heapUsed * 1.5 + 16 * 2 ** 20);
    expect(end.rss).toBeLessThan(warm.rss * 1.5 + 64 * 2 ** 20);

    // Still healthy afterwards.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('with the rate limit on: only 200 and 429 (with Retry-After), and the limit holds', async () => {
    const limited = await startTestAssistant({ RATE_LIMIT_PER_MINUTE: '60' });
    try {
      const statuses = new Map<number, number>();
      let missingRetryAfter = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, worker) => {
          for (let i = 0; i < 40; i++) {
            const res = await fetch(`${limited.url}/api/ask`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ question: QUESTIONS[(worker + i) % QUESTIONS.length], stream: i % 3 === 0 }),
            });
            await res.arrayBuffer();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status === 429 && !res.headers.get('retry-after')) missingRetryAfter++;
          }
        }),
      );
      expect([...statuses.keys()].sort()).toEqual([200, 429]);
      // A fresh window may open during the run: at most two minutes' worth get through.
      expect(statuses.get(200)).toBeGreaterThanOrEqual(60);
      expect(statuses.get(200)).toBeLessThanOrEqual(120);
      expect(missingRetryAfter).toBe(0);
    } finally {
      await limited.stop();
    }
  });
});
