import { describe, expect, it } from 'vitest';
import { normaliseByMax, rankOrder, weightedFusion } from '../../src/retrieve/fuse-ranks.js';

describe('fuse-ranks', () => {
  it.each([
    [[2, 4, 0], [0.5, 1, 0]],
    [[0, 0], [0, 0]],
    [[-1, 2], [0, 1]],
  ])('normaliseByMax(%j) → %j', (input, out) => expect(normaliseByMax(input)).toEqual(out));
  it('weightedFusion mixes max-normalised lists', () => {
    const fused = weightedFusion([
      { scores: [10, 5, 0], weight: 0.7 },
      { scores: [0, 1, 0.5], weight: 0.3 },
    ]);
    expect(fused[0]).toBeCloseTo(0.7);
    expect(fused[1]).toBeCloseTo(0.35 + 0.3);
    expect(fused[2]).toBeCloseTo(0.15);
  });
  it.each([
    [[0.1, 0.9, 0.5], [1, 2, 0]],
    [[1, 1, 2], [2, 0, 1]],
    [[], []],
  ])('rankOrder(%j) → %j (ties by index)', (scores, order) => expect(rankOrder(scores)).toEqual(order));
  it('rankOrder orders as the built-in sort does, with ties by index, short lists and long', () => {
    // A fixed pseudo-random sequence: values from a small set, so ties are common.
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) % 5;
    for (const n of [1, 2, 5, 31, 64, 65, 100]) {
      const scores = Array.from({ length: n }, () => next() / 4);
      const expected = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
      expect(rankOrder(scores)).toEqual(expected);
    }
  });
  it('weightedFusion adds each list as normaliseByMax scales it', () => {
    const lists = [
      { scores: [0.3, -1, 7, 0], weight: 0.7 },
      { scores: [0, 0, 0, 0], weight: 0.2 },
      { scores: [1e-9, 2, 0.5, 3], weight: 0.1 },
    ];
    const expected = [0, 0, 0, 0];
    for (const { scores, weight } of lists) normaliseByMax(scores).forEach((s, i) => (expected[i]! += weight * s));
    expect(weightedFusion(lists)).toEqual(expected);
  });
});
