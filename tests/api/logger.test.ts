import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BATCH_FLUSH_MS, BATCH_MAX_BYTES, BATCH_MIN_BYTES, batchedDestination, createJsonLogger, createLogger, noopLogger, resolveLogFormat } from '../../src/api/logger.js';
import { redactSecrets } from '../../src/api/redact.js';

function sink(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, lines: () => text.split('\n').filter((l) => l !== '') };
}

describe('createLogger (JSON)', () => {
  it('writes one JSON line per call with time, level and msg, honouring the level', async () => {
    const out = sink();
    const log = createJsonLogger({ level: 'warn', now: () => 0, destination: out.stream });
    log.debug({ msg: 'hidden' });
    log.info({ msg: 'hidden too' });
    log.warn({ msg: 'w', status: 404 });
    log.error({ msg: 'e' });
    await log.flush();
    const parsed = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p['level'])).toEqual(['warn', 'error']);
    expect(parsed[0]).toEqual({ time: 0, level: 'warn', msg: 'w', status: 404 });
  });

  it('debug lines appear at LOG_LEVEL=debug', async () => {
    const out = sink();
    const log = createJsonLogger({ level: 'debug', destination: out.stream });
    log.debug({ msg: 'request', path: '/app.js' });
    await log.flush();
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ level: 'debug', path: '/app.js' });
  });

  it('survives circular entries', async () => {
    const out = sink();
    const log = createJsonLogger({ destination: out.stream });
    const cyclic: Record<string, unknown> = { msg: 'cyclic' };
    cyclic['self'] = cyclic;
    expect(() => log.info(cyclic)).not.toThrow();
    await log.flush();
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ msg: 'cyclic' });
  });

  it('masks keys, bearer tokens and the configured secrets in warnings and errors', async () => {
    const out = sink();
    const log = createJsonLogger({ destination: out.stream, secrets: ['configured-token-0123456789', undefined] });
    log.error({
      msg: 'LLM request failed',
      errorMessage: '401 Incorrect API key provided: sk-proj-abcdefghijklmnop1234. Header was Bearer abcdefghijklmnopqrstuvwxyz',
      nested: { cause: 'token configured-token-0123456789 refused', list: ['api_key=supersecretvalue123'] },
    });
    log.warn({ msg: 'x', error: new Error('with sk-abcdefghijklmnop inside') });
    await log.flush();
    const text = out.lines().join('\n');
    expect(text).not.toMatch(/sk-proj-abcdef|sk-abcdefghij|abcdefghijklmnopqrstuvwxyz|configured-token-0123456789|supersecretvalue123/);
    expect(text).toContain('sk-[redacted]');
    expect(text).toContain('Bearer [redacted]');
  });
});

describe('createLogger (pretty)', () => {
  it('prints request lines a person can read, without JSON noise', async () => {
    const out = sink();
    const log = createLogger({ format: 'pretty', destination: out.stream });
    log.info({ msg: 'request', method: 'POST', path: '/api/ask', status: 200, ms: 1.5, requestId: 'abc-1', mode: 'extractive' });
    log.info({ msg: 'The index is ready' });
    await log.flush();
    const lines = out.lines();
    expect(lines[0]).toMatch(/INFO.*POST \/api\/ask 200 1\.5 ms/);
    expect(lines[0]).not.toContain('requestId');
    expect(lines[1]).toMatch(/INFO.*The index is ready/);
  });

  it('auto is pretty on a terminal and JSON otherwise', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
});

describe('redactSecrets', () => {
  it.each([
    ['Incorrect API key provided: sk-abc123def456ghi', 'Incorrect API key provided: sk-[redacted]'],
    ['Authorization: Bearer abcdefgh12345678', 'Authorization: Bearer [redacted]'],
    ['{"api_key": "abcdefgh12345678"}', '{"api_key": "[redacted]"}'],
    ['nothing secret here, sk-short', 'nothing secret here, sk-short'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('is linear on long hostile input', () => {
    const started = performance.now();
    redactSecrets(`Bearer ${' '.repeat(200_000)}sk-${'a'.repeat(200_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('noopLogger', () => {
  it('does nothing', () => {
    expect(() => noopLogger.error({ msg: 'x' })).not.toThrow();
  });
});

describe('batchedDestination (the JSON output of a server)', () => {
  const tempFile = (): string => join(mkdtempSync(join(tmpdir(), 'cpec-log-')), 'out.log');
  const until = async (ok: () => boolean, ms: number): Promise<number> => {
    const started = Date.now();
    while (!ok() && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 10));
    return Date.now() - started;
  };
  const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

  it('writes a lone short line within its flush interval, without a flush call', async () => {
    const file = tempFile();
    const log = createJsonLogger({ destination: batchedDestination(file) });
    log.info({ msg: 'one short line' });
    const waited = await until(() => read(file).includes('one short line'), 2_000);
    expect(read(file)).toContain('one short line');
    expect(waited).toBeLessThan(BATCH_FLUSH_MS * 5);
  });

  it('loses no line under a burst, each whole, and flush() resolves once all are written', async () => {
    const file = tempFile();
    const log = createJsonLogger({ destination: batchedDestination(file) });
    const n = 5_000;
    for (let i = 0; i < n; i++) log.info({ msg: 'request', i, path: `/api/paragraphs/${i % 31}` });
    await log.flush();
    const lines = read(file).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(n);
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual([...Array(n).keys()]);
    expect(BATCH_MIN_BYTES).toBeLessThan(BATCH_MAX_BYTES);
    expect(BATCH_MAX_BYTES).toBeLessThanOrEqual(4_096);
  });

  it('flush() gives up after a bounded wait when the output never drains (a closed pipe)', async () => {
    const stuck = { write: () => true, flush: () => {} };
    const log = createJsonLogger({ destination: stuck });
    log.info({ msg: 'never written' });
    const started = Date.now();
    await log.flush();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
