import { Hono } from 'hono';
import { answerJson } from './answer-json.js';
import { askStreamWriter, streamAnswer } from './answer-stream.js';
import { requireState, toAskRequest, type RouteContext } from './context.js';
import type { AppEnv } from './deps.js';
import { headerOf } from './request-info.js';
import { jsonOnce, replyJson } from './respond.js';
import { readJson } from './schemas.js';

const EVENT_STREAM = /\btext\/event-stream\b/i;

/** `POST /api/ask`: JSON, or Server-Sent Events with `"stream": true` / `Accept: text/event-stream`. */
export function createAskRoute(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/ask', async (c) => {
    const body = await readJson(c, ctx.schemas.ask);
    const state = requireState(ctx);
    const request = toAskRequest(body.question, body.history);
    // An explicit `"stream": false` wins over the Accept header.
    const wantsStream = body.stream ?? EVENT_STREAM.test(headerOf(c, 'accept') ?? '');
    c.get('logFields')['streamed'] = wantsStream;
    if (wantsStream) {
      return streamAnswer(c, {
        answerer: state.answerer,
        request,
        timeoutMs: ctx.config.requestTimeoutMs,
        heartbeatMs: ctx.heartbeatMs,
        writeTimeoutMs: ctx.sseWriteTimeoutMs,
        log: ctx.log,
        createWriter: askStreamWriter,
      });
    }
    const result = await answerJson(c, { answerer: state.answerer, request, timeoutMs: ctx.config.requestTimeoutMs });
    // Results are never changed once made: a cached one is serialised the first time only.
    return replyJson(c, jsonOnce(result));
  });
  return app;
}
