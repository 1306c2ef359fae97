import type { ReadonlyTermBag as FeatureBag } from './terms.js';

/** A serialisable BM25 index over feature bags (one per paragraph, in paragraph order). */
export interface Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly avgLength: number;
  readonly lengths: readonly number[];
  /** feature → [[docIndex, tf], …] */
  readonly postings: Record<string, Array<[number, number]>>;
  readonly docCount: number;
}

/** Builds a BM25 index; pure. */
export function buildBm25(docs: readonly FeatureBag[], params: { k1?: number; b?: number } = {}): Bm25Index {
  const postings: Record<string, Array<[number, number]>> = {};
  const lengths = docs.map((doc, i) => {
    let len = 0;
    for (const [feature, tf] of doc) {
      (postings[feature] ??= []).push([i, tf]);
      len += tf;
    }
    return len;
  });
  const avgLength = lengths.reduce((a, b) => a + b, 0) / Math.max(1, docs.length);
  return { k1: params.k1 ?? 1.2, b: params.b ?? 0.75, avgLength, lengths, postings, docCount: docs.length };
}

/** Robertson–Spärck Jones IDF, never negative. */
export function idf(index: Bm25Index, feature: string): number {
  const df = index.postings[feature]?.length ?? 0;
  return Math.log(1 + (index.docCount - df + 0.5) / (df + 0.5));
}

/**
 * BM25 score of every document for a weighted query; pure. An `idfExponent` above 1 lets rare terms
 * dominate more than plain BM25 does: in a short, focused document the rare term is usually the topic.
 */
export function scoreBm25(index: Bm25Index, query: FeatureBag, options: { idfExponent?: number } = {}): number[] {
  const exponent = options.idfExponent ?? 1;
  const memo = memoFor(index, exponent);
  const scores = new Array<number>(index.docCount).fill(0);
  for (const [feature, qw] of query) {
    if (!Object.hasOwn(index.postings, feature)) continue;
    const list = index.postings[feature]!;
    let w = memo.idf.get(feature);
    if (w === undefined) {
      w = Math.pow(idf(index, feature), exponent);
      memo.idf.set(feature, w);
    }
    w *= qw;
    for (const [doc, tf] of list) scores[doc] = (scores[doc] ?? 0) + (w * (tf * (index.k1 + 1))) / (tf + (memo.norm[doc] ?? index.k1));
  }
  return scores;
}

// Per index and exponent: idf^exponent per feature (filled as queries meet features) and each document's length norm.
const memos = new WeakMap<Bm25Index, Map<number, { idf: Map<string, number>; norm: number[] }>>();
function memoFor(index: Bm25Index, exponent: number): { idf: Map<string, number>; norm: number[] } {
  let byExponent = memos.get(index);
  if (!byExponent) memos.set(index, (byExponent = new Map()));
  let memo = byExponent.get(exponent);
  if (!memo) {
    memo = { idf: new Map(), norm: index.lengths.map((len) => index.k1 * (1 - index.b + (index.b * len) / index.avgLength)) };
    byExponent.set(exponent, memo);
  }
  return memo;
}
