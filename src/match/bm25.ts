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
  const k1 = index.k1 + 1;
  // forEach, not for…of: no [feature, weight] pair is made per term.
  query.forEach((qw, feature) => {
    const posting = memo.posting(feature);
    if (!posting) return;
    const w = posting.idf * qw;
    const { docs, tfs } = posting;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      const tf = tfs[i]!;
      scores[doc] = scores[doc]! + (w * tf * k1) / (tf + memo.norm[doc]!);
    }
  });
  return scores;
}

interface Posting {
  readonly docs: Int32Array;
  readonly tfs: Float64Array;
  /** idf^exponent */
  readonly idf: number;
}

interface Memo {
  posting(feature: string): Posting | undefined;
  readonly norm: Float64Array;
}

// Per index and exponent: each feature's postings as typed arrays with its idf^exponent (made the first
// time a query meets the feature, in the same table that lists every feature), and each document's
// length norm. A feature the document lacks is one look-up.
const memos = new WeakMap<Bm25Index, Map<number, Memo>>();
function memoFor(index: Bm25Index, exponent: number): Memo {
  let byExponent = memos.get(index);
  if (!byExponent) memos.set(index, (byExponent = new Map()));
  let memo = byExponent.get(exponent);
  if (!memo) {
    const postings = new Map<string, Posting | ReadonlyArray<readonly [number, number]>>(Object.entries(index.postings));
    memo = {
      norm: Float64Array.from(index.lengths, (len) => index.k1 * (1 - index.b + (index.b * len) / index.avgLength)),
      posting(feature) {
        const known = postings.get(feature);
        if (known === undefined || !Array.isArray(known)) return known as Posting | undefined;
        const list = known as ReadonlyArray<readonly [number, number]>;
        const p: Posting = {
          docs: Int32Array.from(list, ([d]) => d),
          tfs: Float64Array.from(list, ([, tf]) => tf),
          idf: Math.pow(idf(index, feature), exponent),
        };
        postings.set(feature, p);
        return p;
      },
    };
    byExponent.set(exponent, memo);
  }
  return memo;
}
