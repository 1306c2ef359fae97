import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { AppError } from '../../src/errors.js';
import type { Answerer } from '../../src/types.js';
import { createFakeAnswerer, createRecordingLogger, fakeDeps, jsonHeaders, parseSse, sampleResult } from '../helpers/api-fakes.js';

const streamInit = (body: unknown = { question: 'q', stream: true }): RequestInit => ({
  method: 'POST',
  headers: jsonHeaders,
  body: JSON.stringify(body),
});

const waitFor = async (cond: () => boolean, ms = 2_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('SSE behaviour (in-process)', () => {
  it('sends `: ping` heartbeats during long waits, and done stays last', async () => {
    const app = createApp(fakeDeps({ heartbeatMs: 20, answerer: createFakeAnswerer({ delayMs: 120 }) }));
    const res = await app.request('/api/ask', streamInit());
    const { events, comments } = parseSse(await res.text());
    expect(comments.filter((c) => c === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'delta', 'delta', 'done']);
  });

  it('an unexpected exception becomes a generic error event, logged with detail', async () => {
    const log = createRecordingLogger();
    const app = createApp(fakeDeps({ log, answerer: createFakeAnswerer({ error: new RangeError('kaboom /srv') }) }));
    const res = await app.request('/api/ask', streamInit());
    expect(res.status).toBe(200);
    const text = await res.text();
    const { events } = parseSse(text);
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'delta', 'delta', 'error']);
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ error: { code: 'internal', message: 'Internal server error.' } });
    expect(text).not.toContain('kaboom');
    await waitFor(() => log.entries.some((e) => e.obj['msg'] === 'request'));
    expect(log.entries.find((e) => e.obj['msg'] === 'answer stream failed')?.obj).toMatchObject({ errorMessage: 'kaboom /srv' });
    expect(log.entries.find((e) => e.obj['msg'] === 'request')?.obj).toMatchObject({ outcome: 'error', errorCode: 'internal' });
  });

  it('an AppError keeps its code in the error event', async () => {
    const app = createApp(fakeDeps({ answerer: createFakeAnswerer({ error: new AppError('upstream_error', 'LLM 500') }) }));
    const { events } = parseSse(await (await app.request('/api/ask', streamInit())).text());
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ error: { code: 'upstream_error', message: 'LLM 500' } });
  });

  it('a synchronous throw inside answer() still ends with an error event', async () => {
    const answerer: Answerer = {
      answer() {
        throw new Error('sync');
      },
    };
    const app = createApp(fakeDeps({ answerer }));
    const { events } = parseSse(await (await app.request('/api/ask', streamInit())).text());
    expect(events.map((e) => e.event)).toEqual(['error']);
  });

  it('ignores hook calls after the answer is settled', async () => {
    const answerer: Answerer = {
      async answer(_req, hooks) {
        hooks?.onRetrieved?.(sampleResult.retrieved);
        hooks?.onRetrieved?.(sampleResult.retrieved);
        hooks?.onDelta?.('a');
        hooks?.onDelta?.('');
        setTimeout(() => hooks?.onDelta?.('late'), 0);
        return sampleResult;
      },
    };
    const app = createApp(fakeDeps({ answerer }));
    const { events } = parseSse(await (await app.request('/api/ask', streamInit())).text());
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'delta', 'done']);
  });

  it('cancelling the response body aborts the answerer signal', async () => {
    const log = createRecordingLogger();
    const answerer = createFakeAnswerer({ hangUntilAborted: true });
    const app = createApp(fakeDeps({ log, answerer }));
    const res = await app.request('/api/ask', streamInit());
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: retrieved');
    expect(answerer.lastSignal()?.aborted).toBe(false);
    await reader.cancel();
    await waitFor(() => answerer.lastSignal()?.aborted === true);
    await waitFor(() => log.entries.some((e) => e.obj['msg'] === 'request'));
    expect(log.entries.find((e) => e.obj['msg'] === 'request')?.obj).toMatchObject({ outcome: 'client_closed' });
  });

  it('OpenAI stream: an error is a data line with the error object and no [DONE]', async () => {
    const app = createApp(fakeDeps({ answerer: createFakeAnswerer({ error: new AppError('upstream_error', 'x') }) }));
    const res = await app.request('/v1/chat/completions', streamInit({ stream: true, messages: [{ role: 'user', content: 'q' }] }));
    const { events } = parseSse(await res.text());
    expect(events.at(-1)?.data).not.toBe('[DONE]');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ error: { code: 'upstream_error', message: 'x', type: 'server_error', param: null } });
  });
});

describe('a client that is gone before or during the answer', () => {
  it('SSE: a request whose signal is already aborted aborts the answerer at once', async () => {
    const log = createRecordingLogger();
    const answerer = createFakeAnswerer({ hangUntilAborted: true });
    const app = createApp(fakeDeps({ log, answerer, config: { requestTimeoutMs: 2_000 } }));
    const gone = new AbortController();
    gone.abort();
    const started = Date.now();
    const res = await app.request('/api/ask', { ...streamInit(), signal: gone.signal });
    await res.text().catch(() => '');
    await waitFor(() => log.entries.some((e) => e.obj['msg'] === 'request'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(log.entries.find((e) => e.obj['msg'] === 'request')?.obj).toMatchObject({ outcome: 'client_closed' });
  });

  it.each([
    ['/api/ask', { question: 'q' }],
    ['/v1/chat/completions', { messages: [{ role: 'user', content: 'q' }] }],
  ])('JSON %s: 499 client_closed in the request log, no error line', async (path, body) => {
    const log = createRecordingLogger();
    const answerer = createFakeAnswerer({ hangUntilAborted: true });
    const app = createApp(fakeDeps({ log, answerer }));
    const controller = new AbortController();
    const pending = app.request(path, { ...streamInit(body), signal: controller.signal });
    await waitFor(() => answerer.calls.length === 1);
    controller.abort();
    const res = await pending;
    expect(res.status).toBe(499);
    const request = log.entries.find((e) => e.obj['msg'] === 'request');
    expect(request?.obj).toMatchObject({ status: 499, outcome: 'client_closed', streamed: false });
    expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
