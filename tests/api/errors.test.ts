import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { AppError } from '../../src/errors.js';
import { createFakeAnswerer, createRecordingLogger, fakeDeps, jsonHeaders } from '../helpers/api-fakes.js';

const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });
/** On /v1 the contract's error also carries OpenAI's `type` and `param`. */
const errorShapeAt = (path: string, code: string) =>
  path.startsWith('/v1/')
    ? { error: { code, message: expect.any(String), type: expect.any(String), param: expect.toSatisfy((p: unknown) => p === null || typeof p === 'string') } }
    : errorShape(code);

const post = (path: string, body: string, headers: Record<string, string> = jsonHeaders): [string, RequestInit] => [
  path,
  { method: 'POST', headers, body },
];

const turns = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `t${i}` }));

describe('bad requests', () => {
  const app = createApp(fakeDeps({ config: { maxQuestionChars: 10, maxHistoryTurns: 3, maxBodyBytes: 1024 } }));

  it.each<[string, [string, RequestInit], number, string, RegExp?]>([
    ['malformed JSON', post('/api/ask', '{"question": "q",}'), 400, 'invalid_request', /not valid JSON/],
    ['truncated JSON', post('/api/ask', '{"question": "瓜达'), 400, 'invalid_request', /not valid JSON/],
    ['empty body', post('/api/ask', ''), 400, 'invalid_request'],
    ['JSON null', post('/api/ask', 'null'), 400, 'invalid_request'],
    ['JSON array', post('/api/ask', '[]'), 400, 'invalid_request'],
    ['missing question', post('/api/ask', '{}'), 400, 'invalid_request', /^question: is required$/],
    ['question a number', post('/api/ask', '{"question": 7}'), 400, 'invalid_request', /^question: must be a string$/],
    ['empty question', post('/api/ask', '{"question": ""}'), 400, 'invalid_request', /^question: must not be empty$/],
    ['blank question', post('/api/ask', '{"question": " \\n\\t　 "}'), 400, 'invalid_request', /must not be empty/],
    ['too long question', post('/api/ask', JSON.stringify({ question: '瓜'.repeat(11) })), 400, 'invalid_request', /at most 10 characters/],
    ['history not an array', post('/api/ask', '{"question": "q", "history": "x"}'), 400, 'invalid_request', /history/],
    ['bad history role', post('/api/ask', '{"question": "q", "history": [{"role": "system", "content": "x"}]}'), 400, 'invalid_request', /history\.0\.role/],
    ['history content not a string', post('/api/ask', '{"question": "q", "history": [{"role": "user", "content": 1}]}'), 400, 'invalid_request', /history\.0\.content/],
    ['too many history turns', post('/api/ask', JSON.stringify({ question: 'q', history: turns(4) })), 400, 'invalid_request', /at most 3 turns/],
    ['stream not a boolean', post('/api/ask', '{"question": "q", "stream": "yes"}'), 400, 'invalid_request', /^stream: must be a boolean$/],
    ['huge body', post('/api/ask', JSON.stringify({ question: 'q', pad: 'x'.repeat(5000) })), 413, 'payload_too_large'],
    ['huge body with Content-Length', post('/api/ask', JSON.stringify({ question: 'q', pad: 'x'.repeat(5000) }), { ...jsonHeaders, 'Content-Length': '5030' }), 413, 'payload_too_large'],
    ['text/plain body', post('/api/ask', '{"question": "q"}', { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type', /Content-Type/],
    ['form body', post('/api/ask', 'question=q', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
    ['no content type', ['/api/ask', { method: 'POST', body: new Blob(['{"question":"q"}']) }], 415, 'unsupported_media_type'],
    ['chat: no messages', post('/v1/chat/completions', '{"model": "cpec-statement-assistant"}'), 400, 'invalid_request', /messages/],
    ['chat: empty messages', post('/v1/chat/completions', '{"messages": []}'), 400, 'invalid_request', /messages/],
    ['chat: no user message', post('/v1/chat/completions', '{"messages": [{"role": "system", "content": "x"}]}'), 400, 'invalid_request', /user message/],
    ['chat: empty question', post('/v1/chat/completions', '{"messages": [{"role": "user", "content": "  "}]}'), 400, 'invalid_request', /messages\.0\.content/],
    ['chat: unknown model', post('/v1/chat/completions', '{"model": "gpt-4o", "messages": [{"role": "user", "content": "q"}]}'), 404, 'not_found', /gpt-4o/],
    ['chat: malformed JSON', post('/v1/chat/completions', '{"messages": ['), 400, 'invalid_request'],
    ['chat: content wrong type', post('/v1/chat/completions', '{"messages": [{"role": "user", "content": 5}]}'), 400, 'invalid_request'],
    ['paragraph abc', ['/api/paragraphs/abc', {}], 400, 'invalid_request', /positive integer/],
    ['paragraph 1.5', ['/api/paragraphs/1.5', {}], 400, 'invalid_request'],
    ['paragraph -1', ['/api/paragraphs/-1', {}], 400, 'invalid_request'],
    ['paragraph +1', ['/api/paragraphs/+1', {}], 400, 'invalid_request'],
    ['paragraph 0', ['/api/paragraphs/0', {}], 400, 'invalid_request'],
    ['paragraph 1e1', ['/api/paragraphs/1e1', {}], 400, 'invalid_request'],
    ['paragraph ..%2F', ['/api/paragraphs/..%2F', {}], 400, 'invalid_request'],
    ['paragraph %20 1', ['/api/paragraphs/%201', {}], 400, 'invalid_request'],
    ['paragraph 7 (outside 1..6)', ['/api/paragraphs/7', {}], 404, 'not_found', /1 to 6/],
    ['paragraph 99999999999999999999', ['/api/paragraphs/99999999999999999999', {}], 404, 'not_found', /no paragraph 99999999999999999999:/],
    ['paragraph 99999999999999999999999', ['/api/paragraphs/99999999999999999999999', {}], 404, 'not_found', /no paragraph 99999999999999999999999:/],
    ['paragraph 0000000000000000000009 (leading zeros)', ['/api/paragraphs/0000000000000000000009', {}], 404, 'not_found', /no paragraph 9:/],
    ['paragraph 999999', ['/api/paragraphs/999999', {}], 404, 'not_found', /no paragraph 999999:/],
    ['unknown route', ['/api/nope', {}], 404, 'not_found'],
    ['unknown root route', ['/nope', {}], 404, 'not_found'],
    ['trailing slash', ['/api/paragraphs/3/', {}], 404, 'not_found'],
    ['GET /api/ask', ['/api/ask', {}], 405, 'method_not_allowed', /POST/],
    ['DELETE /api/paragraphs/3', ['/api/paragraphs/3', { method: 'DELETE' }], 405, 'method_not_allowed'],
    ['PUT /v1/chat/completions', ['/v1/chat/completions', { method: 'PUT' }], 405, 'method_not_allowed'],
    ['POST /healthz', ['/healthz', { method: 'POST' }], 405, 'method_not_allowed'],
    ['OPTIONS /api/ask without CORS', ['/api/ask', { method: 'OPTIONS' }], 405, 'method_not_allowed'],
  ])('%s', async (_name, [path, init], status, code, message) => {
    const res = await app.request(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body).toEqual(errorShapeAt(path, code));
    if (message) expect(body.error.message).toMatch(message);
  });

  it('405 carries an Allow header', async () => {
    const res = await app.request('/api/ask', { method: 'GET' });
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('accepts application/json with a charset and +json types', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/vnd.api+json']) {
      const res = await app.request('/api/ask', { method: 'POST', headers: { 'Content-Type': type }, body: '{"question":"q"}' });
      expect(res.status).toBe(200);
    }
  });

  it('counts question length in characters, not UTF-16 units', async () => {
    const res = await app.request(...post('/api/ask', JSON.stringify({ question: '𠀀'.repeat(10) })));
    expect(res.status).toBe(200);
  });
});

describe('answerer failures (JSON)', () => {
  it('maps an AppError to its status and code', async () => {
    const app = createApp(fakeDeps({ answerer: createFakeAnswerer({ error: new AppError('upstream_error', 'LLM said no') }) }));
    const res = await app.request(...post('/api/ask', '{"question":"q"}'));
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: { code: 'upstream_error', message: 'LLM said no' } });
  });

  it('hides an unexpected error behind a generic 500 and logs the detail', async () => {
    const log = createRecordingLogger();
    const app = createApp(fakeDeps({ log, answerer: createFakeAnswerer({ error: new TypeError('secret internal detail at /srv/x.ts') }) }));
    const res = await app.request(...post('/api/ask', '{"question":"q"}'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error.' } });
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
    const logged = log.entries.find((e) => e.level === 'error' && e.obj['msg'] === 'unhandled error');
    expect(logged?.obj).toMatchObject({ errorName: 'TypeError', errorMessage: 'secret internal detail at /srv/x.ts' });
    expect(logged?.obj['stack']).toEqual(expect.any(String));
  });

  it('maps a thrown non-Error to 500 internal', async () => {
    const app = createApp(fakeDeps({ answerer: { answer: () => Promise.reject('boom') } }));
    const res = await app.request(...post('/api/ask', '{"question":"q"}'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(errorShape('internal'));
  });

  it('a failing health() is a 500 in the contract shape', async () => {
    const app = createApp(fakeDeps({ health: () => { throw new Error('x'); } }));
    const res = await app.request('/healthz');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(errorShape('internal'));
  });
});
