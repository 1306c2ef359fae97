import type { QuestionAnalysis, Wanted } from '../match/analyze-question.js';
import { conceptStrength } from '../match/coverage.js';
import { textConcepts, type ConceptSources } from '../match/concepts.js';
import type { DocumentModel } from '../match/document-model.js';
import { countIn, type CountAnswer } from '../match/evidence.js';
import { stem } from '../text/english.js';
import type { Coverage } from '../types.js';
import type { ScoredSentence } from './select-sentences.js';

/*
 * Does the statement answer what was asked, or only speak of its subject? A question that asks for a
 * kind of fact (a date, an amount, a count, a person, a place, a name) is answered only when the chosen
 * sentences hold that kind of fact; one that asks the value of an attribute ("X的日处理能力", "the
 * capacity of X") only when the attribute is named there. Otherwise the answer is partial: the statement
 * speaks of the subject but not of the detail. Pure.
 */

export interface CoverageDecision {
  readonly coverage: Exclude<Coverage, 'not_covered'>;
  /** What the statement does not give, for a partial answer. */
  readonly missing?: Wanted | 'focus' | 'count';
  /** For count questions: the count and where it was found. */
  readonly count?: CountAnswer & { readonly paragraph: number; readonly unit: number };
}

/** The Chinese forms of a counted noun: as written (Chinese) or the lexicon's translations (English). */
export function countVariants(analysis: QuestionAnalysis, sources: ConceptSources): { zh: string[]; enStem?: string } {
  const noun = analysis.countNoun;
  if (!noun) return { zh: [] };
  if (analysis.lang === 'zh') return { zh: [noun] };
  const s = stem(noun);
  const hits = sources.lexicon && Object.hasOwn(sources.lexicon.toZh, s) ? (sources.lexicon.toZh[s] ?? []) : [];
  return { zh: hits.map(([t]) => t).filter((t) => [...t].length > 1).slice(0, 6), enStem: s };
}

/** Decides answered or partial for the chosen sentences (not_covered is retrieval's call, made before). */
export function decideCoverage(input: {
  readonly analysis: QuestionAnalysis;
  readonly chosen: readonly ScoredSentence[];
  readonly model: DocumentModel;
  readonly sources: ConceptSources;
}): CoverageDecision {
  const { analysis, chosen, model, sources } = input;
  const paragraphs = new Set(chosen.map((s) => s.paragraph));
  const unitsOfChosen = model.units.map((u, i) => ({ u, i })).filter(({ u }) => paragraphs.has(u.paragraph));

  if (analysis.kind === 'how_many' && analysis.countNoun) {
    const { zh, enStem } = countVariants(analysis, sources);
    // The chosen sentences first, then the rest of their paragraphs.
    const order = [...chosen.map((s) => s.unit), ...unitsOfChosen.map(({ i }) => i)];
    for (const i of [...new Set(order)]) {
      const u = model.units[i]!;
      const found = countIn(u.text, zh, u.en, enStem);
      if (found) return { coverage: 'answered', count: { ...found, paragraph: u.paragraph, unit: i } };
    }
    return { coverage: 'partial', missing: 'count' };
  }
  if (analysis.wants && !chosen.some((s) => s.typed)) return { coverage: 'partial', missing: analysis.wants };
  if (analysis.focus) {
    const focus = textConcepts(analysis.focus, analysis.lang, sources).filter((c) => c.word);
    const named = focus.length === 0 || focus.every((c) => unitsOfChosen.some(({ u }) => conceptStrength(u, c) > 0));
    if (!named) return { coverage: 'partial', missing: 'focus' };
  }
  return { coverage: 'answered' };
}
