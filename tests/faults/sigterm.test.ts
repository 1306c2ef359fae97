import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { startStubOpenAiServer, textChunks, type StubOpenAiServer } from '../helpers/stub-openai-server.js';
import { OFFLINE_ENV, spawnServer, sseEvents, tempDir, type ServerChild } from '../helpers/ops-harness.js';

/*
 * SIGTERM while an answer is streaming: the built server (`node dist/server.js`) lets the stream
 * finish with `done`, refuses new work, and exits 0.
 */

describe('SIGTERM while streaming', () => {
  const index = tempDir('sigterm');
  let stub: StubOpenAiServer;
  let server: ServerChild | undefined;

  beforeAll(async () => {
    await ensureIndex(loadConfig({ ...OFFLINE_ENV, INDEX_DIR: index.dir }), { info() {}, warn() {} });
    // A slow model: about 1.2 s of streamed answer.
    stub = await startStubOpenAiServer({
      chunkDelayMs: 120,
      defaultReply: { type: 'stream', chunks: textChunks('双方同意加快推进瓜达尔港配套设施建设，推进瓜达尔港新国际机场等项目[7]。', 4) },
    });
  });
  afterAll(async () => {
    await server?.kill();
    await stub?.close();
    index.remove();
  });

  it('the stream ends with done and the process exits 0', async () => {
    server = await spawnServer({ INDEX_DIR: index.dir, OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: 'k', LOG_LEVEL: 'info' });
    const res = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '瓜达尔港有哪些项目？', stream: true }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let signalled = false;
    let refused: Promise<string> | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!signalled && text.includes('event: delta')) {
        signalled = true;
        server.child.kill('SIGTERM');
        // While the stream drains, the port takes no new work.
        const url = server.url;
        refused = new Promise((r) => setTimeout(r, 200)).then(() =>
          fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
            (res) => `answered ${res.status}`,
            () => 'refused',
          ),
        );
      }
    }
    expect(signalled).toBe(true);
    const events = sseEvents(text);
    expect(events.at(-1)?.event).toBe('done');
    const result = JSON.parse(events.at(-1)!.data) as { mode: string; answer: string };
    expect(result.mode).toBe('llm');
    expect(result.answer).toContain('[7]');
    expect(await refused).toBe('refused');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('SIGTERM');
    expect(server.stderr()).not.toMatch(/Error|at /);
  });
});
