import { describe, expect, it } from 'vitest';
import { createJsonLogger, noopLogger } from '../../src/api/logger.js';

describe('createJsonLogger', () => {
  it('writes one JSON line per call with time and level, honouring the level', () => {
    const lines: [string, string][] = [];
    const log = createJsonLogger({ level: 'warn', now: () => 0, write: (line, level) => lines.push([line, level]) });
    log.info({ msg: 'hidden' });
    log.warn({ msg: 'w', status: 404 });
    log.error({ msg: 'e' });
    expect(lines.map(([, level]) => level)).toEqual(['warn', 'error']);
    expect(JSON.parse(lines[0]![0])).toEqual({ time: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'w', status: 404 });
    expect(lines[0]![0]).not.toContain('\n');
  });

  it('survives unserialisable entries', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ write: (line) => lines.push(line) });
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    log.info(cyclic);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'unserialisable log entry' });
  });

  it('noopLogger does nothing', () => {
    expect(() => noopLogger.error({ msg: 'x' })).not.toThrow();
  });
});
