import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readArgs } from '../src/config.js';
import { UsageError } from '../src/errors.js';

describe('loadConfig', () => {
  it('has offline defaults: no LLM, built-in or auto embedder, port 3000', () => {
    const c = loadConfig({});
    expect(c.llm).toBeNull();
    expect(c.embedder).toBe('auto');
    expect(c.port).toBe(3000);
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('turns LLM mode on with either OPENAI_BASE_URL or OPENAI_API_KEY', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm?.apiKey).toBe('not-needed');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', LLM_MODEL: 'm' }).llm?.model).toBe('m');
  });
  it('reads TRUST_PROXY as a boolean, off by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', OPENAI_API_KEY: ' ' }).llm).toBeNull();
  });
  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', EMBEDDER: 'magic', OPENAI_BASE_URL: 'not a url' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/EMBEDDER/);
    expect(message).toMatch(/OPENAI_BASE_URL/);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('a set-but-%s API_TOKEN stops the start, naming it', (_name, value) => {
    expect(() => loadConfig({ API_TOKEN: value })).toThrow(ConfigError);
    expect(() => loadConfig({ API_TOKEN: value })).toThrow(/API_TOKEN is set but blank.*unset it.*16 characters/);
  });

  it('an API_TOKEN shorter than 16 characters, or with spaces, stops the start', () => {
    expect(() => loadConfig({ API_TOKEN: 'short' })).toThrow(/API_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ API_TOKEN: 'has spaces in the token' })).toThrow(/API_TOKEN: must be visible ASCII/);
    expect(loadConfig({ API_TOKEN: '0123456789abcdef' }).apiToken).toBe('0123456789abcdef');
    expect(loadConfig({}).apiToken).toBeUndefined();
  });

  it('reads WORKERS (1 by default, auto = one per core), LOG_FORMAT and the timeouts', () => {
    const c = loadConfig({});
    expect(c.workers).toBe(1);
    expect(c.logFormat).toBe('auto');
    expect(c.timeouts).toEqual({ headersMs: 10_000, bodyMs: 30_000, keepAliveMs: 5_000, sseWriteMs: 15_000, shutdownGraceMs: 5_000 });
    expect(c.answerCacheBytes).toBe(16 * 2 ** 20);
    expect(loadConfig({ WORKERS: 'auto' }).workers).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ WORKERS: '3' }).workers).toBe(3);
    expect(() => loadConfig({ WORKERS: 'many' })).toThrow(/WORKERS/);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HEADERS_TIMEOUT_MS must not be longer than BODY_TIMEOUT_MS/);
  });

  it.each(['LLM_TIMEOUT_MS', 'LLM_IDLE_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS', 'HEADERS_TIMEOUT_MS', 'BODY_TIMEOUT_MS', 'KEEP_ALIVE_TIMEOUT_MS', 'SSE_WRITE_TIMEOUT_MS', 'SHUTDOWN_GRACE_MS'])(
    '%s above 2147483647 ms (which Node would fire after 1 ms) stops the start, naming it',
    (name) => {
      // HEADERS_TIMEOUT_MS may not exceed BODY_TIMEOUT_MS: keep the pair valid so only the limit speaks.
      const env = name === 'HEADERS_TIMEOUT_MS' ? { BODY_TIMEOUT_MS: '2147483647' } : {};
      expect(() => loadConfig({ ...env, [name]: '2147483648' })).toThrow(ConfigError);
      expect(() => loadConfig({ ...env, [name]: '2147483648' })).toThrow(new RegExp(`${name}: must be at most 2147483647`));
      expect(() => loadConfig({ ...env, [name]: '2147483647' })).not.toThrow();
    },
  );

  it('says every problem on one line', () => {
    expect(() => loadConfig({ PORT: 'abc', API_TOKEN: ' ' })).toThrow(/^Invalid configuration: [^\n]*API_TOKEN[^\n]*; PORT[^\n]*\.$/);
  });
});


describe('readArgs', () => {
  const options = { set: { type: 'string' }, json: { type: 'string' }, top: { type: 'string', short: 't' }, quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  const read = (argv: string[]) => readArgs(argv, options, 'npm run x', false, { json: 'out.json' }).values;
  const refusal = (argv: string[]): string => {
    try {
      read(argv);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as Error).message;
    }
    throw new Error(`accepted ${argv.join(' ')}`);
  };

  it('reads values after a space or an =, and drops the `--` npm passes through', () => {
    expect(read(['--', '--set', 'a.jsonl', '--top=3', '--quick'])).toEqual({ set: 'a.jsonl', top: '3', quick: true });
    expect(read(['-t', '7'])).toEqual({ top: '7' });
  });
  it.each([[['--set']], [['--set', '--quick']], [['--set=']], [['--quick', '--set']], [['-t']]])('a string flag without its value is one line naming it: %j', (argv) => {
    expect(refusal(argv)).toMatch(/^--(set|top) needs a value\. See `npm run x -- --help`\.$/);
  });
  it('a flag whose value may be left out takes its bare value, and the next flag still counts', () => {
    expect(read(['--json', '--quick'])).toEqual({ json: 'out.json', quick: true });
    expect(read(['--quick', '--json'])).toEqual({ json: 'out.json', quick: true });
    expect(read(['--json', 'mine.json', '--quick'])).toEqual({ json: 'mine.json', quick: true });
  });
  it('takes a negative number as a value, for the command to refuse by name', () => {
    expect(read(['--top', '-3'])).toEqual({ top: '-3' });
  });
  it('an unknown flag or an argument is one line, without parseArgs\' hints about `--`', () => {
    expect(refusal(['--fast'])).toBe("Unknown option '--fast'. See `npm run x -- --help`.");
    expect(refusal(['extra'])).toMatch(/^Unexpected argument 'extra'\.[^\n]*See `npm run x -- --help`\.$/);
  });
});
