import { readArgs } from '../src/config.js';
import { UsageError } from '../src/errors.js';

export interface ProfileOptions {
  readonly help: boolean;
  readonly seconds: number;
  readonly cache: 'on' | 'off';
  /** A GET path to load instead of POST /api/ask. */
  readonly path: string | undefined;
  readonly top: number;
}

const SEE = 'See `npm run profile -- --help`.';

/** `npm run profile`'s flags, each value checked; a mistake is a UsageError naming the flag. Pure. */
export function parseProfileArgs(argv: readonly string[]): ProfileOptions {
  const { values } = readArgs(
    argv,
    {
      help: { type: 'boolean', short: 'h' },
      seconds: { type: 'string', default: '10' },
      cache: { type: 'string', default: 'on' },
      path: { type: 'string' },
      top: { type: 'string', default: '25' },
    },
    'npm run profile',
  );
  const seconds = Number(values.seconds);
  if (!/^\d+(\.\d+)?$/u.test(values.seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--seconds must be a number of seconds above 0 and at most 3600, not '${values.seconds}'. ${SEE}`);
  }
  const top = Number(values.top);
  if (!/^\d+$/u.test(values.top) || top < 1) throw new UsageError(`--top must be a whole number of 1 or more, not '${values.top}'. ${SEE}`);
  if (values.cache !== 'on' && values.cache !== 'off') throw new UsageError(`--cache must be on or off, not '${values.cache}'. ${SEE}`);
  if (values.path !== undefined && !values.path.startsWith('/')) throw new UsageError(`--path must start with '/' (e.g. /api/paragraphs/7), not '${values.path}'. ${SEE}`);
  return { help: values.help === true, seconds, cache: values.cache, path: values.path, top };
}

/**
 * The environment of the server under profile: the caller's, with what the profile needs on top. No
 * API_TOKEN (the load sends none, so every request would be a 401 and the profile would show the
 * refusal, and a blank one stops the start) and one process (the profile is of one process).
 */
export function profileServerEnv(base: NodeJS.ProcessEnv, options: ProfileOptions, port: number, indexDir: string): NodeJS.ProcessEnv {
  return {
    ...base,
    PORT: String(port),
    HOST: '127.0.0.1',
    INDEX_DIR: indexDir,
    EMBEDDER: 'builtin',
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: '',
    API_TOKEN: undefined,
    WORKERS: '1',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    ANSWER_CACHE_SIZE: options.cache === 'off' ? '0' : '1000',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
}
