import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { flatLine, isFlat, lineParts } from '../../src/api/log-line.js';
import { createJsonLogger } from '../../src/api/logger.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

// Made-up entries of every plain kind, including what JSON must escape.
const ENTRIES: Record<string, unknown>[] = [
  { msg: 'request', method: 'GET', path: '/api/paragraphs/7', status: 200, ms: 0.3, requestId: 'ab12-1' },
  { msg: 'quote " and back\\slash', tab: 'a\tb', line: 'x\ny', control: '\u0001', cjk: '港口与机场', emoji: '🚢' },
  { n: -12.5, zero: 0, big: 1e21, small: 5e-7, yes: true, no: false, none: null, skipped: undefined },
  {},
  { status: 404, msg: 'after other fields' },
];

describe('the flat log line', () => {
  it.each([
    [{ a: 'x', b: 1, c: true, d: null, e: undefined }, true],
    [{}, true],
    [{ nested: { a: 1 } }, false],
    [{ list: [1, 2] }, false],
    [{ err: new Error('boom') }, false],
    [{ f: () => 1 }, false],
    [{ big: 10n }, false],
  ])('isFlat(%o) is %s', (obj, flat) => expect(isFlat(obj)).toBe(flat));

  it('builds its parts and line as pino orders them', () => {
    const parts = lineParts('info', { worker: 2 });
    expect(flatLine(parts, ',"time":5', { msg: 'm', status: 200 })).toBe('{"level":"info","time":5,"worker":2,"msg":"m","status":200}\n');
    expect(flatLine(lineParts('debug', null), ',"time":5', {})).toBe('{"level":"debug","time":5}\n');
  });

  it.each([[null], [{ worker: 3 }]])('writes exactly what pino writes, base %o', async (base) => {
    const ours = sink();
    const theirs = sink();
    const log = createJsonLogger({ level: 'debug', now: () => 1_700_000_000_000, destination: ours.stream, ...(base === null ? {} : { base }) });
    const reference = pino(
      { level: 'debug', base, timestamp: () => ',"time":1700000000000', formatters: { level: (label) => ({ level: label }) } },
      theirs.stream,
    );
    for (const entry of ENTRIES) {
      log.info(entry);
      log.debug(entry);
      reference.info(entry);
      reference.debug(entry);
    }
    // Not flat: pino's own serialiser, the same either way.
    log.info({ msg: 'nested', detail: { a: [1, 2] } });
    reference.info({ msg: 'nested', detail: { a: [1, 2] } });
    await log.flush();
    expect(ours.text()).toBe(theirs.text());
    expect(ours.text().split('\n').filter(Boolean)).toHaveLength(ENTRIES.length * 2 + 1);
  });

  it('writes nothing below the level', async () => {
    const out = sink();
    const log = createJsonLogger({ level: 'warn', destination: out.stream });
    log.info({ msg: 'no' });
    log.debug({ msg: 'no' });
    await log.flush();
    expect(out.text()).toBe('');
  });
});
