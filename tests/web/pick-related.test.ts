import { describe, expect, it } from 'vitest';
import { countRelevant, pickRelated } from '../../web/src/pick-related.js';

const r = (paragraph: number, score: number) => ({ paragraph, score });

describe('pickRelated', () => {
  it.each([
    ['at least half the best, cited left out', [r(7, 1), r(19, 0.62), r(16, 0.5), r(11, 0.49)], [7], [19, 16]],
    ['possibly none', [r(7, 1), r(8, 0.07), r(15, 0.069)], [7], []],
    ['the best itself when not cited', [r(10, 1), r(2, 0.494)], [], [10]],
    ['scores not relative to 1', [r(3, 0.2), r(4, 0.1), r(5, 0.09)], [], [3, 4]],
    ['order by score, whatever the input order', [r(4, 0.6), r(3, 1), r(5, 0.8)], [], [3, 5, 4]],
    ['a paragraph listed twice once', [r(3, 1), r(3, 0.9), r(4, 0.7)], [], [3, 4]],
    ['every paragraph cited', [r(7, 1), r(8, 0.9)], [7, 8], []],
    ['nothing retrieved', [], [], []],
    ['zero scores', [r(1, 0), r(2, 0)], [], []],
    ['a non-finite score is not relevant', [r(1, 1), r(2, Number.NaN)], [], [1]],
    ['at most six', [1, 2, 3, 4, 5, 6, 7, 8].map((n) => r(n, 1 - n / 100)), [], [1, 2, 3, 4, 5, 6]],
  ])('%s', (_name, retrieved, cited, expected) => {
    const citations = cited.map((paragraph) => ({ paragraph }));
    expect(pickRelated(retrieved, citations).map((x) => x.paragraph)).toEqual(expected);
  });

  it('takes another floor and maximum when asked', () => {
    expect(pickRelated([r(1, 1), r(2, 0.3), r(3, 0.2)], [], { minShare: 0.25, max: 1 }).map((x) => x.paragraph)).toEqual([1]);
    expect(pickRelated([r(1, 1), r(2, 0.3), r(3, 0.2)], [], { minShare: 0.25 }).map((x) => x.paragraph)).toEqual([1, 2]);
  });
});

describe('countRelevant', () => {
  it.each([
    [[r(7, 1), r(19, 0.304), r(16, 0.045)], 1],
    [[r(31, 1), r(21, 0.5), r(18, 0.441)], 2],
    [[1, 2, 3, 4, 5, 6, 7, 8].map((n) => r(n, 1)), 8],
    [[], 0],
  ])('%j → %i', (retrieved, n) => {
    expect(countRelevant(retrieved)).toBe(n);
  });
});
