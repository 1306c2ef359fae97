import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { ErrorCode } from '../errors.js';
import type { AnswerResult, AskRequest, HistoryTurn, Lang } from '../types.js';
import { answerJson } from './answer-json.js';
import { streamAnswer, type AnswerStreamWriter } from './answer-stream.js';
import { requireState, toAskRequest, type RouteContext } from './context.js';
import type { AppEnv } from './deps.js';
import { HttpError, type ErrorBody } from './http-error.js';
import { InvalidRequestError, MAX_HISTORY_TURN_CHARS, formatIssues, readJson, turnTooLong, type ChatBody } from './schemas.js';
import type { SseSession } from './sse-session.js';
import { placeAnswerInStream, type StreamPlacement } from './stream-alignment.js';

/*
 * The OpenAI-compatible edge (docs/API.md): the assistant as a chat model any OpenAI client can
 * call. What it cannot honour — tools, several choices, structured output, log-probabilities — is refused
 * with a 400 naming the parameter, never silently ignored. Everything /api/ask says about an answer
 * travels on the message (and the final streamed chunk); citations are mirrored into OpenAI's own
 * `annotations` (url_citation), which the `openai` client types and the AI SDK's OpenAI provider turns
 * into `sources`.
 */

type ChatMessage = ChatBody['messages'][number];

// ---------------------------------------------------------------------------------------------
// Errors in OpenAI's shape

/** OpenAI's error `type` for a status (or, in a stream, for the contract's code). */
export function openAIErrorType(code: ErrorCode, status?: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (code === 'rate_limited' || status === 429) return 'rate_limit_error';
  if (code === 'index_not_ready' || code === 'upstream_error' || code === 'internal' || (status !== undefined && status >= 500)) {
    return 'server_error';
  }
  return 'invalid_request_error';
}

/** The contract's error body with OpenAI's `type` and `param` added (every error on /v1 carries them). */
export function toOpenAIErrorBody(body: ErrorBody, status: number | undefined, err?: unknown) {
  const param = err instanceof InvalidRequestError ? (err.param ?? null) : null;
  return { error: { ...body.error, type: openAIErrorType(body.error.code, status), param } };
}

const refuse = (param: string, message: string): never => {
  throw new InvalidRequestError(message, param);
};

/** Refuses every option the assistant cannot honour, naming it. */
function refuseUnsupported(body: ChatBody): void {
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    refuse('tools', 'This assistant answers from one document and cannot call tools: remove "tools".');
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null && body.tool_choice !== 'none' && body.tool_choice !== 'auto') {
    refuse('tool_choice', 'This assistant cannot call tools: "tool_choice" may only be "none" or "auto".');
  }
  if (Array.isArray(body.functions) && body.functions.length > 0) {
    refuse('functions', 'This assistant answers from one document and cannot call functions: remove "functions".');
  }
  if (body.function_call !== undefined && body.function_call !== null && body.function_call !== 'none' && body.function_call !== 'auto') {
    refuse('function_call', 'This assistant cannot call functions: "function_call" may only be "none" or "auto".');
  }
  if (typeof body.n === 'number' && body.n > 1) {
    refuse('n', 'This assistant gives one answer per request: "n" must be 1.');
  }
  if (body.response_format && body.response_format.type !== 'text') {
    refuse(
      'response_format',
      `This assistant answers in text with citation markers; response_format "${body.response_format.type}" (structured output) is not supported: use "text" or leave it out.`,
    );
  }
  if (body.logprobs === true || (typeof body.top_logprobs === 'number' && body.top_logprobs > 0)) {
    refuse(body.logprobs === true ? 'logprobs' : 'top_logprobs', 'This assistant does not report log-probabilities: leave "logprobs" out.');
  }
}

// ---------------------------------------------------------------------------------------------
// Request

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
 * rather than rejected; a kept turn longer than MAX_HISTORY_TURN_CHARS is a 400); system and tool
 * messages are ignored.
 */
function toQuestion(messages: readonly ChatMessage[], ctx: RouteContext): { question: string; history: HistoryTurn[] } {
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      last = i;
      break;
    }
  }
  if (last < 0) throw new InvalidRequestError('messages must contain a user message (the question).', 'messages');
  const parsed = ctx.schemas.question.safeParse(textOf(messages[last] as ChatMessage));
  if (!parsed.success) throw new InvalidRequestError(`messages.${last}.content: ${formatIssues(parsed.error)}`, `messages.${last}.content`);
  const turns: Array<HistoryTurn & { index: number }> = [];
  messages.slice(0, last).forEach((m, index) => {
    if (m.role !== 'user' && m.role !== 'assistant') return;
    const content = textOf(m);
    if (content.trim() !== '') turns.push({ role: m.role, content, index });
  });
  const keep = ctx.config.maxHistoryTurns;
  const kept = keep === 0 ? [] : turns.slice(-keep);
  for (const t of kept) {
    if (turnTooLong(t.content)) {
      throw new InvalidRequestError(
        `messages.${t.index}.content: an earlier message may be at most ${MAX_HISTORY_TURN_CHARS} characters`,
        `messages.${t.index}.content`,
      );
    }
  }
  return { question: parsed.data, history: kept.map(({ role, content }) => ({ role, content })) };
}

// ---------------------------------------------------------------------------------------------
// Response

const MAX_SOURCE_TITLE = 120;

/**
 * Citations as OpenAI url_citation annotations: one per cited paragraph, at its first marker in `text`
 * (the content the client holds) from `from` (where the answer begins in it).
 */
function annotationsOf(result: AnswerResult, origin: string, text: string = result.answer, from = 0) {
  const lang: Lang = result.lang;
  return result.citations.flatMap((c) => {
    const marker = `[${c.paragraph}]`;
    const at = text.indexOf(marker, from);
    if (at < 0) return [];
    const words = lang === 'en' && c.quote_en !== undefined ? c.quote_en : c.quote;
    const label = lang === 'zh' ? `第${c.paragraph}段：` : `Paragraph ${c.paragraph}: `;
    const title = `${label}${words}`;
    return [
      {
        type: 'url_citation' as const,
        url_citation: {
          start_index: at,
          end_index: at + marker.length,
          url: `${origin}/api/paragraphs/${c.paragraph}`,
          title: title.length > MAX_SOURCE_TITLE ? `${title.slice(0, MAX_SOURCE_TITLE - 1)}…` : title,
        },
      },
    ];
  });
}

/**
 * An offline answer cannot be held to max_tokens: there is no model and no tokenizer to count with, so
 * it is not cut (and carries no usage); the notice says so rather than letting the limit pass unseen.
 */
function withLimitNotice(result: AnswerResult, request: AskRequest): AnswerResult {
  if (request.maxTokens === undefined || result.mode !== 'extractive') return result;
  const said =
    result.lang === 'zh' ? 'max_tokens 只限制语言模型；此离线回答未按其截断。' : 'max_tokens limits the language model; this offline answer was not cut to it.';
  return { ...result, notice: result.notice === undefined ? said : `${result.notice} ${said}` };
}

/**
 * What /api/ask says about an answer, on the message (and the final chunk). Streamed, the offsets
 * (annotations, claims) point into the content the client holds: `content`, with the answer placed in it.
 */
function answerFields(result: AnswerResult, origin: string, streamed?: { content: string; placement: StreamPlacement }) {
  const claims =
    result.claims === undefined || streamed === undefined
      ? result.claims
      : result.claims.map((c) => ({ ...c, start: streamed.placement.startOf(c.start), end: streamed.placement.endOf(c.end) }));
  return {
    citations: result.citations,
    annotations: streamed === undefined ? annotationsOf(result, origin) : annotationsOf(result, origin, streamed.content, streamed.placement.base),
    grounded: result.grounded,
    unsupported: result.unsupported ?? [],
    coverage: result.coverage,
    ...(claims === undefined ? {} : { claims }),
    ...(result.notice === undefined ? {} : { notice: result.notice }),
  };
}

/** Fields beyond OpenAI's, beside `choices`: where the answer came from. */
function extras(result: AnswerResult) {
  return { retrieved: result.retrieved, refused: result.refused, mode: result.mode, lang: result.lang };
}

const finishReason = (result: AnswerResult): 'stop' | 'length' => (result.truncated === true ? 'length' : 'stop');

function openAIStreamWriter(
  session: SseSession,
  base: { id: string; created: number; model: string },
  options: { origin: string; includeUsage: boolean; request: AskRequest },
) {
  const chunk = (delta: Record<string, unknown>, reason: 'stop' | 'length' | null, more: Record<string, unknown> = {}) =>
    JSON.stringify({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: reason }],
      ...more,
    });
  let roleSent = false;
  // Everything sent as content: what the client's message is, and what the final offsets must point into.
  const sent: string[] = [];
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
      sent.push(text);
      session.send(undefined, chunk({ content: text }, null));
    },
    done: async (answered) => {
      const result = withLimitNotice(answered, options.request);
      ensureRole();
      const streamed = sent.join('');
      const placement = placeAnswerInStream(streamed, result.answer);
      if (placement.append.length > 0) session.send(undefined, chunk({ content: placement.append }, null));
      const content = streamed + placement.append;
      session.send(undefined, chunk(answerFields(result, options.origin, { content, placement }), finishReason(result), extras(result)));
      // OpenAI's usage chunk: no choices, the counts. Only the model's own counts, never estimates.
      if (options.includeUsage && result.usage !== undefined) {
        session.send(undefined, JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: result.usage }));
      }
      await session.end(undefined, '[DONE]');
    },
    // The openai client throws an APIError for a data line carrying `error`.
    error: (body) => session.end(undefined, JSON.stringify(toOpenAIErrorBody(body, undefined))),
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
    refuseUnsupported(body);
    const { question, history } = toQuestion(body.messages, ctx);
    const state = requireState(ctx);
    const limits = [body.max_tokens, body.max_completion_tokens].filter((n): n is number => typeof n === 'number');
    const request: AskRequest = { ...toAskRequest(question, history), ...(limits.length > 0 ? { maxTokens: Math.min(...limits) } : {}) };
    const base = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(ctx.now() / 1000), model: ctx.modelId };
    const origin = new URL(c.req.url).origin;
    c.get('logFields')['streamed'] = body.stream === true;

    if (body.stream === true) {
      return streamAnswer(c, {
        answerer: state.answerer,
        request,
        timeoutMs: ctx.config.requestTimeoutMs,
        heartbeatMs: ctx.heartbeatMs,
        writeTimeoutMs: ctx.sseWriteTimeoutMs,
        log: ctx.log,
        createWriter: (session) =>
          openAIStreamWriter(session, base, { origin, includeUsage: body.stream_options?.include_usage === true, request }),
      });
    }
    const result = withLimitNotice(await answerJson(c, { answerer: state.answerer, request, timeoutMs: ctx.config.requestTimeoutMs }), request);
    return c.json({
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: result.answer, refusal: null, ...answerFields(result, origin) },
          logprobs: null,
          finish_reason: finishReason(result),
        },
      ],
      // The model's own counts in LLM mode; the offline answer has no tokenizer, so none are given.
      ...(result.usage === undefined ? {} : { usage: result.usage }),
      ...extras(result),
    });
  });
  return app;
}

/** True for paths served in OpenAI's dialect (errors there carry `type` and `param`). */
export function isOpenAIPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}
