import { AppError } from '../errors.js';
import type { AskRequest, HistoryTurn } from '../types.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_MODEL_ID, type AppDeps, type AppState, type ApiConfig, type HealthInfo } from './deps.js';
import { noopLogger, type Logger } from './logger.js';
import { createSchemas, type Schemas } from './schemas.js';

export const DEFAULT_SSE_WRITE_TIMEOUT_MS = 15_000;

/** AppDeps with defaults filled in, shared by the route modules. */
export interface RouteContext {
  readonly config: ApiConfig;
  readonly getState: () => AppState | null;
  readonly health: () => HealthInfo;
  readonly log: Logger;
  readonly now: () => number;
  readonly modelId: string;
  readonly heartbeatMs: number;
  /** A stream write not taken by the client within this long closes the connection. */
  readonly sseWriteTimeoutMs: number;
  readonly schemas: Schemas;
}

export function resolveContext(deps: AppDeps): RouteContext {
  return {
    config: deps.config,
    getState: deps.getState,
    health: deps.health,
    log: deps.log ?? noopLogger,
    now: deps.now ?? Date.now,
    modelId: deps.modelId ?? DEFAULT_MODEL_ID,
    heartbeatMs: deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    sseWriteTimeoutMs: deps.config.timeouts?.sseWriteMs ?? DEFAULT_SSE_WRITE_TIMEOUT_MS,
    schemas: createSchemas(deps.config),
  };
}

/** The current index snapshot, or 503 `index_not_ready`. */
export function requireState(ctx: RouteContext): AppState {
  const state = ctx.getState();
  if (state === null) {
    throw new AppError('index_not_ready', 'The index is not built yet; try again shortly (see GET /healthz).');
  }
  return state;
}

export function toAskRequest(question: string, history: readonly HistoryTurn[] | undefined): AskRequest {
  return history !== undefined && history.length > 0 ? { question, history } : { question };
}
