import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ClientGoneError } from '../errors.js';
import type { AnswerResult, Answerer, AskRequest, RetrievedParagraph } from '../types.js';
import type { AppEnv } from './deps.js';
import { describeError, errorDetail, type ErrorBody } from './http-error.js';
import type { Logger } from './logger.js';
import { nodeIncoming, watchSignal } from './request-info.js';
import { jsonOnce, setHeader } from './respond.js';
import { runAnswer } from './run-answer.js';
import { createSseSession, type SseSession } from './sse-session.js';

/** Formats one answer as a particular SSE dialect (ours on /api/ask, OpenAI's on /v1). */
export interface AnswerStreamWriter {
  retrieved(retrieved: readonly RetrievedParagraph[]): void;
  delta(text: string): void;
  /** Writes the final event(s); must end the session. */
  done(result: AnswerResult): Promise<void>;
  /** Writes the error event; must end the session. */
  error(body: ErrorBody): Promise<void>;
}

export interface StreamAnswerOptions {
  readonly answerer: Answerer;
  readonly request: AskRequest;
  readonly timeoutMs: number;
  readonly heartbeatMs: number;
  /** A write the client has not taken in this long closes the connection (required: every stream has the limit). */
  readonly writeTimeoutMs: number;
  readonly log: Logger;
  readonly createWriter: (session: SseSession) => AnswerStreamWriter;
}

/**
 * Streams one answer as Server-Sent Events. Validation errors happen before this (plain JSON
 * errors); once the stream is open every failure becomes the writer's error event, always last.
 * The answerer's signal fires when the client disconnects or the deadline passes.
 */
export function streamAnswer(c: Context<AppEnv>, options: StreamAnswerOptions): Response {
  let finished!: () => void;
  c.set('streamDone', new Promise<void>((resolve) => (finished = resolve)));
  setHeader(c, 'cache-control', 'no-cache, no-transform');
  // Reverse proxies (nginx) buffer responses unless told not to; SSE must flow as it is written.
  setHeader(c, 'x-accel-buffering', 'no');
  const fields = c.get('logFields');
  const requestSignal = c.req.raw.signal;

  return streamSSE(c, async (stream) => {
    const session = createSseSession(stream, {
      heartbeatMs: options.heartbeatMs,
      writeTimeoutMs: options.writeTimeoutMs,
      onStall: () => {
        fields['outcome'] = 'stalled';
        // The client stopped reading: close the connection, which also cancels the answer.
        const socket = nodeIncoming(c)?.socket;
        if (socket) socket.destroy();
        else stream.abort();
      },
    });
    const writer = options.createWriter(session);
    const gone = new AbortController();
    const onGone = (): void => gone.abort();
    stream.onAbort(onGone);
    requestSignal.addEventListener('abort', onGone, { once: true });
    // A client gone before the stream opened fires no abort event: the signal is already aborted.
    if (requestSignal.aborted) onGone();
    let retrievedSent = false;
    try {
      const result = await runAnswer(options.answerer, options.request, {
        timeoutMs: options.timeoutMs,
        watchClient: (listener) => watchSignal(gone.signal, listener),
        onRetrieved: (retrieved) => {
          if (retrievedSent) return;
          retrievedSent = true;
          writer.retrieved(retrieved);
        },
        onDelta: (text) => {
          if (typeof text === 'string' && text.length > 0) writer.delta(text);
        },
      });
      if (!retrievedSent) writer.retrieved(result.retrieved);
      fields['mode'] = result.mode;
      fields['outcome'] = 'done';
      await writer.done(result);
    } catch (err) {
      if (err instanceof ClientGoneError || gone.signal.aborted) {
        fields['outcome'] ??= 'client_closed';
        await session.stop();
        return;
      }
      const described = describeError(err);
      if (described.unexpected) {
        options.log.error({ msg: 'answer stream failed', requestId: c.get('requestId'), ...errorDetail(err) });
      }
      fields['outcome'] = 'error';
      fields['errorCode'] = described.body.error.code;
      await writer.error(described.body);
    } finally {
      requestSignal.removeEventListener('abort', onGone);
      finished();
    }
  });
}

/** The `/api/ask` dialect: `retrieved`, `delta`…, then `done` or `error`. */
export function askStreamWriter(session: SseSession): AnswerStreamWriter {
  let sentDelta = false;
  return {
    retrieved: (retrieved) => session.send('retrieved', JSON.stringify({ retrieved })),
    delta: (text) => {
      sentDelta = true;
      session.send('delta', JSON.stringify({ text }));
    },
    done: async (result) => {
      // Clients that only render deltas still see the whole answer.
      if (!sentDelta && result.answer.length > 0) session.send('delta', JSON.stringify({ text: result.answer }));
      await session.end('done', jsonOnce(result));
    },
    error: (body) => session.end('error', JSON.stringify(body)),
  };
}
