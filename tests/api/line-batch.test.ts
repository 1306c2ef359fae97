import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineBatch, type LineOutput } from '../../src/api/line-batch.js';
import { ROOT } from '../helpers/ops-harness.js';

function fakeOutput(): LineOutput & { writes: string[]; flushes: number; syncs: number } {
  const out = {
    writes: [] as string[],
    flushes: 0,
    syncs: 0,
    write(text: string) {
      out.writes.push(text);
      return true;
    },
    flush(cb: () => void) {
      out.flushes++;
      cb();
    },
    flushSync() {
      out.syncs++;
    },
  };
  return out;
}

function fakeTimers(): { set: (fn: () => void, ms: number) => unknown; clear: (h: unknown) => void; fire: () => void; pending: () => number } {
  const timers = new Map<number, () => void>();
  let next = 0;
  return {
    set: (fn) => {
      timers.set(++next, fn);
      return next;
    },
    clear: (h) => void timers.delete(h as number),
    fire: () => {
      const fns = [...timers.values()];
      timers.clear();
      for (const fn of fns) fn();
    },
    pending: () => timers.size,
  };
}

const setup = (minBytes = 20, maxBytes = 40) => {
  const out = fakeOutput();
  const timers = fakeTimers();
  const batch = new LineBatch(out, { minBytes, maxBytes, waitMs: 100, setTimer: timers.set, clearTimer: timers.clear });
  return { out, timers, batch };
};

describe('LineBatch', () => {
  it('holds short lines until its timer, then writes them as one', () => {
    const { out, timers, batch } = setup();
    batch.write('a1\n');
    batch.write('b2\n');
    expect(out.writes).toEqual([]);
    expect(timers.pending()).toBe(1);
    timers.fire();
    expect(out.writes).toEqual(['a1\nb2\n']);
    timers.fire();
    expect(out.writes).toHaveLength(1);
  });

  it('writes at once when a batch reaches its minimum, and clears the timer', () => {
    const { out, timers, batch } = setup();
    batch.write('0123456789\n');
    batch.write('0123456789\n');
    expect(out.writes).toEqual(['0123456789\n0123456789\n']);
    expect(timers.pending()).toBe(0);
  });

  it.each([
    [['x'.repeat(15), 'y'.repeat(15), 'z'.repeat(15)], 40],
    [['港口'.repeat(3), '机场'.repeat(3), '走廊'.repeat(3)], 40],
    [['a'.repeat(5), 'b'.repeat(60), 'c'.repeat(5)], 40],
  ])('never writes more than its maximum of whole lines, but for one longer line alone (%#)', (lines, max) => {
    const { out, timers, batch } = setup(30, max);
    for (const l of lines) batch.write(`${l}\n`);
    timers.fire();
    expect(out.writes.join('')).toBe(lines.map((l) => `${l}\n`).join(''));
    for (const w of out.writes) {
      expect(w.endsWith('\n')).toBe(true);
      const lineCount = w.split('\n').length - 1;
      if (lineCount > 1) expect(Buffer.byteLength(w)).toBeLessThanOrEqual(max);
    }
  });

  it('hands what waits before a flush or a synchronous flush', () => {
    const { out, batch } = setup();
    batch.write('q\n');
    let called = false;
    batch.flush(() => (called = true));
    expect(out.writes).toEqual(['q\n']);
    expect(called).toBe(true);
    batch.write('r\n');
    batch.flushSync();
    expect(out.writes).toEqual(['q\n', 'r\n']);
    expect(out.syncs).toBe(1);
  });

  it('writes lines still waiting when the process exits', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cpec-batch-')), 'out.log');
    const script = `
      const { createJsonLogger, batchedDestination } = await import(${JSON.stringify(join(ROOT, 'src/api/logger.ts'))});
      const log = createJsonLogger({ destination: batchedDestination(${JSON.stringify(file)}) });
      log.info({ msg: 'first words' });
      await log.flush();
      log.info({ msg: 'last words' });
      process.exit(0);`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"msg":"last words"');
  });
});
