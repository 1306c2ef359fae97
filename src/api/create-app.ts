import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { AppError } from '../errors.js';
import { createAskRoute } from './ask-route.js';
import { bearerToken } from './auth.js';
import { resolveContext, type RouteContext } from './context.js';
import type { AppDeps, AppEnv } from './deps.js';
import { createHealthRoute } from './health-route.js';
import { describeError, errorDetail, HttpError } from './http-error.js';
import type { Logger } from './logger.js';
import { createOpenAIRoutes, isOpenAIPath, toOpenAIErrorBody } from './openai-routes.js';
import { createParagraphsRoute } from './paragraphs-route.js';
import { createRateLimiter, forwardedFor, rateLimit, remoteAddress } from './rate-limit.js';
import { isApiPath, requestLog, STARTING_OUTCOME } from './request-log.js';
import { replyJson } from './respond.js';
import { createRequestIds, responseHead } from './response-head.js';
import { bodyLimit } from './schemas.js';

export type { AppDeps, AppEnv, AppState, ApiConfig, HealthInfo } from './deps.js';
export type { Logger } from './logger.js';

export const API_PATHS = ['/api/*', '/v1/*'] as const;

/** One middleware of the request path, named so the bench can measure what each one costs. */
export interface Layer {
  readonly name: string;
  readonly paths: readonly string[];
  readonly create: (app: Hono<AppEnv>) => MiddlewareHandler<AppEnv>;
}

/** Maps anything thrown to the contract's error response; unexpected errors are logged with their detail. */
export function createErrorResponder(log: Logger): (c: Context<AppEnv>, err: unknown) => Response {
  return (c, err) => {
    const described = describeError(err);
    // Not ready yet is start-up, not a failure: the request log says so (see requestLog).
    if (described.body.error.code === 'index_not_ready') {
      const fields = c.get('logFields') as Record<string, unknown> | undefined;
      if (fields !== undefined) fields['outcome'] = STARTING_OUTCOME;
    }
    if (described.unexpected) {
      log.error({ msg: 'unhandled error', method: c.req.method, path: c.req.path, requestId: c.get('requestId'), ...errorDetail(err) });
    }
    // OpenAI clients read `type` and `param` too.
    const body = isOpenAIPath(c.req.path) ? toOpenAIErrorBody(described.body, described.status, err) : described.body;
    return replyJson(c, body, described.status, described.headers);
  };
}

/**
 * The request path before a route, in order: response head (request id, security headers), request
 * log, 405 for a known path with another method, CORS (when configured), rate limit, bearer token
 * (when configured), body limit. Every request of the app goes through these, and nothing else.
 */
export function apiLayers(ctx: RouteContext, deps: Pick<AppDeps, 'clientKey' | 'requestIds'>): Layer[] {
  const { config, log } = ctx;
  const errorResponse = createErrorResponder(log);
  const layers: Layer[] = [
    { name: 'response head (request id, security headers)', paths: ['*'], create: () => responseHead({ nextId: deps.requestIds ?? createRequestIds() }) },
    { name: 'request log', paths: ['*'], create: () => requestLog(log) },
    {
      name: '405 for other methods',
      paths: ['*'],
      create: (app) =>
        methodNotAllowed<AppEnv>({
          app,
          onMethodNotAllowed: (c, methods) =>
            errorResponse(
              c,
              new HttpError('method_not_allowed', `Method ${c.req.method} is not allowed here; use ${methods.join(', ')}.`, {
                headers: { Allow: methods.join(', ') },
              }),
            ),
        }),
    },
  ];
  if (config.corsOrigins.length > 0) {
    const origins = [...config.corsOrigins];
    layers.push({
      name: 'CORS',
      paths: API_PATHS,
      create: () =>
        cors({
          origin: origins.includes('*') ? '*' : origins,
          allowMethods: ['GET', 'POST', 'OPTIONS'],
          allowHeaders: ['Content-Type', 'Authorization', 'Accept'],
          exposeHeaders: ['Retry-After', 'X-Request-Id'],
          maxAge: 600,
        }),
    });
  }
  const limiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, now: ctx.now });
  const keyOf = deps.clientKey ?? (config.trustProxy === true ? forwardedFor : remoteAddress);
  layers.push({ name: 'rate limit', paths: API_PATHS, create: () => rateLimit(limiter, keyOf) });
  const token = config.apiToken;
  if (token !== undefined) layers.push({ name: 'bearer token', paths: API_PATHS, create: () => bearerToken(token) });
  layers.push({ name: 'body limit', paths: API_PATHS, create: () => bodyLimit(config.maxBodyBytes) });
  return layers;
}

/** Mounts layers on an app, in order. */
export function useLayers(app: Hono<AppEnv>, layers: readonly Layer[]): void {
  for (const layer of layers) {
    const handler = layer.create(app);
    for (const path of layer.paths) app.use(path, handler);
  }
}

/**
 * Builds the HTTP app (docs/API.md) from its dependencies: no I/O happens here, so tests drive it
 * with `app.request()` and fakes, and the entry point with the real index and answerer.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const ctx = resolveContext(deps);
  const app = new Hono<AppEnv>();
  const errorResponse = createErrorResponder(ctx.log);

  useLayers(app, apiLayers(ctx, deps));

  app.route('/', createHealthRoute(ctx));
  app.route('/', createParagraphsRoute(ctx));
  app.route('/', createAskRoute(ctx));
  app.route('/', createOpenAIRoutes(ctx));

  if (deps.webRoot !== undefined) {
    const files = serveStatic<AppEnv>({
      root: deps.webRoot,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'no-cache');
      },
    });
    app.use('*', async (c, next) => {
      const path = c.req.path;
      // API paths never fall through to files; dot-files (".env", ".git") are never served.
      if (isApiPath(path) || /\/\./.test(path)) return next();
      return files(c, next);
    });
  }

  app.notFound((c) => errorResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)));
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
