import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { AnswerResult, HistoryTurn } from '../types.js';
import { answerJson } from './answer-json.js';
import { streamAnswer, type AnswerStreamWriter } from './answer-stream.js';
import { requireState, toAskRequest, type RouteContext } from './context.js';
import type { AppEnv } from './deps.js';
import { HttpError } from './http-error.js';
import { AppError } from '../errors.js';
import { formatIssues, readJson, type ChatBody } from './schemas.js';
import type { SseSession } from './sse-session.js';

type ChatMessage = ChatBody['messages'][number];

/** Text of a message: a string, or the `text` parts of a content-part array joined by newlines. */
function textOf(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .filter((part) => (part.type === 'text' || part.type === 'input_text') && typeof part.text === 'string')
      .map((part) => part.text)
      .join('\n');
  }
  return '';
}

/**
 * The last user message is the question; earlier user/assistant messages are the history (the most
 * recent `maxHistoryTurns`: chat front ends resend whole conversations, so older turns are dropped
 * rather than rejected); system and tool messages are ignored.
 */
function toQuestion(
  messages: readonly ChatMessage[],
  ctx: RouteContext,
): { question: string; history: HistoryTurn[] } {
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      last = i;
      break;
    }
  }
  if (last < 0) throw new AppError('invalid_request', 'messages must contain a user message (the question).');
  const parsed = ctx.schemas.question.safeParse(textOf(messages[last] as ChatMessage));
  if (!parsed.success) throw new AppError('invalid_request', `messages.${last}.content: ${formatIssues(parsed.error)}`);
  const history: HistoryTurn[] = [];
  for (const m of messages.slice(0, last)) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    const content = textOf(m);
    if (content.trim() !== '') history.push({ role: m.role, content });
  }
  const keep = ctx.config.maxHistoryTurns;
  return { question: parsed.data, history: keep === 0 ? [] : history.slice(-keep) };
}

/** Fields beyond OpenAI's that clients may use: where the answer came from. */
function extras(result: AnswerResult) {
  return { retrieved: result.retrieved, refused: result.refused, mode: result.mode };
}

function openAIStreamWriter(session: SseSession, base: { id: string; created: number; model: string }) {
  const chunk = (delta: Record<string, unknown>, finishReason: 'stop' | null, more: Record<string, unknown> = {}) =>
    JSON.stringify({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...more,
    });
  let roleSent = false;
  let sentDelta = false;
  const ensureRole = (): void => {
    if (roleSent) return;
    roleSent = true;
    session.send(undefined, chunk({ role: 'assistant', content: '' }, null));
  };
  const writer: AnswerStreamWriter = {
    // First bytes as soon as retrieval is done: the role chunk.
    retrieved: () => ensureRole(),
    delta: (text) => {
      ensureRole();
      sentDelta = true;
      session.send(undefined, chunk({ content: text }, null));
    },
    done: async (result) => {
      ensureRole();
      if (!sentDelta && result.answer.length > 0) session.send(undefined, chunk({ content: result.answer }, null));
      session.send(undefined, chunk({ citations: result.citations }, 'stop', extras(result)));
      await session.end(undefined, '[DONE]');
    },
    // The openai client throws an APIError for a data line carrying `error`.
    error: (body) => session.end(undefined, JSON.stringify(body)),
  };
  return writer;
}

/** `GET /v1/models`, `GET /v1/models/:id`, `POST /v1/chat/completions` (OpenAI-compatible). */
export function createOpenAIRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const created = Math.floor(ctx.now() / 1000);
  const model = { id: ctx.modelId, object: 'model', created, owned_by: ctx.modelId } as const;
  const unknownModel = (id: string) =>
    new HttpError('not_found', `The model "${id}" does not exist; use "${ctx.modelId}" (see GET /v1/models).`);

  app.get('/v1/models', (c) => c.json({ object: 'list', data: [model] }));
  app.get('/v1/models/:id', (c) => {
    const id = c.req.param('id');
    if (id !== ctx.modelId) throw unknownModel(id);
    return c.json(model);
  });

  app.post('/v1/chat/completions', async (c) => {
    const body = await readJson(c, ctx.schemas.chat);
    if (body.model !== undefined && body.model !== '' && body.model !== ctx.modelId) throw unknownModel(body.model);
    const { question, history } = toQuestion(body.messages, ctx);
    const state = requireState(ctx);
    const request = toAskRequest(question, history);
    const base = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(ctx.now() / 1000), model: ctx.modelId };
    c.get('logFields')['streamed'] = body.stream === true;

    if (body.stream === true) {
      return streamAnswer(c, {
        answerer: state.answerer,
        request,
        timeoutMs: ctx.config.requestTimeoutMs,
        heartbeatMs: ctx.heartbeatMs,
        log: ctx.log,
        createWriter: (session) => openAIStreamWriter(session, base),
      });
    }
    const result = await answerJson(c, { answerer: state.answerer, request, timeoutMs: ctx.config.requestTimeoutMs });
    return c.json({
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: result.answer, refusal: null, citations: result.citations },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      ...extras(result),
    });
  });
  return app;
}
