import type { QuestionAnalysis, Wanted } from '../match/analyze-question.js';
import { conceptStrength, type Matches } from '../match/coverage.js';
import { textConcepts, type ConceptSources } from '../match/concepts.js';
import type { DocumentModel, MatchUnit } from '../match/document-model.js';
import { answersWhen, asksFuture, chineseForms, countIn, isPersonNoun, personsIn, enumerationsIn, type CountAnswer, type SentenceFacts } from '../match/evidence.js';
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
  /** For count questions: the count and where it was found (the sentences that state it). */
  readonly count?: CountAnswer & { readonly paragraph: number; readonly unit: number; readonly units?: readonly number[] };
}

/** The Chinese forms of a counted noun: as written (Chinese) or the lexicon's translations (English). */
export function countVariants(analysis: QuestionAnalysis, sources: ConceptSources): { zh: string[]; enStem?: string } {
  const noun = analysis.countNoun;
  if (!noun) return { zh: [] };
  if (analysis.lang === 'zh') return { zh: [noun] };
  return { zh: chineseForms(noun, sources), enStem: stem(noun) };
}

// Nouns that count the items of a list, whatever they are ("几项内容", "how many ways"), not a measured thing (beds, tons).
const GENERIC_ZH = /^(?:内容|方面|部分|东西|事情|事项|方式|途径|措施|做法|领域|类别)$/u;
const GENERIC_EN = /^(?:ways?|things?|items?|points?|aspects?|parts?|kinds?|types?|areas?|measures?|steps?|fields?|means)$/u;
const HOW_MANY_GENERIC = /\bhow many (?:ways|things|items|points|aspects|parts|kinds|types|areas|measures|steps|fields|means)\b/u;

/** True when a count question counts the items of a list, not a measured or named thing. */
function countsListItems(analysis: QuestionAnalysis): boolean {
  const noun = analysis.countNoun;
  if (noun) return analysis.lang === 'zh' ? GENERIC_ZH.test(noun) : GENERIC_EN.test(noun.toLowerCase());
  return analysis.lang === 'zh' ? analysis.measure !== undefined && analysis.measure !== '年' : HOW_MANY_GENERIC.test(analysis.text.toLowerCase());
}

/**
 * A count question whose noun the chosen sentences never say ("几项内容", "how many ways") is answered by
 * what they list, when they list one thing: the count of its items.
 */
function listedCount(chosen: readonly ScoredSentence[], model: DocumentModel): CoverageDecision | undefined {
  const lists = chosen.flatMap((s) => enumerationsIn(model.units[s.unit]!.text).map((items) => ({ s, items })));
  if (lists.length !== 1) return undefined;
  const { s, items } = lists[0]!;
  return { coverage: 'answered', count: { count: items.length, items, paragraph: s.paragraph, unit: s.unit } };
}

/** How much of the best share a sentence outside the chosen paragraphs must hold to give a count. */
const COUNT_REACH = 0.6;

/** Decides answered or partial for the chosen sentences (not_covered is retrieval's call, made before). */
export function decideCoverage(input: {
  readonly analysis: QuestionAnalysis;
  readonly chosen: readonly ScoredSentence[];
  readonly model: DocumentModel;
  readonly sources: ConceptSources;
  /** Facts of each sentence, in model.units order. */
  readonly facts: readonly SentenceFacts[];
  readonly matches: Matches;
  /**
   * Every scored sentence of the retrieved paragraphs: a count stated in a sentence that says nearly as
   * much of the question as the chosen one answers a count question the chosen paragraphs cannot.
   */
  readonly candidates?: readonly ScoredSentence[];
}): CoverageDecision {
  const { analysis, chosen, model, sources } = input;
  const paragraphs = new Set(chosen.map((s) => s.paragraph));
  // The units of the chosen paragraphs, in document order: read by the count and focus checks alone.
  let chosenUnits: Array<{ u: MatchUnit; i: number }> | undefined;
  const unitsOfChosen = (): ReadonlyArray<{ u: MatchUnit; i: number }> => {
    if (chosenUnits === undefined) {
      chosenUnits = [];
      model.units.forEach((u, i) => {
        if (paragraphs.has(u.paragraph)) chosenUnits!.push({ u, i });
      });
    }
    return chosenUnits;
  };

  if (analysis.kind === 'how_many' && analysis.countNoun && isPersonNoun(analysis.countNoun)) {
    // "几位领导人", "how many leaders": the people named in the sentences of the chosen paragraphs that speak
    // of what was asked, not those the question names.
    const own = input.matches.concepts.map((c, ci) => ({ c, ci })).filter(({ c }) => c.own && c.word && !c.detail);
    const units = unitsOfChosen().map(({ i }) => i).filter((i) => own.some(({ ci }) => (input.matches.strength[ci]![i] ?? 0) > 0));
    // Names the question itself uses, in whatever language it uses them.
    const asked = input.matches.concepts
      .filter((c) => c.own)
      .flatMap((c) => c.variants.flatMap((v) => [v.substring ?? '', ...(v.terms ?? []).map((t) => t.slice(2))]))
      .filter((x) => x.length > 1);
    const named = [...new Set(units.flatMap((i) => personsIn(model.units[i]!.text, input.facts[i]!.names)))].filter(
      (p) => !analysis.text.includes(p) && !asked.some((a) => a.includes(p) || p.includes(a)),
    );
    const where = units.filter((i) => named.some((p) => model.units[i]!.text.includes(p)));
    if (named.length > 0 && where.length > 0) {
      return { coverage: 'answered', count: { count: named.length, items: named, paragraph: model.units[where[0]!]!.paragraph, unit: where[0]!, units: where } };
    }
    return { coverage: 'partial', missing: 'count' };
  }
  if (analysis.kind === 'how_many' && analysis.countNoun) {
    const { zh, enStem } = countVariants(analysis, sources);
    // The chosen sentences first, then the rest of their paragraphs, then sentences elsewhere that say
    // nearly as much of the question (best first).
    const bestShare = Math.max(0, ...chosen.map((s) => s.share));
    const near = [...(input.candidates ?? [])]
      .filter((s) => !paragraphs.has(s.paragraph) && s.share > 0 && s.share >= COUNT_REACH * bestShare)
      .sort((a, b) => b.total - a.total)
      .map((s) => s.unit);
    const order = [...chosen.map((s) => s.unit), ...unitsOfChosen().map(({ i }) => i), ...near];
    for (const i of [...new Set(order)]) {
      const u = model.units[i]!;
      const found = countIn(u.text, zh, u.en, enStem);
      if (found) return { coverage: 'answered', count: { ...found, paragraph: u.paragraph, unit: i } };
    }
    // What is counted is there but no count can be read off (an enumeration of another shape): the
    // sentences answer, a reader counts. When it is not there at all ("多少旅客"), the answer is partial.
    const present = unitsOfChosen().some(({ u }) => zh.some((v) => u.text.includes(v)) || (enStem !== undefined && enStem.length >= 3 && (u.en ?? '').toLowerCase().includes(enStem)));
    if (present) return { coverage: 'answered' };
    return (countsListItems(analysis) ? listedCount(chosen, model) : undefined) ?? { coverage: 'partial', missing: 'count' };
  }
  if (analysis.kind === 'how_many' && countsListItems(analysis) && !chosen.some((s) => s.typed)) {
    // "How many ways…" with no noun read: what the chosen sentences list, as above.
    const listed = listedCount(chosen, model);
    if (listed) return listed;
  }
  // A length of time ("10年来") ranks a sentence for "when" but answers only "how long".
  const future = analysis.wants === 'date' && asksFuture(analysis.text);
  const answers = (s: ScoredSentence): boolean => s.typed && (analysis.wants !== 'date' || answersWhen(input.facts[s.unit]!, analysis.text, future));
  if (analysis.wants && !chosen.some(answers)) return { coverage: 'partial', missing: analysis.wants };
  if (analysis.focus) {
    // With a rendering, an English attribute must be named in English (a dictionary sense is a guess).
    const focus = textConcepts(analysis.focus, analysis.lang, sources)
      .filter((c) => c.word && !c.kindWord)
      .map((c) => (analysis.lang === 'en' && sources.rendering ? { ...c, variants: c.variants.filter((v) => v.terms?.every((t) => t.startsWith('e:'))) } : c));
    const named = focus.length === 0 || focus.every((c) => unitsOfChosen().some(({ u }) => conceptStrength(u, c) > 0));
    if (!named) return { coverage: 'partial', missing: 'focus' };
  }
  return { coverage: 'answered' };
}
