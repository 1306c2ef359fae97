import { describe, expect, it } from 'vitest';
import { sortSmall } from '../../src/match/small-sort.js';

describe('sorting a short list by insertion', () => {
  // Made-up items: scores from a small set (many ties), broken by a unique id.
  let seed = 11;
  const next = (): number => (seed = (seed * 48271) % 2147483647) % 4;
  const before = (a: { score: number; id: number }, b: { score: number; id: number }): number => b.score - a.score || a.id - b.id;

  it.each([0, 1, 2, 3, 10, 64, 65, 200])('orders %i items as the built-in sort does, in place', (n) => {
    const items = Array.from({ length: n }, (_, id) => ({ score: next(), id }));
    const expected = [...items].sort(before);
    const list = [...items];
    expect(sortSmall(list, before)).toBe(list);
    expect(list).toEqual(expected);
  });

  it('keeps a short list sorted by a limit of one as the built-in sort would', () => {
    expect(sortSmall([3, 1, 2], (a, b) => a - b, 1)).toEqual([1, 2, 3]);
  });
});
