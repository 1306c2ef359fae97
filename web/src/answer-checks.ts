/** Pure wording for what the server's checks say about an answer: flagged claims, grounding, coverage. */
import type { AnswerResult, Claim, ClaimReason, Coverage } from '../../src/types.js';

/** Plain reasons, for when a claim carries no `detail` (and beside a `detail` in another language). */
const REASONS: Record<ClaimReason, string> = {
  number: 'A figure or date here is not in the cited paragraph.',
  entity: 'It names something the cited paragraph does not.',
  quote: 'The words in quotation marks are not the statement’s wording.',
  content: 'The cited paragraph does not say this.',
  dropped_citation: 'Its citation named a paragraph the answer was not written from, so the citation was removed.',
  no_citation: 'It cites no paragraph of the statement.',
};

export interface ClaimText {
  /** The flag's visible words. */
  readonly label: string;
  /** The tooltip's heading. */
  readonly title: string;
  /** A plain reason in English; undefined when `detail` already says it in English. */
  readonly reason?: string;
  /** The server's own words for this claim, in the answer's language. */
  readonly detail?: string;
}

/** What the flag on a claim that is not `supported` says, given the answer's language. */
export function describeClaim(claim: Claim, answerLang: 'zh' | 'en'): ClaimText {
  const uncited = claim.status === 'uncited';
  const label = uncited ? 'No source' : 'Not supported';
  const title = uncited ? 'Not backed by a citation' : 'Not supported by the statement';
  const reason = REASONS[claim.reason ?? (uncited ? 'no_citation' : 'content')];
  const detail = claim.detail?.trim() ? claim.detail.trim() : undefined;
  if (detail === undefined) return { label, title, reason };
  // An English detail says it all; a Chinese one keeps a plain English reason beside it.
  return answerLang === 'en' ? { label, title, detail } : { label, title, reason, detail };
}

/** The coverage, from `coverage` (contract v2) or, from an older server, `refused`. */
export function coverageOf(result: Pick<AnswerResult, 'refused'> & { readonly coverage?: Coverage }): Coverage {
  return result.coverage ?? (result.refused ? 'not_covered' : 'answered');
}

export const COVERAGE_BADGE: Record<Coverage, string | undefined> = {
  answered: undefined,
  partial: 'Partly covered by the statement',
  not_covered: 'Not covered by the statement',
};

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * A plain sentence when the answer is not grounded in the statement; undefined when it is (or when it is
 * a refusal that cites nothing, which needs no grounding).
 */
export function describeGrounding(
  result: Pick<AnswerResult, 'grounded' | 'claims' | 'unsupported' | 'citations' | 'refused'> & { readonly coverage?: Coverage },
): string | undefined {
  if (result.grounded !== false) return undefined;
  if (coverageOf(result) === 'not_covered' && result.citations.length === 0) return undefined;
  const claims = result.claims ?? [];
  const unsupported = claims.filter((c) => c.status === 'unsupported').length;
  const uncited = claims.filter((c) => c.status === 'uncited').length;
  const parts = [
    unsupported > 0 ? `${count(unsupported, 'claim is', 'claims are')} not supported by the paragraphs cited` : '',
    uncited > 0 ? `${count(uncited, 'claim cites', 'claims cite')} no paragraph` : '',
  ].filter((p) => p !== '');
  if (parts.length > 0) return `Not fully grounded in the statement: ${parts.join(', and ')}. The marked text says why.`;
  const sentences = result.unsupported?.length ?? 0;
  if (sentences > 0) {
    return `Not fully grounded in the statement: ${count(sentences, 'sentence rests', 'sentences rest')} on no valid citation.`;
  }
  return 'Not grounded in the statement: this answer rests on no valid citation.';
}
