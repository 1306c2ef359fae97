import { describe, expect, it } from 'vitest';
import { cacheKey, withAnswerCache } from '../../src/answer/answer-cache.js';
import type { AnswerHooks, AnswerResult, AskRequest } from '../../src/types.js';

function counting(result: (q: string) => Partial<AnswerResult> = () => ({})) {
  let calls = 0;
  return {
    calls: () => calls,
    answerer: {
      async answer(request: AskRequest, hooks?: AnswerHooks): Promise<AnswerResult> {
        calls++;
        const r: AnswerResult = {
          answer: `A:${request.question}[1]`,
          citations: [{ paragraph: 1, quote: 'x' }],
          retrieved: [{ paragraph: 1, score: 1 }],
          refused: false,
          coverage: 'answered',
          lang: 'zh',
          mode: 'extractive',
          grounded: true,
          ...result(request.question),
        };
        hooks?.onRetrieved?.(r.retrieved);
        hooks?.onDelta?.(r.answer);
        return r;
      },
    },
  };
}

describe('withAnswerCache', () => {
  it('answers a repeated question from the cache, with the same hooks called', async () => {
    const inner = counting();
    const cached = withAnswerCache(inner.answerer, { maxEntries: 10 });
    const first = await cached.answer({ question: '瓜达尔港？' });
    const deltas: string[] = [];
    let retrieved = 0;
    const second = await cached.answer({ question: '  瓜达尔港？ ' }, { onDelta: (t) => deltas.push(t), onRetrieved: () => retrieved++ });
    expect(second).toEqual(first);
    expect(inner.calls()).toBe(1);
    expect(deltas.join('')).toBe(first.answer);
    expect(retrieved).toBe(1);
  });

  it('keys on the history too', async () => {
    const inner = counting();
    const cached = withAnswerCache(inner.answerer, { maxEntries: 10 });
    await cached.answer({ question: '那机场呢？' });
    await cached.answer({ question: '那机场呢？', history: [{ role: 'user', content: '瓜达尔港？' }] });
    expect(inner.calls()).toBe(2);
    expect(cacheKey({ question: 'a' })).not.toBe(cacheKey({ question: 'a', history: [{ role: 'user', content: 'b' }] }));
  });

  it('never caches LLM answers or fallbacks with a notice', async () => {
    const inner = counting((q) => (q === 'llm' ? { mode: 'llm' } : { notice: 'LLM down' }));
    const cached = withAnswerCache(inner.answerer, { maxEntries: 10 });
    for (const q of ['llm', 'llm', 'fallback', 'fallback']) await cached.answer({ question: q });
    expect(inner.calls()).toBe(4);
  });

  it('evicts the least recently used entry beyond maxEntries; 0 turns it off', async () => {
    const inner = counting();
    const cached = withAnswerCache(inner.answerer, { maxEntries: 2 });
    for (const q of ['a', 'b', 'a', 'c', 'a', 'b']) await cached.answer({ question: q });
    // a, b miss; a hit; c miss (evicts b); a hit; b miss.
    expect(inner.calls()).toBe(4);
    expect(cached.size()).toBe(2);
    const off = counting();
    const none = withAnswerCache(off.answerer, { maxEntries: 0 });
    await none.answer({ question: 'a' });
    await none.answer({ question: 'a' });
    expect(off.calls()).toBe(2);
  });
});

describe('answer cache bounds', () => {
  it('keys are fixed-length digests, whatever the history', () => {
    const long = { question: 'q', history: [{ role: 'user' as const, content: 'x'.repeat(60_000) }] };
    expect(cacheKey(long)).toMatch(/^[\w-]{43}$/);
    expect(cacheKey({ question: ' a  b ' })).toBe(cacheKey({ question: 'a b' }));
  });

  it('is bounded in bytes as well as entries, and peek answers without running', async () => {
    const inner = counting((q) => ({ answer: `${q}:${'长'.repeat(1000)}[1]` }));
    const cached = withAnswerCache(inner.answerer, { maxEntries: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 50; i++) await cached.answer({ question: `q${i}` });
    expect(cached.bytes()).toBeLessThanOrEqual(10_000);
    expect(cached.size()).toBeGreaterThan(0);
    expect(cached.size()).toBeLessThan(50);
    const last = cached.peek({ question: 'q49' });
    expect(last?.answer).toMatch(/^q49:/);
    expect(cached.peek({ question: 'q0' })).toBeUndefined();
    expect(inner.calls()).toBe(50);
  });

  it('an answer larger than the whole budget is not kept', async () => {
    const inner = counting(() => ({ answer: 'x'.repeat(10_000) }));
    const cached = withAnswerCache(inner.answerer, { maxEntries: 10, maxBytes: 1_000 });
    await cached.answer({ question: 'a' });
    expect(cached.size()).toBe(0);
    expect(cached.bytes()).toBe(0);
  });
});
