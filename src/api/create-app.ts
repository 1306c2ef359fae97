import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../errors.js';
import { createAskRoute } from './ask-route.js';
import { bearerToken } from './auth.js';
import { resolveContext } from './context.js';
import type { AppDeps, AppEnv } from './deps.js';
import { createHealthRoute } from './health-route.js';
import { describeError, errorDetail, HttpError } from './http-error.js';
import { createOpenAIRoutes, isOpenAIPath, toOpenAIErrorBody } from './openai-routes.js';
import { createParagraphsRoute } from './paragraphs-route.js';
import { createRateLimiter, forwardedFor, rateLimit, remoteAddress } from './rate-limit.js';
import { requestLog } from './request-log.js';

export type { AppDeps, AppEnv, AppState, ApiConfig, HealthInfo } from './deps.js';
export type { Logger } from './logger.js';

const API_PATHS = ['/api/*', '/v1/*'] as const;

/**
 * Builds the HTTP app (../shared/API.md) from its dependencies: no I/O happens here, so tests
 * drive it with `app.request()` and fakes, and the entry point with the real index and answerer.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const ctx = resolveContext(deps);
  const { config, log, now } = ctx;
  const app = new Hono<AppEnv>();

  const errorResponse = (c: Context<AppEnv>, err: unknown): Response => {
    const described = describeError(err);
    if (described.unexpected) {
      log.error({ msg: 'unhandled error', method: c.req.method, path: c.req.path, requestId: c.get('requestId'), ...errorDetail(err) });
    }
    // OpenAI clients read `type` and `param` too.
    const body = isOpenAIPath(c.req.path) ? toOpenAIErrorBody(described.body, described.status, err) : described.body;
    return c.json(body, described.status as 400, { ...described.headers });
  };

  app.use('*', requestId());
  app.use('*', requestLog(log, now));
  // HSTS is the TLS terminator's call, not ours; the rest are safe defaults for a JSON API + one page.
  app.use(
    '*',
    secureHeaders({
      strictTransportSecurity: false,
      // The page is one script and one stylesheet from this origin; nothing inline, nothing else.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  app.use(
    '*',
    methodNotAllowed<AppEnv>({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(
          c,
          new HttpError('invalid_request', `Method ${c.req.method} is not allowed here; use ${methods.join(', ')}.`, {
            status: 405,
            headers: { Allow: methods.join(', ') },
          }),
        ),
    }),
  );

  if (config.corsOrigins.length > 0) {
    const origins = [...config.corsOrigins];
    const corsMiddleware = cors({
      origin: origins.includes('*') ? '*' : origins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization', 'Accept'],
      exposeHeaders: ['Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
    for (const path of API_PATHS) app.use(path, corsMiddleware);
  }

  const limiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, now });
  const keyOf = deps.clientKey ?? (config.trustProxy === true ? forwardedFor : remoteAddress);
  for (const path of API_PATHS) {
    app.use(path, rateLimit(limiter, keyOf));
    if (config.apiToken !== undefined) app.use(path, bearerToken(config.apiToken));
    app.use(
      path,
      bodyLimit({
        maxSize: config.maxBodyBytes,
        onError: () => {
          throw new AppError('payload_too_large', `The request body is larger than ${config.maxBodyBytes} bytes.`);
        },
      }),
    );
  }

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
      if (path.startsWith('/api/') || path.startsWith('/v1/') || path === '/healthz' || /\/\./.test(path)) {
        return next();
      }
      return files(c, next);
    });
  }

  app.notFound((c) => errorResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)));
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
