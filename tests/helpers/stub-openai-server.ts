import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks: scriptable per request,
 * records what it received and whether the client hung up before the reply was complete.
 */

export type StubReply =
  /** A `chat.completion.chunk` SSE stream (or a plain completion when the request has `stream: false`). */
  | {
      readonly type: 'stream';
      /** The content deltas, in order. */
      readonly chunks: readonly string[];
      /** Delay between chunks (overrides the server option). */
      readonly chunkDelayMs?: number;
      /** Send this many chunks, then keep the connection open and silent until the client leaves. */
      readonly stallAfter?: number;
      /** Send this many chunks, then destroy the socket. */
      readonly hangUpAfter?: number;
      /** End with `data: [DONE]` (default true). */
      readonly done?: boolean;
      /** Reasoning deltas sent before the content, in this delta field (servers differ). */
      readonly reasoning?: readonly string[];
      readonly reasoningField?: 'reasoning_content' | 'reasoning';
      /** The last chunk's `finish_reason` (default "stop"). */
      readonly finishReason?: string;
      /** Token counts: a last chunk with `choices: []` when the request asked for them (stream_options.include_usage). */
      readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number };
    }
  /** An HTTP error (or any status) with a JSON body in OpenAI's error shape unless given. */
  | { readonly type: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Raw SSE `data:` payloads, sent verbatim (garbage, error events …), then the end of the response. */
  | { readonly type: 'raw'; readonly events: readonly string[]; readonly chunkDelayMs?: number }
  /** Accept the request and never answer. */
  | { readonly type: 'stall' };

/** What a chat completion request carries (loosely: the stub records whatever arrives). */
export interface ChatRequestBody {
  readonly model?: string;
  readonly stream?: boolean;
  readonly temperature?: number;
  readonly messages?: ReadonlyArray<{ readonly role: string; readonly content: string }>;
  readonly [key: string]: unknown;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (undefined when there is none or it is not JSON). */
  readonly body: ChatRequestBody | undefined;
  /** True when the connection closed before the reply was complete (client abort). */
  closedEarly: boolean;
  /** Resolves when the exchange is over, whichever side ended it. */
  readonly closed: Promise<void>;
}

export interface StubServerOptions {
  /** Delay before the first byte of every reply (a slow model's time to first token). */
  readonly delayMs?: number;
  /** Delay between streamed chunks. */
  readonly chunkDelayMs?: number;
  /** The reply when nothing is queued; default: a short streamed answer citing [7]. */
  readonly defaultReply?: StubReply | ((request: RecordedRequest) => StubReply);
  /** Model id reported in chunks and /v1/models. */
  readonly model?: string;
}

export interface StubOpenAiServer {
  /** For the `openai` client: `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Replies for the next requests, in order; when the queue is empty the default reply is used. */
  enqueue(...replies: StubReply[]): void;
  setDefault(reply: StubReply | ((request: RecordedRequest) => StubReply)): void;
  /** Resolves with request `index` (default: the latest so far) once its connection has closed. */
  waitForClose(index?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = ['双方同意', '加快推进瓜达尔港', '配套设施建设[7]。'];

/** Splits text into chunks of `size` characters (code points), as a model's deltas. */
export function textChunks(text: string, size = 4): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

// Even without a delay the stub gives the event loop a turn between chunks: it shares the process with
// the server under test, and a loop of resolved promises would stall both.
const wait = (ms: number): Promise<void> => new Promise((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));

// Let what was written reach the client before the connection drops mid-body.
async function hangUp(res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve) => res.write('', () => resolve()));
  await wait(30);
  res.socket?.destroy();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the stub on a free port of 127.0.0.1. */
export async function startStubOpenAiServer(options: StubServerOptions = {}): Promise<StubOpenAiServer> {
  const model = options.model ?? 'stub-model';
  const queue: StubReply[] = [];
  const requests: RecordedRequest[] = [];
  let fallback: StubReply | ((request: RecordedRequest) => StubReply) =
    options.defaultReply ?? { type: 'stream', chunks: DEFAULT_ANSWER };
  let counter = 0;

  const chunk = (id: string, delta: Record<string, unknown>, finish: string | null): string =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });

  async function reply(record: RecordedRequest, res: ServerResponse, r: StubReply): Promise<void> {
    const gone = (): boolean => res.destroyed || record.closedEarly;
    await wait(options.delayMs ?? 0);
    if (gone()) return;
    switch (r.type) {
      case 'stall':
        return; // The socket stays open until the client or close() ends it.
      case 'status': {
        const body = r.body ?? { error: { message: `stub status ${r.status}`, type: 'server_error', code: null } };
        res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
        return;
      }
      case 'raw': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const e of r.events) {
          if (gone()) return;
          res.write(`data: ${e}\n\n`);
          await wait(r.chunkDelayMs ?? options.chunkDelayMs ?? 0);
        }
        res.end();
        return;
      }
      case 'stream': {
        const id = `chatcmpl-stub-${++counter}`;
        if (record.body?.stream !== true) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id,
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model,
              choices: [{ index: 0, message: { role: 'assistant', content: r.chunks.join('') }, finish_reason: r.finishReason ?? 'stop' }],
              ...(r.usage ? { usage: r.usage } : {}),
            }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        res.write(`data: ${chunk(id, { role: 'assistant', content: '' }, null)}\n\n`);
        const delay = r.chunkDelayMs ?? options.chunkDelayMs ?? 0;
        for (const thought of r.reasoning ?? []) {
          await wait(delay);
          if (gone()) return;
          res.write(`data: ${chunk(id, { [r.reasoningField ?? 'reasoning_content']: thought }, null)}\n\n`);
        }
        for (let i = 0; i < r.chunks.length; i++) {
          if (r.stallAfter === i) return;
          if (r.hangUpAfter === i) return hangUp(res);
          await wait(delay);
          if (gone()) return;
          res.write(`data: ${chunk(id, { content: r.chunks[i] }, null)}\n\n`);
        }
        if (r.stallAfter !== undefined && r.stallAfter >= r.chunks.length) return;
        if (r.hangUpAfter !== undefined && r.hangUpAfter >= r.chunks.length) return hangUp(res);
        res.write(`data: ${chunk(id, {}, r.finishReason ?? 'stop')}\n\n`);
        const streamOptions = record.body?.['stream_options'] as { include_usage?: unknown } | undefined;
        if (r.usage && streamOptions?.include_usage === true) {
          res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [], usage: r.usage })}\n\n`);
        }
        if (r.done !== false) res.write('data: [DONE]\n\n');
        res.end();
        return;
      }
    }
  }

  const server = createServer((req, res) => {
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: undefined,
      closedEarly: false,
      closed,
    };
    res.on('close', () => {
      if (!res.writableFinished) record.closedEarly = true;
      markClosed();
    });
    void (async () => {
      const text = await readBody(req);
      try {
        (record as { body: unknown }).body = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        // Not JSON: recorded as undefined.
      }
      if (record.method === 'GET' && record.url.startsWith('/v1/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'stub' }] }));
        return;
      }
      requests.push(record);
      if (record.method !== 'POST' || !record.url.startsWith('/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const next = queue.shift() ?? (typeof fallback === 'function' ? fallback(record) : fallback);
      await reply(record, res, next);
    })().catch(() => res.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    async waitForClose(index) {
      const r = requests[index ?? requests.length - 1];
      if (!r) throw new Error('no request recorded yet');
      await r.closed;
      return r;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
