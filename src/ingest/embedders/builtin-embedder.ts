import { passageFeatures, questionFeatures, type FeatureBag } from '../../text/features.js';
import type { LexiconData } from '../../text/lexicon.js';
import type { Embedder } from '../../types.js';

export const BUILTIN_EMBEDDER_ID = 'builtin-hash-v1';

/** What the built-in embedder learns from the document: inverse document frequencies of its features. */
export interface BuiltinEmbedderState {
  readonly dimension: number;
  readonly idf: Record<string, number>;
  /** IDF given to features the document never contains. */
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

/** Learns feature IDFs from the passages; pure. */
export function fitBuiltinEmbedder(passages: readonly string[], dimension = 1024): BuiltinEmbedderState {
  const df = new Map<string, number>();
  for (const p of passages) for (const f of passageFeatures(p).keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = passages.length;
  const idf: Record<string, number> = {};
  for (const [f, d] of [...df.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    idf[f] = Math.round(Math.log((n + 1) / (d + 0.5)) * 1e4) / 1e4;
  }
  return { dimension, idf, defaultIdf: Math.log((n + 1) / 0.5) };
}

/** Sublinear TF × IDF, feature-hashed with a sign bit, L2-normalised. */
export function hashFeatures(features: FeatureBag, state: BuiltinEmbedderState): Float32Array {
  const v = new Float32Array(state.dimension);
  for (const [f, tf] of features) {
    if (tf <= 0) continue;
    const h = fnv1a(f);
    const weight = (1 + Math.log(tf)) * (state.idf[f] ?? state.defaultIdf);
    v[h % state.dimension]! += h & 0x80000000 ? -weight : weight;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

/**
 * The offline embedder: no weights, no network. Chinese words and bigrams, English words, and
 * (for questions) the document terms English words translate to, hashed into one fixed-size space.
 */
export function createBuiltinEmbedder(state: BuiltinEmbedderState, lexicon?: LexiconData): Embedder {
  return {
    id: BUILTIN_EMBEDDER_ID,
    dimension: state.dimension,
    embed(texts, kind) {
      return Promise.resolve(
        texts.map((t) => hashFeatures(kind === 'query' ? questionFeatures(t, lexicon) : passageFeatures(t), state)),
      );
    },
  };
}
