import { describe, expect, it } from 'vitest';
import { buildBm25, idf, scoreBm25 } from '../../src/match/bm25.js';

const docs = [
  new Map([['w:港口', 2], ['w:建设', 1]]),
  new Map([['w:农业', 1], ['w:建设', 1]]),
  new Map([['w:农业', 1], ['w:合作', 3]]),
];

describe('bm25', () => {
  const index = buildBm25(docs);
  it('builds postings, lengths and the average length', () => {
    expect(index.docCount).toBe(3);
    expect(index.lengths).toEqual([3, 2, 4]);
    expect(index.avgLength).toBe(3);
    expect(index.postings['w:建设']).toEqual([[0, 1], [1, 1]]);
  });
  it('gives rarer features more weight, never negative', () => {
    expect(idf(index, 'w:港口')).toBeGreaterThan(idf(index, 'w:建设'));
    expect(idf(index, 'w:未知')).toBeGreaterThan(idf(index, 'w:港口'));
    expect(idf(buildBm25([new Map([['a', 1]])]), 'a')).toBeGreaterThanOrEqual(0);
  });
  it.each([
    [new Map([['w:港口', 1]]), 0],
    [new Map([['w:农业', 1], ['w:合作', 1]]), 2],
    [new Map([['w:建设', 1], ['w:农业', 1]]), 1],
  ])('ranks the matching paragraph first for %j', (query, best) => {
    const scores = scoreBm25(index, query);
    expect(scores.indexOf(Math.max(...scores))).toBe(best);
  });
  it('scores zero for unknown features', () => expect(scoreBm25(index, new Map([['w:天气', 1]]))).toEqual([0, 0, 0]));
});

describe('scoreBm25 idfExponent', () => {
  it('lets a rare term outweigh a common one more than plain BM25 does', () => {
    const docs = [
      new Map([['w:rare', 1]]),
      new Map([['w:common', 3]]),
      new Map([['w:common', 1]]),
      new Map([['w:common', 1]]),
    ];
    const index = buildBm25(docs);
    const query = new Map([['w:rare', 1], ['w:common', 1]]);
    const plain = scoreBm25(index, query);
    const sharp = scoreBm25(index, query, { idfExponent: 2 });
    expect(sharp[0]! / sharp[1]!).toBeGreaterThan(plain[0]! / plain[1]!);
  });
});
