import { madeFor } from '../../memo.js';
import type { ConceptSources } from '../../match/concepts.js';
import { queryTerms } from '../../match/query-terms.js';
import { textTerms, type ReadonlyTermBag } from '../../match/terms.js';
import type { Embedder, SparseVector } from '../../types.js';

export const BUILTIN_EMBEDDER_ID = 'builtin-hash-v2';

/** What the built-in embedder learns from the document: inverse document frequencies of its terms. */
export interface BuiltinEmbedderState {
  readonly dimension: number;
  readonly idf: Record<string, number>;
  /** IDF given to terms the document never contains. */
  readonly defaultIdf: number;
}

/** FNV-1a, 32 bit: a stable hash so the same text always gives the same vector. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Learns term IDFs from the passages; pure. */
export function fitBuiltinEmbedder(passages: readonly string[], dimension = 1024): BuiltinEmbedderState {
  const df = new Map<string, number>();
  for (const p of passages) for (const f of textTerms(p).keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = passages.length;
  const idf: Record<string, number> = {};
  for (const [f, d] of [...df.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    idf[f] = Math.round(Math.log((n + 1) / (d + 0.5)) * 1e4) / 1e4;
  }
  return { dimension, idf, defaultIdf: Math.log((n + 1) / 0.5) };
}

/** A fitted state made quick to read: each term's number, and the IDFs side by side by number. */
interface ReadyState {
  readonly dimension: number;
  readonly termAt: ReadonlyMap<string, number>;
  readonly idfs: Float64Array;
  readonly defaultIdf: number;
  /** Where a vector is summed before it is read out: all zeros between calls. */
  readonly scratch: Float32Array;
}

const ready = new WeakMap<BuiltinEmbedderState, ReadyState>();
function readyState(state: BuiltinEmbedderState): ReadyState {
  return madeFor(ready, state, () => {
    const terms = Object.entries(state.idf);
    return {
      dimension: state.dimension,
      termAt: new Map(terms.map(([t], i) => [t, i])),
      idfs: Float64Array.from(terms, ([, v]) => v),
      defaultIdf: state.defaultIdf,
      scratch: new Float32Array(state.dimension),
    };
  });
}

/**
 * Sublinear TF × IDF, feature-hashed with a sign bit, L2-normalised: the non-zero dimensions, in
 * increasing order, with their single-precision values. Summed in a reused buffer, so no vector of the
 * full dimension is made per text.
 */
export function hashFeaturesSparse(terms: ReadonlyTermBag, state: BuiltinEmbedderState): SparseVector {
  const r = readyState(state);
  const v = r.scratch;
  // A text has far fewer terms than dimensions: the norm is taken over the dimensions it touched.
  const touched: number[] = [];
  // forEach, not for…of: no [term, tf] pair is made per term.
  terms.forEach((tf, f) => {
    if (tf <= 0) return;
    // Hashing a term afresh costs less than looking it up in a table of remembered hashes.
    const h = fnv1a(f);
    const at = r.termAt.get(f);
    const weight = (1 + Math.log(Math.max(tf, 1e-3))) * (at === undefined ? r.defaultIdf : r.idfs[at]!);
    if (weight <= 0) return;
    const d = h % r.dimension;
    if (v[d] === 0) touched.push(d);
    v[d]! += h & 0x80000000 ? -weight : weight;
  });
  let norm = 0;
  // Each touched dimension once (one whose weights cancelled to 0 and was touched again is listed twice),
  // in index order: the sum adds the same numbers in the same order as a pass over every dimension.
  touched.sort((a, b) => a - b);
  let unique = 0;
  for (const d of touched) if (unique === 0 || touched[unique - 1] !== d) touched[unique++] = d;
  touched.length = unique;
  for (const d of touched) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm);
  const dims: number[] = [];
  const values: number[] = [];
  for (const d of touched) {
    if (norm > 0) v[d]! /= norm;
    if (v[d] !== 0) {
      dims.push(d);
      values.push(v[d]!);
    }
    v[d] = 0;
  }
  return { dims, values };
}

/** The same vector at full dimension. */
export function hashFeatures(terms: ReadonlyTermBag, state: BuiltinEmbedderState): Float32Array {
  const { dims, values } = hashFeaturesSparse(terms, state);
  const v = new Float32Array(state.dimension);
  for (let i = 0; i < dims.length; i++) v[dims[i]!] = values[i]!;
  return v;
}

/**
 * The offline embedder: no weights, no network. The matching core's terms (Chinese words and bigrams,
 * English words; for questions also the document terms English words translate to) hashed into one
 * fixed-size space.
 */
export function createBuiltinEmbedder(state: BuiltinEmbedderState, sources: ConceptSources = {}): Embedder {
  return {
    id: BUILTIN_EMBEDDER_ID,
    dimension: state.dimension,
    embed(texts, kind) {
      return Promise.resolve(texts.map((t) => hashFeatures(kind === 'query' ? queryTerms(t, sources) : textTerms(t), state)));
    },
    embedQuerySparse: (text) => hashFeaturesSparse(queryTerms(text, sources), state),
  };
}
