import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
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
import { chain, type Handler, type OnError, type Step } from './step.js';
import { bodyLimit } from './schemas.js';

export type { AppDeps, AppEnv, AppState, ApiConfig, HealthInfo } from './deps.js';
export type { Logger } from './logger.js';

export const API_PATHS = ['/api/*', '/v1/*'] as const;

/** One layer of the request path, named so the bench can measure what each one costs. */
export interface Layer {
  readonly name: string;
  /** `*` for every path, `/api/*`-style prefixes otherwise. */
  readonly paths: readonly string[];
  readonly create: () => Step;
}

/** True when a layer mounted on `pattern` (`*`, `/api/*`) covers `path`. */
export function layerCovers(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  const prefix = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern;
  return path === prefix || path.startsWith(`${prefix}/`);
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
 * log, CORS (when configured), rate limit, bearer token (when configured), body limit. Every request of
 * the app goes through these, and nothing else; a path no route has for its method is answered 405
 * (another method has it) or 404 after them.
 */
export function apiLayers(ctx: RouteContext, deps: Pick<AppDeps, 'clientKey' | 'requestIds'>): Layer[] {
  const { config, log } = ctx;
  const layers: Layer[] = [
    { name: 'response head (request id, security headers)', paths: ['*'], create: () => responseHead({ nextId: deps.requestIds ?? createRequestIds() }) },
    { name: 'request log', paths: ['*'], create: () => requestLog(log) },
  ];
  if (config.corsOrigins.length > 0) {
    const origins = [...config.corsOrigins];
    layers.push({
      name: 'CORS',
      paths: API_PATHS,
      create: () =>
        fromMiddleware(
          cors({
            origin: origins.includes('*') ? '*' : origins,
            allowMethods: ['GET', 'POST', 'OPTIONS'],
            allowHeaders: ['Content-Type', 'Authorization', 'Accept'],
            exposeHeaders: ['Retry-After', 'X-Request-Id'],
            maxAge: 600,
          }),
        ),
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

/**
 * A Hono middleware as a step (CORS): what the handler answers becomes `c.res`, as Hono's compose
 * does, so headers the middleware set before are merged in; always a promise.
 */
function fromMiddleware(middleware: MiddlewareHandler<AppEnv>): Step {
  return async (c, next) => {
    const answered = await middleware(c, async () => {
      c.res = await next();
    });
    return answered ?? c.res;
  };
}

/** The layers' steps, made once each, with the paths they cover. */
export interface MountedLayers {
  /** The steps for a request to `path`, in order: the same list for paths the same layers cover. */
  stepsFor(path: string): readonly Step[];
}

export function mountLayers(layers: readonly Layer[]): MountedLayers {
  const made = layers.map((layer) => ({ paths: layer.paths, step: layer.create() }));
  // One list per set of layers covering a path, so callers can key on it.
  const lists = new Map<string, readonly Step[]>();
  return {
    stepsFor: (path) => {
      const covering = made.map((m) => m.paths.some((p) => layerCovers(p, path)));
      const key = covering.map((yes) => (yes ? '1' : '0')).join('');
      let list = lists.get(key);
      if (list === undefined) lists.set(key, (list = made.filter((_, i) => covering[i]).map((m) => m.step)));
      return list;
    },
  };
}

/**
 * Registers `routes` (Hono apps of plain routes) on `app`, each handler behind the steps its path
 * takes, and the same steps in front of the not-found handler: a route has one handler, so Hono calls
 * it directly, and a route that answers at once is answered within the call.
 */
export function routeThrough(
  app: Hono<AppEnv>,
  layers: MountedLayers,
  routes: readonly Hono<AppEnv>[],
  options: { readonly onError: OnError; readonly fallback: Handler },
): void {
  for (const sub of routes) {
    for (const r of sub.routes) {
      const handler = r.handler as unknown as Handler;
      app.on(r.method, r.path, chain(layers.stepsFor(r.path), handler, options.onError));
    }
  }
  // Requests no route takes: the steps of their path (a chain per set of layers, made when first
  // needed), then 405 or 404.
  const chains = new Map<readonly Step[], Handler>();
  app.notFound((c) => {
    const steps = layers.stepsFor(c.req.path);
    let run = chains.get(steps);
    if (run === undefined) chains.set(steps, (run = chain(steps, options.fallback, options.onError)));
    return run(c);
  });
}

/** The methods routes of `app` answer for `path` (HEAD with GET), for a 405's Allow header. */
export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const methods = new Set<string>();
  for (const method of new Set(app.routes.map((r) => r.method))) {
    if (method === 'ALL' || method === 'HEAD') continue;
    if (app.router.match(method, path)[0].length > 0) {
      methods.add(method);
      if (method === 'GET') methods.add('HEAD');
    }
  }
  return [...methods];
}

/**
 * Builds the HTTP app (docs/API.md) from its dependencies: no I/O happens here, so tests drive it
 * with `app.request()` and fakes, and the entry point with the real index and answerer.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const ctx = resolveContext(deps);
  const app = new Hono<AppEnv>();
  const errorResponse = createErrorResponder(ctx.log);

  const files =
    deps.webRoot === undefined
      ? undefined
      : serveStatic<AppEnv>({
          root: deps.webRoot,
          onFound: (_path, c) => {
            c.header('Cache-Control', 'no-cache');
          },
        });
  const notFound = (c: Context<AppEnv>): Response => errorResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`));
  const fallback: Handler = (c) => {
    const path = c.req.path;
    const allowed = allowedMethods(app, path);
    if (allowed.length > 0) {
      const methods = allowed.join(', ');
      return errorResponse(c, new HttpError('method_not_allowed', `Method ${c.req.method} is not allowed here; use ${methods}.`, { headers: { Allow: methods } }));
    }
    // API paths never fall through to files; dot-files (".env", ".git") are never served.
    if (files === undefined || isApiPath(path) || /\/\./.test(path)) return notFound(c);
    return files(c, async () => {}).then((res) => res ?? notFound(c));
  };

  routeThrough(app, mountLayers(apiLayers(ctx, deps)), [createHealthRoute(ctx), createParagraphsRoute(ctx), createAskRoute(ctx), createOpenAIRoutes(ctx)], {
    onError: errorResponse,
    fallback,
  });
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
