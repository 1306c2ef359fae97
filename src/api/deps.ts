import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Answerer, Statement } from '../types.js';
import type { Logger } from './logger.js';

/**
 * The parts of Config the HTTP layer reads (a full Config fits); `trustProxy` defaults to false, and of
 * `timeouts` only `sseWriteMs` is read here (default 15 000 ms).
 */
export type ApiConfig = Pick<
  Config,
  | 'apiToken'
  | 'corsOrigins'
  | 'rateLimitPerMinute'
  | 'maxBodyBytes'
  | 'maxQuestionChars'
  | 'maxHistoryTurns'
  | 'requestTimeoutMs'
> &
  Partial<Pick<Config, 'trustProxy' | 'timeouts'>>;

/** One consistent snapshot: the statement and the answerer built from the same index. */
export interface AppState {
  readonly statement: Statement;
  /** May also be `Peekable` (the answer cache): known answers are then served without running it. */
  readonly answerer: Answerer;
}

/** What `/healthz` reports besides `status` and `paragraphs`; extra fields are passed through. */
export interface HealthInfo {
  readonly embedder: string;
  readonly embedderNotice?: string | undefined;
  readonly llm: string | null;
  readonly [key: string]: unknown;
}

export interface AppDeps {
  readonly config: ApiConfig;
  /**
   * The current index, or null while none is ready (→ 503 `index_not_ready`). Read once per
   * request, so swapping the returned object on re-ingest is atomic for every request.
   */
  readonly getState: () => AppState | null;
  readonly health: () => HealthInfo;
  /** Folder holding index.html, app.js, styles.css; served at `/` when given. */
  readonly webRoot?: string | undefined;
  /** Request logs and unexpected errors; no-op by default. */
  readonly log?: Logger | undefined;
  /** Clock in ms for rate limiting, durations and `created` stamps; Date.now by default. */
  readonly now?: (() => number) | undefined;
  /** Request ids when the client sends none; a per-process prefix and a counter by default. */
  readonly requestIds?: (() => string) | undefined;
  /** The id `/v1/models` lists and `/v1/chat/completions` accepts. Default `cpec-statement-assistant`. */
  readonly modelId?: string | undefined;
  /** SSE comment `: ping` after this long without output; default 10 000 ms. */
  readonly heartbeatMs?: number | undefined;
  /**
   * Rate-limit key for a request; default the socket's remote address, or the last
   * `X-Forwarded-For` hop when `config.trustProxy` is on — never that header by default.
   */
  readonly clientKey?: ((c: Context) => string) | undefined;
}

/** Per-request log fields that handlers fill in (`mode`, `outcome`…). */
export type LogFields = Record<string, unknown>;

export interface AppEnv {
  Variables: {
    requestId: string;
    /** This request's response headers, sent by `reply` (see response-head.ts). */
    head: Record<string, string>;
    /** The API's body limit, set by the `bodyLimit` layer; read by `readJson`. */
    bodyLimit: number | undefined;
    logFields: LogFields;
    /** Set by streaming handlers: the request log is written when the stream ends. */
    streamDone: Promise<void> | undefined;
  };
}

export const DEFAULT_MODEL_ID = 'cpec-statement-assistant';
export const DEFAULT_HEARTBEAT_MS = 10_000;
