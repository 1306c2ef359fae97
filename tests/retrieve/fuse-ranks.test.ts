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
});
