import { madeFor, remember } from '../memo.js';
import { detectLang } from '../text/detect-lang.js';
import type { LexiconData } from '../text/lexicon.js';
import { textConcepts, type ConceptSources } from './concepts.js';
import { withoutQuestionWords } from '../text/segment.js';
import { textTerms, type ReadonlyTermBag, type TermBag } from './terms.js';

/*
 * The term bag of a question for lexical and vector search: its own terms (the same tokenizer as the
 * index), plus, for English words, the document terms the lexicon translates them to and the document
 * words WordNet gives as their synonyms. Pure, memoised per lexicon (retrieval and the built-in
 * embedder read the same question).
 */

// Translations are the document's own words, a few thousand at most: tokenise each once per process.
const termCache = new Map<string, TermBag>();
function termsOfTranslation(term: string): TermBag {
  return remember(termCache, term, 20_000, () => textTerms(term));
}

function add(bag: TermBag, key: string, w: number): void {
  bag.set(key, (bag.get(key) ?? 0) + w);
}

function computeQueryTerms(text: string, sources: ConceptSources): TermBag {
  const bag = textTerms(withoutQuestionWords(text));
  if (!/[A-Za-z]/u.test(text)) return bag;
  const lang = detectLang(text);
  for (const c of textConcepts(text, lang, sources)) {
    if (!c.key.startsWith('e:')) continue;
    // The first variant is the English itself (already in the bag); the rest are translations and synonyms.
    for (let i = 1; i < c.variants.length; i++) {
      const v = c.variants[i]!;
      const w = v.strength * c.boost;
      if (v.terms) for (const t of v.terms) add(bag, t, w);
      if (v.substring !== undefined) {
        // One English word is one piece of evidence, however many parts its translation splits into.
        const parts = termsOfTranslation(v.substring);
        const damp = Math.sqrt(2 / Math.max(2, parts.size));
        parts.forEach((x, k) => add(bag, k, x * w * damp));
      }
    }
  }
  return bag;
}

const recent = new WeakMap<object, Map<string, ReadonlyTermBag>>();
const NO_SOURCES = {};

/** The term bag of a question (or any query text). */
export function queryTerms(text: string, sources: ConceptSources = {}): ReadonlyTermBag {
  const memo = madeFor(recent, sources.lexicon ?? NO_SOURCES, () => new Map());
  return remember(memo, text, 64, () => computeQueryTerms(text, sources));
}

/** The term bag of a passage for the index: its text, its rendering, and its expansion phrases (weaker). */
export function passageTerms(input: { readonly text: string; readonly en?: string | undefined; readonly expansions?: readonly string[] | undefined }, expansionWeight: number): TermBag {
  const bag = textTerms(input.text);
  if (input.en) for (const [k, v] of textTerms(input.en)) add(bag, k, v);
  if (input.expansions && input.expansions.length > 0) {
    for (const [k, v] of textTerms(input.expansions.join(' | '))) add(bag, k, v * expansionWeight);
  }
  return bag;
}

export type { LexiconData };
