import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { PortInUseError } from '../errors.js';
import { noopLogger, type Logger } from './logger.js';

type FetchCallback = Parameters<typeof createAdaptorServer>[0]['fetch'];

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000` (a wildcard host is reported as 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Stops accepting connections, lets requests in flight (streamed answers included) finish for
   * up to `graceMs`, then destroys the remaining sockets, which aborts their answers.
   */
  close(graceMs?: number): Promise<void>;
}

/** Socket limits (see Config.timeouts); Node's defaults where left out. */
export interface ServerTimeouts {
  /** Longest time to receive a request's headers (slowloris): Node's `headersTimeout`. */
  readonly headersMs?: number | undefined;
  /** Longest time to receive a whole request, body included: Node's `requestTimeout`. */
  readonly bodyMs?: number | undefined;
  /** How long an idle keep-alive connection stays open: Node's `keepAliveTimeout`. */
  readonly keepAliveMs?: number | undefined;
}

export interface StartServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string | undefined;
  readonly log?: Logger | undefined;
  readonly timeouts?: ServerTimeouts | undefined;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Serves `app` over HTTP with @hono/node-server; resolves once listening. */
export async function startServer(app: { fetch: FetchCallback }, options: StartServerOptions): Promise<RunningServer> {
  const log = options.log ?? noopLogger;
  const host = options.host ?? '127.0.0.1';
  const t = options.timeouts;
  // Node checks the header and request timeouts every `connectionsCheckingInterval` (30 s by default):
  // check often enough that a slow client is cut off close to its limit.
  const shortest = Math.min(t?.headersMs ?? 30_000, t?.bodyMs ?? 30_000);
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: { connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(shortest / 4))) },
  }) as Server;
  if (t?.headersMs !== undefined) server.headersTimeout = t.headersMs;
  if (t?.bodyMs !== undefined) server.requestTimeout = t.bodyMs;
  if (t?.keepAliveMs !== undefined) server.keepAliveTimeout = t.keepAliveMs;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, options.port, { cause: err }) : err);
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ msg: 'server error', errorMessage: err.message }));

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;
  log.debug({ msg: 'listening', url });

  let closing: Promise<void> | undefined;
  const close = (graceMs = 5_000): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      log.debug({ msg: 'shutting down', graceMs });
      const force = setTimeout(() => {
        log.warn({ msg: 'grace period over: closing remaining connections' });
        server.closeAllConnections();
      }, graceMs);
      force.unref();
      // Keep-alive sockets hold close() open once their request is done: drop them as they go idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      sweep.unref();
      server.close(() => {
        clearTimeout(force);
        clearInterval(sweep);
        log.debug({ msg: 'closed' });
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return { url, port, server, close };
}
