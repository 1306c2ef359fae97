import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import {
  createFakeAnswerer,
  createRecordingLogger,
  fakeDeps,
  fakeStatement,
  jsonHeaders,
  parseSse,
  realStatement,
  sampleResult,
} from '../helpers/api-fakes.js';

const ask = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...jsonHeaders, ...headers },
  body: JSON.stringify(body),
});

describe('POST /api/ask (JSON)', () => {
  it('returns the answerer result and passes question and history through', async () => {
    const answerer = createFakeAnswerer();
    const app = createApp(fakeDeps({ answerer }));
    const history = [
      { role: 'user', content: '瓜达尔港？' },
      { role: 'assistant', content: '见第4段[4]。' },
    ];
    const res = await app.request('/api/ask', ask({ question: '  瓜达尔港有哪些项目？ ', history, extra: 1 }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(sampleResult);
    expect(answerer.calls).toHaveLength(1);
    // trimmed question; unknown fields dropped
    expect(answerer.calls[0]?.request).toEqual({ question: '瓜达尔港有哪些项目？', history });
    expect(answerer.calls[0]?.hooks?.signal).toBeInstanceOf(AbortSignal);
  });

  it('omits empty history', async () => {
    const answerer = createFakeAnswerer();
    const app = createApp(fakeDeps({ answerer }));
    await app.request('/api/ask', ask({ question: 'q', history: [] }));
    expect(answerer.calls[0]?.request).toEqual({ question: 'q' });
  });

  it('an explicit "stream": false wins over Accept: text/event-stream', async () => {
    const app = createApp(fakeDeps());
    const res = await app.request('/api/ask', ask({ question: 'q', stream: false }, { Accept: 'text/event-stream' }));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('POST /api/ask (SSE)', () => {
  it.each([
    ['"stream": true', { question: '瓜达尔港？', stream: true }, {}],
    ['Accept: text/event-stream', { question: '瓜达尔港？' }, { Accept: 'text/event-stream' }],
  ])('streams retrieved, delta…, done with %s', async (_name, body, headers) => {
    const app = createApp(fakeDeps());
    const res = await app.request('/api/ask', ask(body, headers));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-cache');
    const { events } = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'delta', 'delta', 'done']);
    expect(JSON.parse(events[0]!.data)).toEqual({ retrieved: sampleResult.retrieved });
    const text = events.filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text).join('');
    expect(text).toBe(sampleResult.answer);
    expect(JSON.parse(events.at(-1)!.data)).toEqual(sampleResult);
  });

  it('sends retrieved and the whole answer as one delta when the answerer used no hooks', async () => {
    const app = createApp(fakeDeps({ answerer: createFakeAnswerer({ deltas: [], skipRetrievedHook: true }) }));
    const res = await app.request('/api/ask', ask({ question: 'q', stream: true }));
    const { events } = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'delta', 'done']);
    expect(JSON.parse(events[1]!.data)).toEqual({ text: sampleResult.answer });
  });
});

describe('GET /api/paragraphs', () => {
  it('lists title, source and paragraphs', async () => {
    const app = createApp(fakeDeps());
    const res = await app.request('/api/paragraphs');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      title: fakeStatement.title,
      source: fakeStatement.source,
      paragraphs: fakeStatement.paragraphs.map((p) => ({ number: p.number, text: p.text })),
    });
  });

  it('serves the real statement: 31 paragraphs numbered 1..31', async () => {
    const statement = realStatement();
    const app = createApp({ ...fakeDeps(), getState: () => ({ statement, answerer: createFakeAnswerer() }) });
    const body = (await (await app.request('/api/paragraphs')).json()) as { paragraphs: { number: number }[] };
    expect(body.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const p7 = await (await app.request('/api/paragraphs/7')).json();
    expect(p7).toEqual({ number: 7, text: statement.paragraphs[6]!.text });
  });

  it.each([
    ['1', 1],
    ['6', 6],
    ['06', 6], // leading zeros still spell a positive integer
  ])('GET /api/paragraphs/%s', async (param, n) => {
    const app = createApp(fakeDeps());
    const res = await app.request(`/api/paragraphs/${param}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ number: n, text: fakeStatement.paragraphs[n - 1]!.text });
  });
});

describe('GET /healthz', () => {
  it('reports ok, paragraph count and the health fields', async () => {
    const app = createApp(
      fakeDeps({ health: () => ({ embedder: 'e5', embedderNotice: 'fallback', llm: 'gpt-4o-mini', status: 'nope' }) }),
    );
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      paragraphs: 6,
      embedder: 'e5',
      embedderNotice: 'fallback',
      llm: 'gpt-4o-mini',
      limits: { maxQuestionChars: 2000, maxHistoryTurns: 20 },
    });
  });

  it('is 503 starting while no index is loaded, with the contract error shape too', async () => {
    const app = createApp(fakeDeps({ getState: () => null, config: { maxHistoryTurns: 4 } }));
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'starting',
      embedder: 'builtin-hash-v2',
      llm: null,
      limits: { maxQuestionChars: 2000, maxHistoryTurns: 4 },
      error: { code: 'index_not_ready', message: expect.stringContaining('index') },
    });
  });

  it('answers HEAD', async () => {
    const res = await createApp(fakeDeps()).request('/healthz', { method: 'HEAD' });
    expect(res.status).toBe(200);
  });
});

describe('index not ready', () => {
  it.each([
    ['POST', '/api/ask', { question: 'q' }],
    ['POST', '/api/ask', { question: 'q', stream: true }],
    ['GET', '/api/paragraphs', undefined],
    ['GET', '/api/paragraphs/3', undefined],
    ['POST', '/v1/chat/completions', { messages: [{ role: 'user', content: 'q' }] }],
  ])('%s %s → 503 index_not_ready', async (method, path, body) => {
    const app = createApp(fakeDeps({ getState: () => null }));
    const res = await app.request(path, body === undefined ? { method } : { method, headers: jsonHeaders, body: JSON.stringify(body) });
    expect(res.status).toBe(503);
    const openAI = path.startsWith('/v1/') ? { type: 'server_error', param: null } : {};
    expect(await res.json()).toEqual({ error: { code: 'index_not_ready', message: expect.any(String), ...openAI } });
  });

  it('swapping the state is seen by the next request', async () => {
    let state: ReturnType<ReturnType<typeof fakeDeps>['getState']> = null;
    const app = createApp({ ...fakeDeps(), getState: () => state });
    expect((await app.request('/api/paragraphs')).status).toBe(503);
    state = { statement: fakeStatement, answerer: createFakeAnswerer() };
    expect((await app.request('/api/paragraphs')).status).toBe(200);
  });
});

describe('OpenAI-compatible routes (in-process)', () => {
  it('GET /v1/models lists the assistant', async () => {
    const app = createApp(fakeDeps({ now: () => 1_700_000_000_000 }));
    const res = await app.request('/v1/models');
    expect(await res.json()).toEqual({
      object: 'list',
      data: [{ id: 'cpec-statement-assistant', object: 'model', created: 1_700_000_000, owned_by: 'cpec-statement-assistant' }],
    });
    expect((await app.request('/v1/models/cpec-statement-assistant')).status).toBe(200);
    const missing = await app.request('/v1/models/gpt-4');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('gpt-4'), type: 'invalid_request_error', param: null },
    });
  });

  it('maps messages to question and history, returns a chat.completion with citations', async () => {
    const answerer = createFakeAnswerer();
    const app = createApp(fakeDeps({ answerer, config: { maxHistoryTurns: 2 } }));
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({
        model: 'cpec-statement-assistant',
        temperature: 0.2,
        messages: [
          { role: 'system', content: 'You are helpful.' },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'answer one [2]' },
          { role: 'user', content: [{ type: 'text', text: 'second' }] },
          { role: 'assistant', content: null },
          { role: 'user', content: [{ type: 'text', text: '瓜达尔港' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: '有哪些项目？' }] },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'cpec-statement-assistant',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: sampleResult.answer, citations: sampleResult.citations },
        },
      ],
      retrieved: sampleResult.retrieved,
      refused: false,
      mode: 'extractive',
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    // the two most recent earlier turns; system and empty messages dropped
    expect(answerer.calls[0]?.request).toEqual({
      question: '瓜达尔港\n有哪些项目？',
      history: [
        { role: 'assistant', content: 'answer one [2]' },
        { role: 'user', content: 'second' },
      ],
    });
  });

  it('tolerates a missing model', async () => {
    const app = createApp(fakeDeps());
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ messages: [{ role: 'user', content: 'q' }] }),
    });
    expect(res.status).toBe(200);
  });

  it('streams chat.completion.chunk events with citations on the final chunk and [DONE]', async () => {
    const app = createApp(fakeDeps());
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ model: 'cpec-statement-assistant', stream: true, messages: [{ role: 'user', content: 'q' }] }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { events } = parseSse(await res.text());
    expect(events.every((e) => e.event === undefined)).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe(sampleResult.answer);
    const last = chunks.at(-1);
    expect(last.choices[0]).toMatchObject({ finish_reason: 'stop', delta: { citations: sampleResult.citations } });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });
});

describe('static web page', () => {
  const root = mkdtempSync(join(tmpdir(), 'web-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'styles.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  const app = createApp(fakeDeps({ webRoot: root }));

  it.each([
    ['/', /^text\/html/],
    ['/index.html', /^text\/html/],
    ['/app.js', /javascript/],
    ['/styles.css', /^text\/css/],
  ])('GET %s', async (path, type) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/%2e%2e/package.json', '/..%2Fpackage.json', '/%2e%2e%2fpackage.json', '/.env', '/missing.js', '/api/x'])(
    'does not serve %s',
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    },
  );

  it('has no web page when webRoot is not given', async () => {
    expect((await createApp(fakeDeps()).request('/')).status).toBe(404);
  });
});

describe('request logs', () => {
  it('writes one JSON-able line per request with method, path, status, ms, mode; no headers', async () => {
    const log = createRecordingLogger();
    let t = 0;
    const app = createApp(fakeDeps({ log, now: () => (t += 5), config: { apiToken: 'sekret' } }));
    await app.request('/api/ask?token=abc', ask({ question: 'q' }, { Authorization: 'Bearer sekret' }));
    await app.request('/api/paragraphs/99', { headers: { Authorization: 'Bearer sekret' } });
    await (await app.request('/api/ask', ask({ question: 'q', stream: true }, { Authorization: 'Bearer sekret' }))).text();
    await new Promise((r) => setTimeout(r, 10));
    const lines = log.entries.filter((e) => e.obj['msg'] === 'request');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      level: 'info',
      obj: expect.objectContaining({ method: 'POST', path: '/api/ask', status: 200, mode: 'extractive', ms: expect.any(Number) }),
    });
    expect(lines[1]).toMatchObject({ level: 'warn', obj: { status: 404, path: '/api/paragraphs/99' } });
    expect(lines[2]).toMatchObject({ level: 'info', obj: { status: 200, streamed: true, outcome: 'done', mode: 'extractive' } });
    const serialised = JSON.stringify(log.entries);
    expect(serialised).not.toContain('sekret');
    expect(serialised).not.toContain('token=abc');
  });
});

describe('request logs say what happened, at its level', () => {
  const requestLine = (log: ReturnType<typeof createRecordingLogger>) => log.entries.find((e) => e.obj['msg'] === 'request');

  it.each<[string, string, string, RequestInit]>([
    // The readiness probe answering "not yet" is what it is for: nothing failed.
    ['/healthz while the index is being built', 'info', '/healthz', {}],
    ['a question while the index is being built', 'warn', '/api/ask', ask({ question: 'q' })],
    [
      'a chat completion while the index is being built',
      'warn',
      '/v1/chat/completions',
      { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ messages: [{ role: 'user', content: 'q' }] }) },
    ],
  ])('%s: 503, outcome starting, logged at %s, never as an error', async (_name, level, path, init) => {
    const log = createRecordingLogger();
    const app = createApp(fakeDeps({ log, getState: () => null }));
    expect((await app.request(path, init)).status).toBe(503);
    expect(requestLine(log)).toMatchObject({ level, obj: { status: 503, outcome: 'starting' } });
    expect(log.entries.some((e) => e.level === 'error')).toBe(false);
  });

  it('an unexpected failure is still an error', async () => {
    const log = createRecordingLogger();
    const answerer = { answer: async () => Promise.reject(new Error('boom')) };
    const app = createApp(fakeDeps({ log, answerer }));
    expect((await app.request('/api/ask', ask({ question: 'q' }))).status).toBe(500);
    expect(requestLine(log)).toMatchObject({ level: 'error', obj: { status: 500 } });
  });
});

describe('Content-Security-Policy', () => {
  it('is strict on every response: self only, no framing, no inline script or style', async () => {
    const res = await createApp(fakeDeps()).request('/healthz');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "img-src 'self' data:",
      "style-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
  });
});
