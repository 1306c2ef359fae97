/** Fakes for the HTTP layer's tests: a small statement, a scriptable answerer, config, SSE parsing. */
import { readFileSync } from 'node:fs';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import type { ApiConfig, AppDeps, AppState, HealthInfo } from '../../src/api/deps.js';
import type { Logger } from '../../src/api/logger.js';
import type { AnswerHooks, AnswerResult, Answerer, AskRequest, Statement } from '../../src/types.js';

export const fakeStatement: Statement = {
  title: '中华人民共和国和巴基斯坦伊斯兰共和国联合新闻声明',
  source: '（新华社北京10月20日电）',
  paragraphs: [
    { number: 1, text: '应中华人民共和国主席习近平邀请，巴基斯坦总理来华出席高峰论坛。' },
    { number: 2, text: '双方同意深化中巴全天候战略合作伙伴关系。' },
    { number: 3, text: '双方认为中巴经济走廊是共建“一带一路”的重要先行先试项目。' },
    { number: 4, text: '双方同意加快推进瓜达尔港配套设施建设。' },
    { number: 5, text: '双方将加强农业、信息技术、科技合作。' },
    { number: 6, text: '双方重申坚定支持彼此核心利益。' },
  ],
};

export function realStatement(): Statement {
  return parseStatement(readFileSync(new URL('../../data/statement.zh.txt', import.meta.url), 'utf8'));
}

export const sampleResult: AnswerResult = {
  answer: '双方同意加快推进瓜达尔港配套设施建设[4]。',
  citations: [{ paragraph: 4, quote: '加快推进瓜达尔港配套设施建设' }],
  retrieved: [
    { paragraph: 4, score: 0.91 },
    { paragraph: 3, score: 0.4 },
    { paragraph: 2, score: 0.2 },
    { paragraph: 5, score: 0.1 },
    { paragraph: 1, score: 0.05 },
  ],
  refused: false,
  coverage: 'answered',
  lang: 'zh',
  mode: 'extractive',
  grounded: true,
};

export interface FakeAnswerer extends Answerer {
  readonly calls: { request: AskRequest; hooks: AnswerHooks | undefined }[];
  /** The signal of the most recent call. */
  lastSignal(): AbortSignal | undefined;
}

export interface FakeAnswererScript {
  /** Pieces streamed through onDelta; default the answer split in two. */
  readonly deltas?: readonly string[];
  readonly result?: AnswerResult;
  /** Thrown after retrieval (and deltas). */
  readonly error?: unknown;
  /** Wait this long after the deltas before answering. */
  readonly delayMs?: number;
  /** After retrieval, wait until the signal aborts, then reject with its reason. */
  readonly hangUntilAborted?: boolean;
  /** Ignore the signal entirely and never settle. */
  readonly hangForever?: boolean;
  readonly skipRetrievedHook?: boolean;
}

export function createFakeAnswerer(script: FakeAnswererScript = {}): FakeAnswerer {
  const calls: FakeAnswerer['calls'] = [];
  const result = script.result ?? sampleResult;
  const deltas = script.deltas ?? [result.answer.slice(0, 6), result.answer.slice(6)];
  return {
    calls,
    lastSignal: () => calls.at(-1)?.hooks?.signal,
    async answer(request, hooks) {
      calls.push({ request, hooks });
      await Promise.resolve();
      if (!script.skipRetrievedHook) hooks?.onRetrieved?.(result.retrieved);
      if (script.hangForever) return new Promise<AnswerResult>(() => {});
      if (script.hangUntilAborted) {
        await new Promise<void>((_, reject) => {
          const signal = hooks?.signal;
          if (!signal) return;
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      for (const d of deltas) hooks?.onDelta?.(d);
      if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
      if (script.error !== undefined) throw script.error;
      return result;
    },
  };
}

export const baseConfig: ApiConfig = {
  apiToken: undefined,
  corsOrigins: [],
  rateLimitPerMinute: 0,
  maxBodyBytes: 64 * 1024,
  maxQuestionChars: 2000,
  maxHistoryTurns: 20,
  requestTimeoutMs: 5_000,
};

export const fakeHealth = (): HealthInfo => ({ embedder: 'builtin-hash-v2', llm: null });

export interface RecordingLogger extends Logger {
  readonly entries: { level: 'debug' | 'info' | 'warn' | 'error'; obj: Record<string, unknown> }[];
}

export function createRecordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  return {
    entries,
    debug: (obj) => entries.push({ level: 'debug', obj }),
    info: (obj) => entries.push({ level: 'info', obj }),
    warn: (obj) => entries.push({ level: 'warn', obj }),
    error: (obj) => entries.push({ level: 'error', obj }),
  };
}

/** Deps for createApp with a ready index, overridable piecewise. */
export function fakeDeps(
  overrides: Partial<Omit<AppDeps, 'config'>> & { config?: Partial<ApiConfig>; answerer?: Answerer } = {},
): AppDeps {
  const { config, answerer, ...rest } = overrides;
  const state: AppState = { statement: fakeStatement, answerer: answerer ?? createFakeAnswerer() };
  return {
    config: { ...baseConfig, ...config },
    getState: () => state,
    health: fakeHealth,
    ...rest,
  };
}

export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/** Parses an SSE body into events (comments dropped, multi-line data joined). */
export function parseSse(text: string): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0 || event !== undefined) events.push({ event, data: data.join('\n') });
  }
  return { events, comments };
}

export const jsonHeaders = { 'Content-Type': 'application/json' } as const;
