import { describe, expect, it } from 'vitest';
import { createDeadlines, type DeadlineTimers } from '../../src/api/deadlines.js';

/** A clock the test moves, and the one timer the queue may arm. */
function fakeTimers() {
  let now = 0;
  const armed: { at: number; run: () => void }[] = [];
  const timers: DeadlineTimers = {
    now: () => now,
    setTimer: (run, ms) => void armed.push({ at: now + ms, run }),
  };
  const advance = (ms: number): void => {
    now += ms;
    for (;;) {
      const due = armed.findIndex((t) => t.at <= now);
      if (due < 0) return;
      armed.splice(due, 1)[0]!.run();
    }
  };
  return { timers, advance, armedCount: () => armed.length };
}

describe('createDeadlines', () => {
  it('fires each deadline when it falls due, in order, on one timer at a time', () => {
    const t = fakeTimers();
    const deadlines = createDeadlines(100, t.timers);
    const fired: string[] = [];
    deadlines.add(() => fired.push('a'));
    t.advance(30);
    deadlines.add(() => fired.push('b'));
    expect(t.armedCount()).toBe(1);
    t.advance(70);
    expect(fired).toEqual(['a']);
    t.advance(29);
    expect(fired).toEqual(['a']);
    t.advance(1);
    expect(fired).toEqual(['a', 'b']);
    expect(deadlines.pending()).toBe(0);
  });

  it('a cancelled deadline never fires, and cancelling sets no timer', () => {
    const t = fakeTimers();
    const deadlines = createDeadlines(100, t.timers);
    const fired: string[] = [];
    const cancels = ['a', 'b', 'c'].map((name) => deadlines.add(() => fired.push(name)));
    cancels[0]!();
    cancels[2]!();
    expect(deadlines.pending()).toBe(1);
    expect(t.armedCount()).toBe(1);
    t.advance(100);
    expect(fired).toEqual(['b']);
  });

  it('answers finished at once leave the queue empty however many there are', () => {
    const t = fakeTimers();
    const deadlines = createDeadlines(100, t.timers);
    const long = deadlines.add(() => {});
    for (let i = 0; i < 1_000; i++) deadlines.add(() => {})();
    expect(deadlines.pending()).toBe(1);
    long();
    expect(deadlines.pending()).toBe(0);
    t.advance(100);
    expect(t.armedCount()).toBe(0);
  });

  it('a timer left running after its deadline was cancelled re-arms for the next one', () => {
    const t = fakeTimers();
    const deadlines = createDeadlines(100, t.timers);
    const fired: string[] = [];
    deadlines.add(() => fired.push('a'))();
    t.advance(50);
    deadlines.add(() => fired.push('b'));
    t.advance(50); // the timer armed for a runs out: nothing is due, so it re-arms for b
    expect(fired).toEqual([]);
    expect(t.armedCount()).toBe(1);
    t.advance(50);
    expect(fired).toEqual(['b']);
  });
});
