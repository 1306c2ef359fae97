import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient, DEFAULT_MAX_TOKENS, LlmError, MAX_READ_CHARS, redactSecrets, type LlmConfig } from '../../src/answer/llm-client.js';
import type { ChatMessage } from '../../src/answer/prompt.js';
import { startStubOpenAiServer, textChunks, type StubOpenAiServer } from '../helpers/stub-openai-server.js';

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'rules' },
  { role: 'user', content: 'question' },
];

let stub: StubOpenAiServer;

beforeEach(async () => {
  stub = await startStubOpenAiServer();
});
afterEach(async () => {
  await stub.close();
});

function client(overrides: Partial<LlmConfig> = {}) {
  return createLlmClient(
    {
      baseURL: stub.baseURL,
      apiKey: 'test-key',
      model: 'stub-model',
      temperature: 0.1,
      timeoutMs: 5_000,
      idleTimeoutMs: 1_000,
      maxRetries: 2,
      ...overrides,
    },
    { backoffMs: () => 10 },
  );
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

describe('createLlmClient', () => {
  it('streams deltas and resolves with the full text', async () => {
    const text = '双方同意加快推进瓜达尔港配套设施建设[7]。';
    stub.enqueue({ type: 'stream', chunks: textChunks(text, 3) });
    const deltas: string[] = [];
    const llm = client();
    const out = await llm.streamAnswer(MESSAGES, { onDelta: (d) => deltas.push(d) });
    expect(out).toEqual({ text, cut: false, finishReason: 'stop', reasoningChars: 0 });
    expect(deltas.join('')).toBe(text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(llm.model).toBe('stub-model');
    expect(stub.requests).toHaveLength(1);
    const req = stub.requests[0]!;
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer test-key');
    expect(req.body).toMatchObject({
      model: 'stub-model',
      stream: true,
      temperature: 0.1,
      messages: MESSAGES,
      stream_options: { include_usage: true },
      max_tokens: DEFAULT_MAX_TOKENS,
    });
  });

  it('accepts a stream that ends without [DONE]', async () => {
    stub.enqueue({ type: 'stream', chunks: ['a', 'b'], done: false });
    await expect(client().streamAnswer(MESSAGES)).resolves.toMatchObject({ text: 'ab' });
  });

  it.each([
    [500, 2],
    [503, 1],
    [429, 2],
    [408, 1],
  ])('retries %i (%i times) and then succeeds', async (status, times) => {
    for (let i = 0; i < times; i++) stub.enqueue({ type: 'status', status });
    stub.enqueue({ type: 'stream', chunks: ['ok'] });
    await expect(client().streamAnswer(MESSAGES)).resolves.toMatchObject({ text: 'ok' });
    expect(stub.requests).toHaveLength(times + 1);
  });

  it('gives up after maxRetries retries with the last status', async () => {
    stub.setDefault({ type: 'status', status: 500 });
    const err = await failure(client({ maxRetries: 2 }).streamAnswer(MESSAGES));
    expect(err).toMatchObject({ kind: 'http', status: 500, retryable: true, attempts: 3 });
    expect(err.cause).toBeDefined();
    expect(stub.requests).toHaveLength(3);
  });

  it('makes exactly one request with maxRetries 0', async () => {
    stub.setDefault({ type: 'status', status: 502 });
    await failure(client({ maxRetries: 0 }).streamAnswer(MESSAGES));
    expect(stub.requests).toHaveLength(1);
  });

  it.each([400, 401, 404, 422])('does not retry %i', async (status) => {
    stub.setDefault({ type: 'status', status });
    const err = await failure(client().streamAnswer(MESSAGES));
    expect(err).toMatchObject({ kind: 'http', status, retryable: false, attempts: 1 });
    expect(stub.requests).toHaveLength(1);
  });

  it('times out a stream that stalls before any text, retrying it', async () => {
    stub.enqueue({ type: 'stream', chunks: ['x'], stallAfter: 0 }, { type: 'stream', chunks: ['late', ' but fine'] });
    await expect(client({ idleTimeoutMs: 200 }).streamAnswer(MESSAGES)).resolves.toMatchObject({ text: 'late but fine' });
    expect(stub.requests).toHaveLength(2);
    expect((await stub.waitForClose(0)).closedEarly).toBe(true);
  });

  it('times out a server that never answers', async () => {
    stub.setDefault({ type: 'stall' });
    const err = await failure(client({ idleTimeoutMs: 150, maxRetries: 1 }).streamAnswer(MESSAGES));
    expect(err).toMatchObject({ kind: 'idle_timeout', attempts: 2 });
    expect(stub.requests).toHaveLength(2);
  });

  it('never retries once text has been emitted', async () => {
    stub.enqueue({ type: 'stream', chunks: ['双方', '同意', '加快'], stallAfter: 2 });
    const deltas: string[] = [];
    const err = await failure(client({ idleTimeoutMs: 200 }).streamAnswer(MESSAGES, { onDelta: (d) => deltas.push(d) }));
    expect(err).toMatchObject({ kind: 'idle_timeout', attempts: 1 });
    expect(deltas).toEqual(['双方', '同意']);
    expect(stub.requests).toHaveLength(1);
    expect((await stub.waitForClose(0)).closedEarly).toBe(true);
  });

  it('does not retry a connection broken after text was emitted', async () => {
    stub.enqueue({ type: 'stream', chunks: ['a', 'b', 'c'], hangUpAfter: 2 });
    const err = await failure(client().streamAnswer(MESSAGES, { onDelta: () => {} }));
    expect(err).toMatchObject({ kind: 'connection', attempts: 1 });
    expect(stub.requests).toHaveLength(1);
  });

  it('retries a connection broken before any text', async () => {
    stub.enqueue({ type: 'stream', chunks: ['a'], hangUpAfter: 0 }, { type: 'stream', chunks: ['ok'] });
    await expect(client().streamAnswer(MESSAGES)).resolves.toMatchObject({ text: 'ok' });
    expect(stub.requests).toHaveLength(2);
  });

  it('bounds the whole call by timeoutMs even while chunks keep coming', async () => {
    stub.setDefault({ type: 'stream', chunks: Array.from({ length: 50 }, () => 'x'), chunkDelayMs: 40 });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 400, idleTimeoutMs: 300 }).streamAnswer(MESSAGES));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(stub.requests).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', ['{"id":"x","choices":[{"delta":{"content":"a"}}]}', '{not json'], 'invalid_response'],
    ['a chunk without choices', ['{"hello":"world"}'], 'invalid_response'],
    ['an error event', ['{"error":{"message":"model overloaded"}}'], 'upstream'],
  ] as const)('rejects %s without retrying', async (_name, events, kind) => {
    stub.setDefault({ type: 'raw', events });
    const err = await failure(client().streamAnswer(MESSAGES));
    expect(err.kind).toBe(kind);
    expect(stub.requests).toHaveLength(1);
  });

  it('retries connection failures and reports them', async () => {
    const port = new URL(stub.baseURL).port;
    await stub.close();
    const llm = createLlmClient(
      { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'k', model: 'm', temperature: 0, timeoutMs: 2_000, idleTimeoutMs: 1_000, maxRetries: 1 },
      { backoffMs: () => 1 },
    );
    const err = await failure(llm.streamAnswer(MESSAGES));
    expect(err).toMatchObject({ kind: 'connection', retryable: true, attempts: 2 });
    stub = await startStubOpenAiServer(); // for afterEach
  });

  it('aborts the upstream request when the caller aborts mid-stream', async () => {
    stub.enqueue({ type: 'stream', chunks: textChunks('x'.repeat(200), 2), chunkDelayMs: 20 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const p = client().streamAnswer(MESSAGES, {
      signal: controller.signal,
      onDelta: (d) => {
        deltas.push(d);
        if (deltas.length === 3) controller.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    const req = await stub.waitForClose(0);
    expect(req.closedEarly).toBe(true);
    expect(deltas).toHaveLength(3);
    expect(stub.requests).toHaveLength(1);
  });

  it('aborts while waiting for headers, and rejects at once when already aborted', async () => {
    stub.setDefault({ type: 'stall' });
    const controller = new AbortController();
    const p = client().streamAnswer(MESSAGES, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect((await stub.waitForClose(0)).closedEarly).toBe(true);
    await expect(client().streamAnswer(MESSAGES, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.requests).toHaveLength(1);
  });

  it('passes errors thrown by onDelta through untouched and stops the stream', async () => {
    stub.enqueue({ type: 'stream', chunks: ['a', 'b', 'c'], chunkDelayMs: 20 });
    const boom = new Error('client gone');
    await expect(
      client().streamAnswer(MESSAGES, {
        onDelta: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect((await stub.waitForClose(0)).closedEarly).toBe(true);
    expect(stub.requests).toHaveLength(1);
  });

  it('sends the smaller of the caller\'s max_tokens and its own, and reports a cut answer', async () => {
    stub.enqueue({ type: 'stream', chunks: ['双方', '同意'], finishReason: 'length' });
    const out = await client().streamAnswer(MESSAGES, { maxTokens: 12 });
    expect(stub.requests[0]!.body).toMatchObject({ max_tokens: 12 });
    expect(out).toMatchObject({ text: '双方同意', cut: true, finishReason: 'length' });
    stub.enqueue({ type: 'stream', chunks: ['x'] });
    await client().streamAnswer(MESSAGES, { maxTokens: 1_000_000 });
    expect(stub.requests[1]!.body).toMatchObject({ max_tokens: DEFAULT_MAX_TOKENS });
  });

  it('returns the model\'s own token counts when it sends them', async () => {
    const usage = { prompt_tokens: 812, completion_tokens: 37, total_tokens: 849 };
    stub.enqueue({ type: 'stream', chunks: ['ok'], usage });
    await expect(client().streamAnswer(MESSAGES)).resolves.toMatchObject({ text: 'ok', usage });
  });

  it.each(['reasoning_content', 'reasoning'] as const)('reads %s deltas without ever passing them on', async (field) => {
    stub.enqueue({ type: 'stream', reasoning: ['The user asks about [12].', ' Paragraph 12 says 100.'], reasoningField: field, chunks: ['双方', '同意[7]。'] });
    const deltas: string[] = [];
    const out = await client().streamAnswer(MESSAGES, { onDelta: (d) => deltas.push(d) });
    expect(out).toMatchObject({ text: '双方同意[7]。', reasoningChars: 48 });
    expect(deltas.join('')).toBe('双方同意[7]。');
  });

  it('stops reading when the caller has enough, closing the connection', async () => {
    stub.enqueue({ type: 'stream', chunks: Array.from({ length: 100 }, () => 'abc'), chunkDelayMs: 2 });
    let seen = 0;
    const out = await client().streamAnswer(MESSAGES, { onDelta: () => void seen++, shouldStop: () => seen >= 5 });
    expect(out).toMatchObject({ text: 'abc'.repeat(5), cut: true, finishReason: 'length' });
    expect((await stub.waitForClose(0)).closedEarly).toBe(true);
  });

  it(`stops reading past ${MAX_READ_CHARS} characters of content and reasoning`, async () => {
    stub.enqueue({ type: 'stream', reasoning: ['r'.repeat(MAX_READ_CHARS - 10)], chunks: Array.from({ length: 50 }, () => 'abcde') });
    const out = await client().streamAnswer(MESSAGES);
    expect(out).toMatchObject({ text: 'abcde'.repeat(3), cut: true });
  });

  it('keeps keys and bearer tokens out of its error messages', async () => {
    stub.setDefault({
      type: 'status',
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-proj-abcdefghijklmnop1234. Authorization: Bearer eyJhbGciOi.xyz', type: 'invalid_request_error' } },
    });
    const err = await failure(client().streamAnswer(MESSAGES));
    expect(err.message).toContain('sk-[redacted]');
    expect(err.message).toContain('Bearer [redacted]');
    expect(err.message).not.toMatch(/abcdefghijklmnop|eyJhbGciOi/);
  });

  it.each([
    ['Incorrect API key provided: sk-abc123def456', 'Incorrect API key provided: sk-[redacted]'],
    ['header Bearer abc.def.ghi was refused', 'header Bearer [redacted] was refused'],
    ['api_key=hunter22 and token: "s3cr3t"', 'api_key=[redacted] and token: "[redacted]"'],
    ['max_tokens: 4096 is fine', 'max_tokens: 4096 is fine'],
  ])('redactSecrets(%j)', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});
