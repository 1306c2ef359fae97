import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { startServer, type RunningServer } from '../../src/api/serve.js';
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
    await expect(startServer(createApp(fakeDeps()), { port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
