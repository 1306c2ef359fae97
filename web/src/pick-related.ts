/** Which retrieved paragraphs an answer offers as "Also relevant". Pure. */
import type { Citation, RetrievedParagraph } from '../../src/types.js';

/** A paragraph is offered when it scores at least this share of the best one. */
export const RELATED_MIN_SHARE = 0.5;
export const MAX_RELATED = 6;

/**
 * The retrieved paragraphs worth reading beside an answer: at least half as relevant as the best
 * (scores are relative, so possibly none), never one the answer already cites, best first.
 */
export function pickRelated(
  retrieved: readonly RetrievedParagraph[],
  citations: readonly Pick<Citation, 'paragraph'>[],
  options: { readonly minShare?: number; readonly max?: number } = {},
): RetrievedParagraph[] {
  const best = Math.max(0, ...retrieved.map((r) => (Number.isFinite(r.score) ? r.score : 0)));
  if (best <= 0) return [];
  const floor = best * (options.minShare ?? RELATED_MIN_SHARE);
  const cited = new Set(citations.map((c) => c.paragraph));
  const seen = new Set<number>();
  const out: RetrievedParagraph[] = [];
  for (const r of [...retrieved].sort((a, b) => b.score - a.score)) {
    if (!(r.score >= floor) || cited.has(r.paragraph) || seen.has(r.paragraph)) continue;
    seen.add(r.paragraph);
    out.push(r);
  }
  return out.slice(0, options.max ?? MAX_RELATED);
}

/** How many retrieved paragraphs clear the relevance floor (for the "found …" line while answering). */
export function countRelevant(retrieved: readonly RetrievedParagraph[]): number {
  return pickRelated(retrieved, [], { max: Number.POSITIVE_INFINITY }).length;
}
