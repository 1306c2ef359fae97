import type {
  AnswerHooks,
  AnswerResult,
  Answerer,
  AskRequest,
  Lang,
  Lexicon,
  Paragraph,
  Retrieval,
  Retriever,
  Statement,
} from '../types.js';
import { checkCitations } from './citations.js';
import { answerLanguage, wrongLanguageNotice } from './claims/language.js';
import { createAnswerStream, MAX_ANSWER_CHARS } from './claims/normalise-answer.js';
import type { ExtractiveAnswerer } from './extractive.js';
import { LlmError, abortReason, redactSecrets, type LlmClient } from './llm-client.js';
import { buildMessages } from './prompt.js';

export type { ExtractiveAnswerer };

export type AnswerLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  details?: Record<string, unknown>,
) => void;

export interface CreateAnswererOptions {
  readonly retriever: Retriever;
  readonly statement: Statement;
  readonly extractive: ExtractiveAnswerer;
  /** Null when no LLM is configured: every answer is extractive. */
  readonly llm: LlmClient | null;
  readonly lexicon?: Lexicon | undefined;
  readonly log?: AnswerLog | undefined;
  /** How many retrieved paragraphs the model is shown (default 5). */
  readonly maxParagraphs?: number;
  /** The configured MAX_QUESTION_CHARS: the prompt keeps questions up to it (default DEFAULT_MAX_QUESTION_CHARS). */
  readonly maxQuestionChars?: number | undefined;
}

const REASONS: Record<LlmError['kind'], { en: string; zh: string }> = {
  timeout: { en: 'timeout', zh: '超时' },
  idle_timeout: { en: 'no response', zh: '无响应' },
  connection: { en: 'connection failed', zh: '连接失败' },
  http: { en: 'server error', zh: '服务器错误' },
  upstream: { en: 'server error', zh: '服务器错误' },
  invalid_response: { en: 'invalid response', zh: '响应无效' },
};

/** The notice on an offline answer given because the LLM failed, in the answer's language. */
export function fallbackNotice(err: unknown, lang: Lang): string {
  const e = err instanceof LlmError ? err : undefined;
  const reason = e ? REASONS[e.kind][lang] : lang === 'zh' ? '错误' : 'error';
  const status = e?.status === undefined ? '' : ` ${e.status}`;
  return lang === 'zh'
    ? `语言模型暂不可用（${reason}${status}），以下为离线回答。`
    : `The language model was unavailable (${reason}${status}); this is the offline answer.`;
}

/** The title and source line (and their rendering) that answers about the document itself rest on. */
function documentOf(statement: Statement) {
  return {
    title: statement.title,
    source: statement.source,
    ...(statement.titleEn === undefined ? {} : { titleEn: statement.titleEn }),
    ...(statement.sourceEn === undefined ? {} : { sourceEn: statement.sourceEn }),
  };
}

/** The paragraphs the model sees: those of a direct reference, else the top retrieved ones. */
function pickParagraphs(retrieval: Retrieval, statement: Statement, max: number): Paragraph[] {
  const byNumber = new Map(statement.paragraphs.map((p) => [p.number, p] as const));
  const numbers =
    retrieval.reference?.kind === 'paragraph' && retrieval.reference.numbers.length > 0
      ? retrieval.reference.numbers.slice(0, Math.max(max, 8))
      : retrieval.retrieved.slice(0, max).map((r) => r.paragraph);
  const picked = [...new Set(numbers)].map((n) => byNumber.get(n)).filter((p): p is Paragraph => p !== undefined);
  // Document order reads more naturally than score order.
  return picked.sort((a, b) => a.number - b.number);
}

/**
 * Streams the model's text normalised the way the final answer will be (reasoning out, markers as `[n]`),
 * each delta costing time proportional to its own length, and stops asking for more once the answer is
 * as long as an answer may be. The concatenated deltas are a prefix of the final `answer`; `finish`
 * sends the rest (when they cannot be, as with footnotes that name other paragraphs than their labels,
 * the final answer in the result still wins).
 */
function createStreamFilter(valid: ReadonlySet<number>, emit: (text: string) => void) {
  const stream = createAnswerStream(valid);
  const sent: string[] = [];
  let sentLength = 0;
  return {
    push(delta: string): void {
      // Nothing past the longest answer reaches the reader; the final answer is cut there too.
      const text = stream.push(delta).slice(0, Math.max(0, MAX_ANSWER_CHARS - sentLength));
      if (text.length === 0) return;
      sent.push(text);
      sentLength += text.length;
      emit(text);
    },
    /** Enough text for an answer: reading more would only be cut away. */
    get full(): boolean {
      return stream.length >= MAX_ANSWER_CHARS;
    },
    finish(answer: string): void {
      const shown = sent.join('');
      if (answer.length > shown.length && answer.startsWith(shown)) emit(answer.slice(shown.length));
    },
    get emitted(): boolean {
      return sentLength > 0;
    },
  };
}

/** The notice on an answer cut at a length limit, in the answer's language. */
export function cutNotice(lang: Lang): string {
  return lang === 'zh' ? '回答达到长度上限，到此截断。' : 'The answer reached its length limit and was cut here.';
}

/** Pieces of an offline answer for onDelta: sentence by sentence, concatenating to the whole. */
function chunksOf(text: string): string[] {
  return text.split(/(?<=[。！？!?\n])/u).filter((s) => s.length > 0);
}

/** Throws why the answer was stopped, if it was; through `stopReason` when offered, so the signal is not made. */
function throwIfStopped(hooks: AnswerHooks): void {
  if (hooks.stopReason !== undefined) {
    const reason = hooks.stopReason();
    if (reason !== undefined) throw reason;
  } else if (hooks.signal?.aborted) throw abortReason(hooks.signal);
}

/** The answering pipeline: retrieve, then the LLM with checked citations, or the extractive answer. */
export function createAnswerer(options: CreateAnswererOptions): Answerer {
  const { retriever, statement, extractive, llm, lexicon } = options;
  const log: AnswerLog = options.log ?? (() => {});
  const maxParagraphs = options.maxParagraphs ?? 5;

  function offline(retrieval: Retrieval, request: AskRequest, hooks: AnswerHooks, notice?: string): AnswerResult {
    throwIfStopped(hooks);
    const result = extractive.answer(retrieval, request);
    const onDelta = hooks.onDelta;
    if (onDelta !== undefined) for (const piece of chunksOf(result.answer)) onDelta(piece);
    return notice === undefined ? result : { ...result, mode: 'extractive', notice };
  }

  async function withLlm(
    model: LlmClient,
    retrieval: Retrieval,
    request: AskRequest,
    hooks: AnswerHooks,
  ): Promise<AnswerResult> {
    const given = pickParagraphs(retrieval, statement, maxParagraphs);
    const allowed = new Set(given.map((p) => p.number));
    const messages = buildMessages({
      question: request.question,
      resolvedQuestion: retrieval.resolvedQuestion,
      history: request.history,
      paragraphs: given,
      lang: retrieval.lang,
      title: statement.title,
      source: statement.source,
      maxQuestionChars: options.maxQuestionChars,
    });
    // A failing onDelta (the client went away) is the caller's problem, not a reason to fall back.
    let hookFailure: { readonly error: unknown } | undefined;
    const filter = createStreamFilter(allowed, (t) => {
      try {
        hooks.onDelta?.(t);
      } catch (error) {
        hookFailure = { error };
        throw error;
      }
    });
    try {
      const reply = await model.streamAnswer(messages, {
        signal: hooks.signal,
        onDelta: (d) => filter.push(d),
        maxTokens: request.maxTokens,
        shouldStop: () => filter.full,
      });
      const aboutDocument = retrieval.reference?.kind === 'title' || retrieval.reference?.kind === 'source';
      const checked = checkCitations({
        answer: reply.text,
        question: retrieval.resolvedQuestion,
        paragraphs: statement.paragraphs,
        allowed,
        lexicon,
        lang: retrieval.lang,
        aboutDocument,
        document: documentOf(statement),
      });
      if (checked.answer.replace(/\[\d+\]/gu, '').trim().length === 0) {
        throw new LlmError(
          'invalid_response',
          reply.cut ? 'The language model reached its length limit before answering.' : 'The language model returned an empty answer.',
        );
      }
      filter.finish(checked.answer);
      if (checked.dropped.length > 0 || checked.unsupported.length > 0) {
        log('debug', 'LLM citations checked', { dropped: checked.dropped, unsupported: checked.unsupported });
      }
      const truncated = reply.cut || checked.cut;
      // A model that answers in the other language is flagged rather than asked again: the text has
      // already streamed to the reader, a second call doubles the wait, and the answer is checked all the same.
      const written = answerLanguage(checked.answer) ?? retrieval.lang;
      const notices = [
        ...(written !== retrieval.lang ? [wrongLanguageNotice(retrieval.lang, written)] : []),
        ...(truncated ? [cutNotice(retrieval.lang)] : []),
      ];
      return {
        answer: checked.answer,
        citations: checked.citations,
        retrieved: retrieval.retrieved,
        refused: checked.coverage !== 'answered',
        coverage: checked.coverage,
        lang: written,
        mode: 'llm',
        model: model.model,
        grounded: checked.grounded,
        unsupported: checked.unsupported,
        claims: checked.claims,
        ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
        ...(truncated ? { truncated: true } : {}),
        ...(reply.usage === undefined ? {} : { usage: reply.usage }),
      };
    } catch (err) {
      throwIfStopped(hooks);
      if (hookFailure) throw hookFailure.error;
      log('warn', 'LLM failed; giving the offline answer', {
        ...(err instanceof LlmError ? { kind: err.kind, status: err.status, attempts: err.attempts } : {}),
        message: redactSecrets(err instanceof Error ? err.message : String(err)),
      });
      // Text already streamed stays on screen: separate the offline answer from it (`done` has the clean one).
      if (filter.emitted) hooks.onDelta?.('\n\n');
      return offline(retrieval, request, hooks, fallbackNotice(err, retrieval.lang));
    }
  }

  return {
    async answer(request: AskRequest, hooks: AnswerHooks = {}): Promise<AnswerResult> {
      throwIfStopped(hooks);
      const retrieval = await retriever.retrieve(
        request.history === undefined ? { question: request.question } : { question: request.question, history: request.history },
      );
      throwIfStopped(hooks);
      hooks.onRetrieved?.(retrieval.retrieved);
      // A paragraph the statement does not have ("第99段") is answered by saying so, not by the model.
      const onlyMissing = retrieval.reference?.kind === 'paragraph' && retrieval.reference.numbers.length === 0;
      if (!retrieval.covered || llm === null || onlyMissing) return offline(retrieval, request, hooks);
      return withLlm(llm, retrieval, request, hooks);
    },
  };
}
