import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { createRateLimiter } from '../../src/api/rate-limit.js';
import { loadConfig } from '../../src/config.js';
import { createFakeAnswerer, fakeDeps, jsonHeaders, parseSse } from '../helpers/api-fakes.js';

const askInit = (headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...jsonHeaders, ...headers },
  body: '{"question":"q"}',
});

describe('createRateLimiter', () => {
  it('allows a burst of perMinute, then refills smoothly', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => t });
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').ok).toBe(true); // per key
    t = 19_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    t = 20_000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('is off at 0', () => {
    const limiter = createRateLimiter({ perMinute: 0, now: () => 0 });
    for (let i = 0; i < 1000; i++) expect(limiter.take('a').ok).toBe(true);
  });

  it('drops idle buckets when the key table is full', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 1, now: () => t, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    t = 60_000; // a and b are full again, so they can be forgotten
    expect(limiter.take('c').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
  });

  it('never holds more than maxKeys, evicting the least recently seen, and stays fast', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 5, now: () => t, maxKeys: 1_000 });
    const started = performance.now();
    let largest = 0;
    let refused = 0;
    // 200 000 distinct clients within one window: nothing is idle, so sweeps free nothing.
    for (let i = 0; i < 200_000; i++) {
      t += 0.1;
      if (!limiter.take(`k${i}`).ok) refused++;
      largest = Math.max(largest, limiter.size());
    }
    // ~0.1 s here; a full scan for every new key once full would grow with the table.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(largest).toBe(1_000);
    expect(refused).toBe(0);
  });

  it('keeps a busy client that is out of budget while newcomers evict the idle ones', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 1, now: () => t, maxKeys: 3 });
    expect(limiter.take('busy').ok).toBe(true);
    for (let i = 0; i < 10; i++) {
      t += 10;
      expect(limiter.take('busy').ok).toBe(false);
      limiter.take(`drive-by-${i}`);
    }
    expect(limiter.size()).toBe(3);
    expect(limiter.take('busy').ok).toBe(false);
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default and parsed as a boolean', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });

  const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
  const limited = (trustProxy: boolean) => createApp(fakeDeps({ config: { rateLimitPerMinute: 1, trustProxy } }));

  it('on: one bucket per last X-Forwarded-For hop (what the proxy appended), the socket address without the header', async () => {
    const app = limited(true);
    const via = (xff: string) => ({ headers: { 'X-Forwarded-For': xff } });
    const balancer = socket('10.0.0.2');
    expect((await app.request('/api/paragraphs', via('forged-by-client, 203.0.113.7'), balancer)).status).toBe(200);
    // A client writing another first hop still lands in the bucket of the address the proxy saw.
    expect((await app.request('/api/paragraphs', via('another-forgery, 203.0.113.7 '), balancer)).status).toBe(429);
    expect((await app.request('/api/paragraphs', via('198.51.100.1'), balancer)).status).toBe(200);
    expect((await app.request('/api/paragraphs', {}, balancer)).status).toBe(200);
    expect((await app.request('/api/paragraphs', { headers: { 'X-Forwarded-For': '' } }, balancer)).status).toBe(429);
  });

  it('off: X-Forwarded-For is ignored, the socket address is the key', async () => {
    const app = limited(false);
    const balancer = socket('10.0.0.2');
    expect((await app.request('/api/paragraphs', { headers: { 'X-Forwarded-For': '1.1.1.1' } }, balancer)).status).toBe(200);
    expect((await app.request('/api/paragraphs', { headers: { 'X-Forwarded-For': '2.2.2.2' } }, balancer)).status).toBe(429);
    expect((await app.request('/api/paragraphs', {}, socket('10.0.0.3'))).status).toBe(200);
  });
});

describe('rate limit middleware', () => {
  it('429 rate_limited with Retry-After per client, on /api and /v1 but not /healthz', async () => {
    let t = 1_000_000;
    const app = createApp(
      fakeDeps({ now: () => t, config: { rateLimitPerMinute: 2 }, clientKey: (c) => c.req.header('x-test-client') ?? '?' }),
    );
    const a = { 'x-test-client': 'a' };
    expect((await app.request('/api/ask', askInit(a))).status).toBe(200);
    expect((await app.request('/v1/models', { headers: a })).status).toBe(200);
    const limited = await app.request('/api/ask', askInit(a));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('30 s') } });
    expect((await app.request('/api/ask', askInit({ 'x-test-client': 'b' }))).status).toBe(200);
    expect((await app.request('/healthz', { headers: a })).status).toBe(200);
    t += 30_000;
    expect((await app.request('/api/ask', askInit(a))).status).toBe(200);
  });

  it('is off when rateLimitPerMinute is 0', async () => {
    const app = createApp(fakeDeps({ config: { rateLimitPerMinute: 0 } }));
    for (let i = 0; i < 50; i++) expect((await app.request('/api/paragraphs')).status).toBe(200);
  });
});

describe('bearer token', () => {
  const app = createApp(fakeDeps({ config: { apiToken: 's3cret' }, webRoot: undefined }));

  it.each([
    ['no header', {}],
    ['wrong token', { Authorization: 'Bearer nope' }],
    ['wrong scheme', { Authorization: 'Basic czNjcmV0' }],
    ['empty bearer', { Authorization: 'Bearer ' }],
  ])('401 invalid_request with %s', async (_name, headers) => {
    for (const [path, init] of [
      ['/api/ask', askInit(headers)],
      ['/api/paragraphs', { headers }],
      ['/v1/models', { headers }],
      ['/v1/chat/completions', { method: 'POST', headers: { ...jsonHeaders, ...headers }, body: '{}' }],
    ] as const) {
      const res = await app.request(path, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const expected = { code: 'invalid_request', message: expect.any(String) };
      // On /v1 the error also carries OpenAI's type and param.
      expect(await res.json()).toEqual({
        error: path.startsWith('/v1/') ? { ...expected, type: 'authentication_error', param: null } : expected,
      });
    }
  });

  it('lets the right token through (case-insensitive scheme)', async () => {
    expect((await app.request('/api/ask', askInit({ Authorization: 'Bearer s3cret' }))).status).toBe(200);
    expect((await app.request('/api/paragraphs', { headers: { Authorization: 'bearer s3cret' } })).status).toBe(200);
  });

  it('keeps /healthz open', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe('CORS', () => {
  it('is off by default: no CORS headers', async () => {
    const app = createApp(fakeDeps());
    const res = await app.request('/api/paragraphs', { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows only the configured origins, preflight included, even with a token', async () => {
    const app = createApp(fakeDeps({ config: { corsOrigins: ['https://ok.example'], apiToken: 't' } }));
    const pre = await app.request('/api/ask', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://ok.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

    const ok = await app.request('/api/paragraphs', { headers: { Origin: 'https://ok.example', Authorization: 'Bearer t' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    // error responses carry CORS headers too, so the page can read them
    const denied = await app.request('/api/paragraphs', { headers: { Origin: 'https://ok.example' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('https://ok.example');

    const other = await app.request('/api/paragraphs', { headers: { Origin: 'https://evil.example', Authorization: 'Bearer t' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request timeout', () => {
  it('JSON: 504 upstream_error and the answerer signal aborts', async () => {
    const answerer = createFakeAnswerer({ hangUntilAborted: true });
    const app = createApp(fakeDeps({ answerer, config: { requestTimeoutMs: 50 } }));
    const res = await app.request('/api/ask', askInit());
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ error: { code: 'upstream_error', message: expect.stringContaining('0.1 s') } });
    expect(answerer.lastSignal()?.aborted).toBe(true);
  });

  it('JSON: settles at the deadline even when the answerer ignores its signal', async () => {
    const app = createApp(fakeDeps({ answerer: createFakeAnswerer({ hangForever: true }), config: { requestTimeoutMs: 50 } }));
    expect((await app.request('/api/ask', askInit())).status).toBe(504);
  });

  it('SSE: the stream ends with an error event', async () => {
    const answerer = createFakeAnswerer({ hangUntilAborted: true });
    const app = createApp(fakeDeps({ answerer, config: { requestTimeoutMs: 50 } }));
    const res = await app.request('/api/ask', { ...askInit(), body: '{"question":"q","stream":true}' });
    expect(res.status).toBe(200);
    const { events } = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'error']);
    expect(JSON.parse(events[1]!.data)).toEqual({ error: { code: 'upstream_error', message: expect.any(String) } });
    expect(answerer.lastSignal()?.aborted).toBe(true);
  });
});
