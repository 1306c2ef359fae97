/** A structured logger: every call is one JSON object (one line once serialised). */
export interface Logger {
  info(obj: Record<string, unknown>): void;
  warn(obj: Record<string, unknown>): void;
  error(obj: Record<string, unknown>): void;
}

/** Swallows everything; the default in tests. */
export const noopLogger: Logger = Object.freeze({ info() {}, warn() {}, error() {} });

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/**
 * One JSON line per call, with `time` and `level` first. `write` defaults to stdout (info) and
 * stderr (warn, error) so container log collectors see severities apart.
 */
export function createJsonLogger(options: {
  readonly level?: keyof typeof LEVELS | undefined;
  readonly write?: ((line: string, level: 'info' | 'warn' | 'error') => void) | undefined;
  readonly now?: (() => number) | undefined;
} = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const write =
    options.write ??
    ((line: string, level: 'info' | 'warn' | 'error') =>
      (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`));
  const emit = (level: 'info' | 'warn' | 'error') => (obj: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date(now()).toISOString(), level, ...obj });
    } catch {
      line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg: 'unserialisable log entry' });
    }
    write(line, level);
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
