import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { startServer, type RunningServer } from '../../src/api/serve.js';
import { PortInUseError } from '../../src/errors.js';
import type { AnswerHooks, AnswerResult, Answerer, AskRequest } from '../../src/types.js';
import { createFakeAnswerer, fakeDeps, parseSse, sampleResult } from '../helpers/api-fakes.js';

const waitFor = async (cond: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** An answerer whose progress the test controls: it retrieves, then waits for `release()`. */
function gatedAnswerer() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls: { request: AskRequest; hooks: AnswerHooks | undefined }[] = [];
  const answerer: Answerer = {
    async answer(request, hooks): Promise<AnswerResult> {
      calls.push({ request, hooks });
      hooks?.onRetrieved?.(sampleResult.retrieved);
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        hooks?.signal?.addEventListener('abort', () => reject(hooks.signal?.reason), { once: true });
      });
      hooks?.onDelta?.(sampleResult.answer);
      return sampleResult;
    },
  };
  return { answerer, calls, release: () => release() };
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(needle)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('real server + openai client', () => {
  let server: RunningServer;
  let client: OpenAI;
  const answerer = createFakeAnswerer();

  beforeAll(async () => {
    server = await startServer(createApp(fakeDeps({ answerer, config: { apiToken: 'tok' } })), { port: 0 });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'tok', maxRetries: 0 });
  });
  afterAll(() => server.close(100));

  it('listens on a free port', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('models.list', async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    expect(models).toEqual(['cpec-statement-assistant']);
  });

  it('chat.completions.create (non-streaming) carries citations on the message', async () => {
    const completion = await client.chat.completions.create({
      model: 'cpec-statement-assistant',
      messages: [
        { role: 'system', content: 'ignored' },
        { role: 'user', content: '瓜达尔港有哪些项目？' },
      ],
    });
    const message = completion.choices[0]!.message as typeof completion.choices[0]['message'] & { citations: unknown };
    expect(message.content).toBe(sampleResult.answer);
    expect(message.citations).toEqual(sampleResult.citations);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(answerer.calls.at(-1)?.request).toEqual({ question: '瓜达尔港有哪些项目？' });
  });

  it('chat.completions.create (streaming): text in deltas, citations on the final chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'cpec-statement-assistant',
      stream: true,
      messages: [{ role: 'user', content: '瓜达尔港有哪些项目？' }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(sampleResult.answer);
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect((last.choices[0]!.delta as { citations?: unknown }).citations).toEqual(sampleResult.citations);
  });

  it('chat.completions.stream() helper ends with citations on the final message', async () => {
    const runner = client.chat.completions.stream({
      model: 'cpec-statement-assistant',
      messages: [{ role: 'user', content: 'q' }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(sampleResult.answer);
    expect((final.choices[0]!.message as { citations?: unknown }).citations).toEqual(sampleResult.citations);
  });

  it('errors surface as openai APIError with the contract body', async () => {
    const err = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      code: 'not_found',
      message: expect.stringContaining('gpt-4o'),
      type: 'invalid_request_error',
      param: null,
    });

    const unauth = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(unauth.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('real server: /api/ask SSE through fetch', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close(100);
    server = undefined;
  });

  it('first bytes (retrieved) arrive before the answer is ready; done is last', async () => {
    const g = gatedAnswerer();
    server = await startServer(createApp(fakeDeps({ answerer: g.answerer })), { port: 0 });
    const res = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ question: '瓜达尔港？' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const head = await readUntil(reader, '\n\n');
    expect(parseSse(head).events.map((e) => e.event)).toEqual(['retrieved']);
    g.release();
    const rest = await readUntil(reader, 'event: done');
    const { events } = parseSse(head + rest + (await readUntil(reader, '\u0000')));
    expect(events.map((e) => e.event)).toEqual(['retrieved', 'delta', 'done']);
    expect(JSON.parse(events.at(-1)!.data)).toEqual(sampleResult);
  });

  it('a client disconnecting mid-stream aborts the answerer signal', async () => {
    const g = gatedAnswerer();
    server = await startServer(createApp(fakeDeps({ answerer: g.answerer })), { port: 0 });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'q', stream: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await readUntil(reader, 'event: retrieved');
    const signal = g.calls[0]!.hooks!.signal!;
    expect(signal.aborted).toBe(false);
    controller.abort();
    await waitFor(() => signal.aborted);
  });

  it('a client disconnecting from a JSON answer aborts the answerer signal too', async () => {
    const g = gatedAnswerer();
    server = await startServer(createApp(fakeDeps({ answerer: g.answerer })), { port: 0 });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'q' }),
      signal: controller.signal,
    }).catch(() => undefined);
    await waitFor(() => g.calls.length === 1);
    controller.abort();
    await pending;
    await waitFor(() => g.calls[0]!.hooks!.signal!.aborted);
  });

  it('close() lets a running answer finish and refuses new connections', async () => {
    const g = gatedAnswerer();
    const running = await startServer(createApp(fakeDeps({ answerer: g.answerer })), { port: 0 });
    const res = await fetch(`${running.url}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'q', stream: true }),
    });
    const reader = res.body!.getReader();
    await readUntil(reader, 'event: retrieved');
    const closeStarted = Date.now();
    const closed = running.close(3_000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    g.release();
    const rest = await readUntil(reader, 'event: done');
    expect(rest).toContain('event: done');
    await closed;
    expect(Date.now() - closeStarted).toBeLessThan(2_000); // did not wait for the grace period
    expect(g.calls[0]!.hooks!.signal!.aborted).toBe(false);
  });

  it('close(grace) destroys streams still running after the grace period', async () => {
    const g = gatedAnswerer();
    const running = await startServer(createApp(fakeDeps({ answerer: g.answerer })), { port: 0 });
    const res = await fetch(`${running.url}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'q', stream: true }),
    });
    const reader = res.body!.getReader();
    await readUntil(reader, 'event: retrieved');
    const started = Date.now();
    await running.close(100);
    expect(Date.now() - started).toBeLessThan(2_000);
    await waitFor(() => g.calls[0]!.hooks!.signal!.aborted);
    await reader.cancel().catch(() => {});
  });

  it('rejects when the port is taken', async () => {
    server = await startServer(createApp(fakeDeps()), { port: 0 });
    const err = await startServer(createApp(fakeDeps()), { port: server.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toMatch(new RegExp(`Port ${server.port} on 127\\.0\\.0\\.1 is already in use: .*PORT=`));
    expect(((err as Error).cause as { code?: string }).code).toBe('EADDRINUSE');
  });
});

describe('server timeouts', () => {
  it('a client that never finishes its headers is cut off after headersMs (408)', async () => {
    const { connect } = await import('node:net');
    const running = await startServer(createApp(fakeDeps()), { port: 0, timeouts: { headersMs: 500, bodyMs: 1_000, keepAliveMs: 500 } });
    try {
      const socket = connect(running.port, '127.0.0.1');
      let reply = '';
      socket.on('data', (d: Buffer) => (reply += d.toString()));
      socket.on('error', () => {});
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
      const started = performance.now();
      // A slowloris: the start of a request, then silence.
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const at = await closed;
      expect(at - started).toBeGreaterThanOrEqual(400);
      expect(at - started).toBeLessThan(3_000);
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await running.close(100);
    }
  });

  it('applies the keep-alive timeout', async () => {
    const running = await startServer(createApp(fakeDeps()), { port: 0, timeouts: { headersMs: 2_000, bodyMs: 5_000, keepAliveMs: 1_234 } });
    try {
      expect(running.server.keepAliveTimeout).toBe(1_234);
      expect(running.server.headersTimeout).toBe(2_000);
      expect(running.server.requestTimeout).toBe(5_000);
    } finally {
      await running.close(100);
    }
  });
});

describe('bodies that never finish', () => {
  it('a body that stops arriving gets Node\'s 408 after bodyMs, and the log says 408 (not 499, the client did not leave)', async () => {
    const { connect } = await import('node:net');
    const { createRecordingLogger } = await import('../helpers/api-fakes.js');
    const log = createRecordingLogger();
    const running = await startServer(createApp(fakeDeps({ log })), { port: 0, timeouts: { headersMs: 300, bodyMs: 600, keepAliveMs: 500 } });
    try {
      const socket = connect(running.port, '127.0.0.1');
      let reply = '';
      socket.on('data', (d: Buffer) => (reply += d.toString()));
      socket.on('error', () => {});
      await new Promise<void>((r) => socket.once('connect', () => r()));
      // Headers in time, then half the body and silence: the client is still there, waiting.
      socket.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"question":');
      await new Promise<void>((r) => socket.once('close', () => r()));
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
      const deadline = Date.now() + 5_000;
      while (!log.entries.some((e) => e.obj['msg'] === 'request')) {
        if (Date.now() > deadline) throw new Error('no request log');
        await new Promise((r) => setTimeout(r, 20));
      }
      const entry = log.entries.find((e) => e.obj['msg'] === 'request')!;
      expect(entry.obj).toMatchObject({ status: 408, path: '/api/ask' });
      expect(entry.level).toBe('warn');
      expect(log.entries.some((e) => e.level === 'error')).toBe(false);
    } finally {
      await running.close(100);
    }
  });

  it('a client that leaves mid-body is not a 500 (logged as 499), and a chunked body over the limit is a 413', async () => {
    const { connect } = await import('node:net');
    const { createRecordingLogger } = await import('../helpers/api-fakes.js');
    const log = createRecordingLogger();
    const running = await startServer(createApp(fakeDeps({ log, config: { maxBodyBytes: 1024 } })), { port: 0 });
    try {
      const socket = connect(running.port, '127.0.0.1');
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"question":');
      await new Promise((r) => setTimeout(r, 200));
      socket.destroy();
      const deadline = Date.now() + 5_000;
      while (!log.entries.some((e) => e.obj['msg'] === 'request')) {
        if (Date.now() > deadline) throw new Error('no request log');
        await new Promise((r) => setTimeout(r, 20));
      }
      const entry = log.entries.find((e) => e.obj['msg'] === 'request')!;
      expect(entry.obj['status']).toBe(499);
      expect(log.entries.some((e) => e.level === 'error')).toBe(false);

      // Chunked (no Content-Length): counted as it is read.
      const chunked = await new Promise<string>((resolve) => {
        const s = connect(running.port, '127.0.0.1', () => {
          s.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n');
          const piece = 'x'.repeat(600);
          s.write(`${piece.length.toString(16)}\r\n${piece}\r\n${piece.length.toString(16)}\r\n${piece}\r\n0\r\n\r\n`);
        });
        let reply = '';
        s.on('data', (d: Buffer) => (reply += d.toString()));
        s.on('close', () => resolve(reply));
        s.on('error', () => {});
      });
      expect(chunked).toMatch(/^HTTP\/1\.1 413/);
      expect(chunked).toContain('"code":"payload_too_large"');
    } finally {
      await running.close(100);
    }
  });
});
