import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { startServer, type RunningServer } from '../../src/api/serve.js';
import type { AnswerResult, Answerer } from '../../src/types.js';
import { createRecordingLogger, fakeDeps, sampleResult } from '../helpers/api-fakes.js';

/*
 * A client that asks for a stream and never reads: once the socket's buffers are full, a write waits,
 * and after SSE_WRITE_TIMEOUT_MS the server closes the connection and cancels the answer, instead of
 * holding a large answer for as long as the client likes.
 */

describe('SSE to a client that never reads', () => {
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close(100))));

  // Both dialects: ours on /api/ask, OpenAI's on /v1.
  it.each<[string, Record<string, unknown>]>([
    ['/api/ask', { question: 'q', stream: true }],
    ['/v1/chat/completions', { messages: [{ role: 'user', content: 'q' }], stream: true }],
  ])('%s is closed after the write timeout, the answer cancelled and logged as stalled', async (path, request) => {
    let signal: AbortSignal | undefined;
    const piece = 'x'.repeat(512 * 1024);
    // 32 MB of answer, far more than the socket buffers on both sides hold.
    const answerer: Answerer = {
      async answer(_request, hooks): Promise<AnswerResult> {
        signal = hooks?.signal;
        hooks?.onRetrieved?.(sampleResult.retrieved);
        for (let i = 0; i < 64; i++) hooks?.onDelta?.(piece);
        await new Promise<void>((resolve) => {
          if (signal?.aborted) resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        throw signal?.reason ?? new Error('aborted');
      },
    };
    const log = createRecordingLogger();
    const timeouts = { headersMs: 10_000, bodyMs: 30_000, keepAliveMs: 5_000, sseWriteMs: 500, shutdownGraceMs: 1_000 };
    const server = await startServer(createApp(fakeDeps({ answerer, log, config: { timeouts } })), { port: 0 });
    servers.push(server);

    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const body = JSON.stringify(request);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    // Never read: the receive buffer fills, then the server's send buffer, then its writes wait.
    socket.pause();
    socket.on('error', () => {});

    const started = Date.now();
    const deadline = started + 15_000;
    const stalled = () => log.entries.find((e) => e.obj['msg'] === 'request' && e.obj['outcome'] === 'stalled');
    while (stalled() === undefined) {
      if (Date.now() > deadline) throw new Error(`not closed in time: ${JSON.stringify(log.entries.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(signal?.aborted).toBe(true);
    expect(stalled()!.obj).toMatchObject({ path, status: 200, streamed: true });
    socket.destroy();
  }, 30_000);
});
