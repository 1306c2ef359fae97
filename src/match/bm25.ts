import { madeFor, remember } from '../memo.js';
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
  const { at, starts, docs, tfs, idfs, norm } = packedFor(index, options.idfExponent ?? 1);
  const scores = new Array<number>(index.docCount).fill(0);
  const k1 = index.k1 + 1;
  // forEach, not for…of: no [feature, weight] pair is made per term.
  query.forEach((qw, feature) => {
    const f = at.get(feature);
    if (f === undefined) return;
    const w = idfs[f]! * qw;
    for (let i = starts[f]!, end = starts[f + 1]!; i < end; i++) {
      const doc = docs[i]!;
      const tf = tfs[i]!;
      scores[doc] = scores[doc]! + (w * tf * k1) / (tf + norm[doc]!);
    }
  });
  return scores;
}

/**
 * An index packed for scoring, per exponent: each feature numbered, its postings side by side in flat
 * arrays (feature f's at starts[f] up to starts[f + 1], in the index's order), its idf^exponent, and
 * each document's length norm. A query term is one look-up, then a run of memory.
 */
interface Packed {
  readonly at: ReadonlyMap<string, number>;
  readonly starts: Int32Array;
  readonly docs: Int32Array;
  readonly tfs: Float64Array;
  readonly idfs: Float64Array;
  readonly norm: Float64Array;
}

const packs = new WeakMap<Bm25Index, Map<number, Packed>>();
function packedFor(index: Bm25Index, exponent: number): Packed {
  return remember(madeFor(packs, index, () => new Map()), exponent, Infinity, () => pack(index, exponent));
}

function pack(index: Bm25Index, exponent: number): Packed {
  const features = Object.entries(index.postings);
  const at = new Map<string, number>();
  const starts = new Int32Array(features.length + 1);
  const idfs = new Float64Array(features.length);
  let total = 0;
  features.forEach(([feature, list], f) => {
    at.set(feature, f);
    starts[f] = total;
    total += list.length;
    idfs[f] = Math.pow(idf(index, feature), exponent);
  });
  starts[features.length] = total;
  const docs = new Int32Array(total);
  const tfs = new Float64Array(total);
  features.forEach(([, list], f) => {
    list.forEach(([doc, tf], k) => {
      docs[starts[f]! + k] = doc;
      tfs[starts[f]! + k] = tf;
    });
  });
  const norm = Float64Array.from(index.lengths, (len) => index.k1 * (1 - index.b + (index.b * len) / index.avgLength));
  return { at, starts, docs, tfs, idfs, norm };
}
