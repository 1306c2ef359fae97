import { z } from 'zod';

/** Every setting the app reads from the environment, documented in the README. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DOCUMENT: z.string().min(1).default('data/statement.zh.txt'),
  INDEX_DIR: z.string().min(1).default('index'),
  EMBEDDER: z.enum(['auto', 'builtin', 'transformers']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  MODELS_DIR: z.string().min(1).default('models'),
  ALLOW_REMOTE_MODELS: z.stringbool().default(false),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.1),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  LLM_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(2).default(2),
  API_TOKEN: z.string().min(1).optional(),
  CORS_ORIGINS: z.string().default(''),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  TRUST_PROXY: z.stringbool().default(false),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  MAX_QUESTION_CHARS: z.coerce.number().int().positive().default(2000),
  MAX_HISTORY_TURNS: z.coerce.number().int().min(0).default(20),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  ANSWER_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly documentPath: string;
  readonly indexDir: string;
  readonly embedder: 'auto' | 'builtin' | 'transformers';
  readonly embeddingModel: string;
  readonly modelsDir: string;
  readonly allowRemoteModels: boolean;
  /** Null when no LLM is configured: answers are extractive. */
  readonly llm: {
    readonly baseURL: string | undefined;
    readonly apiKey: string;
    readonly model: string;
    readonly temperature: number;
    readonly timeoutMs: number;
    readonly idleTimeoutMs: number;
    readonly maxRetries: number;
  } | null;
  readonly apiToken: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  /**
   * Behind one load balancer or reverse proxy: rate-limit on the last `X-Forwarded-For` hop (the
   * address that proxy appended) instead of the socket address. Never when clients connect directly.
   */
  readonly trustProxy: boolean;
  readonly maxBodyBytes: number;
  readonly maxQuestionChars: number;
  readonly maxHistoryTurns: number;
  readonly requestTimeoutMs: number;
  /** Offline answers remembered per index (0 = off). */
  readonly answerCacheSize: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": `FOO= npm start` should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const llmOn = e.OPENAI_BASE_URL !== undefined || e.OPENAI_API_KEY !== undefined;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    documentPath: e.DOCUMENT,
    indexDir: e.INDEX_DIR,
    embedder: e.EMBEDDER,
    embeddingModel: e.EMBEDDING_MODEL,
    modelsDir: e.MODELS_DIR,
    allowRemoteModels: e.ALLOW_REMOTE_MODELS,
    llm: llmOn
      ? Object.freeze({
          baseURL: e.OPENAI_BASE_URL,
          // Ollama and llama.cpp accept any key; the client requires a non-empty one.
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          model: e.LLM_MODEL,
          temperature: e.LLM_TEMPERATURE,
          timeoutMs: e.LLM_TIMEOUT_MS,
          idleTimeoutMs: e.LLM_IDLE_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
        })
      : null,
    apiToken: e.API_TOKEN,
    corsOrigins: Object.freeze(e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean)),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    maxHistoryTurns: e.MAX_HISTORY_TURNS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    answerCacheSize: e.ANSWER_CACHE_SIZE,
    logLevel: e.LOG_LEVEL,
  });
}
