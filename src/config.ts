import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { ConfigError, UsageError } from './errors.js';

export { ConfigError } from './errors.js';

/** The shortest API_TOKEN accepted: anything shorter is guessable, so it would only look like protection. */
export const MIN_API_TOKEN_LENGTH = 16;

/** The longest delay Node's timers take: setTimeout turns anything longer into 1 ms, silently. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const TOO_LONG = `must be at most ${MAX_TIMER_MS} (about 24.8 days; longer timers fire at once)`;
const positiveMs = (fallback: number) => z.coerce.number().int().positive().max(MAX_TIMER_MS, TOO_LONG).default(fallback);

/** Every setting the app reads from the environment, documented in the README and in `--help`. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  WORKERS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)], { error: 'must be "auto" or a whole number from 1 to 64' })
    .default(1),
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
  LLM_TIMEOUT_MS: positiveMs(60_000),
  LLM_IDLE_TIMEOUT_MS: positiveMs(15_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(2).default(2),
  API_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]*$/, 'must be visible ASCII without spaces (it travels in an HTTP header)')
    .min(MIN_API_TOKEN_LENGTH, `must be at least ${MIN_API_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)`)
    .optional(),
  CORS_ORIGINS: z.string().default(''),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  TRUST_PROXY: z.stringbool().default(false),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  MAX_QUESTION_CHARS: z.coerce.number().int().positive().default(2000),
  MAX_HISTORY_TURNS: z.coerce.number().int().min(0).default(20),
  REQUEST_TIMEOUT_MS: positiveMs(120_000),
  HEADERS_TIMEOUT_MS: positiveMs(10_000),
  BODY_TIMEOUT_MS: positiveMs(30_000),
  KEEP_ALIVE_TIMEOUT_MS: positiveMs(5_000),
  SSE_WRITE_TIMEOUT_MS: positiveMs(15_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(MAX_TIMER_MS, TOO_LONG).default(5_000),
  ANSWER_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
  ANSWER_CACHE_BYTES: z.coerce.number().int().min(0).default(16 * 2 ** 20),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Server processes: 1 (no cluster) by default; `auto` = one per core. */
  readonly workers: number;
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
  /** Longest time one answer may take (504 / an `error` event). */
  readonly requestTimeoutMs: number;
  /** Socket limits: request headers, the whole request, an idle keep-alive connection, one stalled SSE write. */
  readonly timeouts: {
    readonly headersMs: number;
    readonly bodyMs: number;
    readonly keepAliveMs: number;
    readonly sseWriteMs: number;
    /** How long SIGTERM lets running answers finish. */
    readonly shutdownGraceMs: number;
  };
  /** Offline answers remembered per index (0 = off), and the most memory they may hold. */
  readonly answerCacheSize: number;
  readonly answerCacheBytes: number;
  readonly logLevel: LogLevel;
  /** `auto`: readable lines on a terminal, JSON lines otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
}

/** Settings whose presence alone changes security: a blank value must not silently mean "off". */
const NEVER_BLANK = ['API_TOKEN'] as const;

/** Parses the environment once; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  for (const name of NEVER_BLANK) {
    const value = env[name];
    if (value !== undefined && value.trim() === '') {
      problems.push(`${name} is set but blank, which would turn authentication off: unset it to run without a token, or set a token of at least ${MIN_API_TOKEN_LENGTH} characters`);
    }
  }
  // Other empty strings mean "unset": `FOO= npm start` should not fail validation. (A blank API_TOKEN was
  // reported above and is dropped here with them.)
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`${i.path.join('.')}: ${i.message}`);
  } else if (parsed.data.HEADERS_TIMEOUT_MS > parsed.data.BODY_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS must not be longer than BODY_TIMEOUT_MS (the whole request includes its headers)');
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}.`);
  }
  const e = parsed.data;
  const llmOn = e.OPENAI_BASE_URL !== undefined || e.OPENAI_API_KEY !== undefined;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    workers: e.WORKERS === 'auto' ? availableParallelism() : e.WORKERS,
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
    timeouts: Object.freeze({
      headersMs: e.HEADERS_TIMEOUT_MS,
      bodyMs: e.BODY_TIMEOUT_MS,
      keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS,
      sseWriteMs: e.SSE_WRITE_TIMEOUT_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    }),
    answerCacheSize: e.ANSWER_CACHE_SIZE,
    answerCacheBytes: e.ANSWER_CACHE_BYTES,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  });
}

/**
 * Reads a command's flags with node:util's parseArgs; an unknown flag, an unexpected argument or a
 * string flag without its value is a UsageError naming it and pointing at `--help`, on one line.
 * `bare` names the string flags whose value may be left out, and the value they then take
 * (`{ json: 'out.json' }`: `--json --quick` is `--json=out.json --quick`). A value may start with a
 * dash only as a negative number (`--top -3`, for the command to refuse by name) or after `=`.
 */
export function readArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
  command: string,
  allowPositionals = false,
  bare: Readonly<Record<string, string>> = {},
) {
  const see = `See \`${command} -- --help\`.`;
  const stringFlag = (arg: string): string | undefined => {
    const name = arg.startsWith('--') ? arg.slice(2) : Object.keys(options).find((k) => arg === `-${options[k]!.short ?? ''}`);
    return name !== undefined && options[name]?.type === 'string' ? name : undefined;
  };
  // npm passes a literal `--` through when it is given after `npm run x`: it separates nothing here.
  const given = argv.filter((a) => a !== '--');
  const args: string[] = [];
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!;
    const name = stringFlag(arg);
    const inline = /^--([^=]+)=$/u.exec(arg)?.[1];
    if (inline !== undefined && stringFlag(`--${inline}`) !== undefined) throw new UsageError(`--${inline} needs a value. ${see}`);
    if (name === undefined) {
      args.push(arg);
      continue;
    }
    const next = given[i + 1];
    if (next !== undefined && (!next.startsWith('-') || /^-\d/u.test(next))) {
      args.push(`--${name}=${next}`);
      i++;
    } else if (bare[name] !== undefined) {
      args.push(`--${name}=${bare[name]}`);
    } else {
      throw new UsageError(`--${name} needs a value. ${see}`);
    }
  }
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    // parseArgs' own hints (place it after '--') do not apply: `--` is dropped above.
    const first = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? message.split('. ')[0]! : message.split('\n')[0]!;
    throw new UsageError(`${first.replace(/\.$/, '')}. ${see}`);
  }
}
