import { describe, expect, it } from 'vitest';
import { createSerialRunner } from '../../src/server/serial-runner.js';

/** A task whose runs finish when the test says, recording how many ran at once. */
function controlledTask() {
  const finishers: Array<(err?: Error) => void> = [];
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const task = () =>
    new Promise<void>((resolve, reject) => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      finishers.push((err) => {
        active--;
        if (err) reject(err);
        else resolve();
      });
    });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return {
    task,
    tick,
    get runs() {
      return runs;
    },
    get maxActive() {
      return maxActive;
    },
    finish: async (err?: Error) => {
      finishers.shift()!(err);
      await tick();
    },
  };
}

describe('createSerialRunner', () => {
  it.each([1, 2, 3, 10])('%i calls at once: never two runs together, at most one queued', async (calls) => {
    const t = controlledTask();
    const run = createSerialRunner(t.task);
    const results = Array.from({ length: calls }, () => run());
    await t.tick();
    expect(t.runs).toBe(1);
    await t.finish();
    expect(t.runs).toBe(calls > 1 ? 2 : 1);
    if (calls > 1) await t.finish();
    await Promise.all(results);
    expect(t.runs).toBe(Math.min(calls, 2));
    expect(t.maxActive).toBe(1);
  });

  it('calls while a run is queued share the queued run', async () => {
    const t = controlledTask();
    const run = createSerialRunner(t.task);
    const first = run();
    const second = run();
    const third = run();
    expect(third).toBe(second);
    expect(first).not.toBe(second);
    await t.tick();
    await t.finish();
    await t.finish();
    await Promise.all([first, second, third]);
  });

  it('a failed run rejects its own callers only, and the queued run still happens', async () => {
    const t = controlledTask();
    const run = createSerialRunner(t.task);
    const first = run();
    const second = run();
    first.catch(() => {});
    await t.tick();
    await t.finish(new Error('bad index'));
    await expect(first).rejects.toThrow('bad index');
    expect(t.runs).toBe(2);
    await t.finish();
    await expect(second).resolves.toBeUndefined();
  });

  it('after everything settles, the next call runs at once', async () => {
    const t = controlledTask();
    const run = createSerialRunner(t.task);
    const first = run();
    await t.tick();
    await t.finish();
    await first;
    const again = run();
    await t.tick();
    expect(t.runs).toBe(2);
    await t.finish();
    await again;
    expect(t.maxActive).toBe(1);
  });
});
