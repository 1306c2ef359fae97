/** English tokenising shared by the lexicon, indexing, retrieval, answering and claim checks: pure. */
import { stemmer } from 'stemmer';
import { remember } from '../memo.js';
import { isEnglishStopword } from './stopwords.js';

/** True for words that carry no topic (one list for the whole project: src/text/stopwords.ts). */
export { isEnglishStopword as isStopword };

// Nationality words meet their country's name: "Palestinians" and "Palestine" ask about the same thing.
const DEMONYMS: Record<string, string> = {
  chinese: 'china', pakistani: 'pakistan', pakistanis: 'pakistan', israeli: 'israel', israelis: 'israel',
  palestinian: 'palestine', palestinians: 'palestine', afghan: 'afghanistan', afghans: 'afghanistan',
  indian: 'india', kashmiri: 'kashmir', kashmiris: 'kashmir', tibetan: 'tibet', taiwanese: 'taiwan',
  american: 'america', russian: 'russia', iranian: 'iran', japanese: 'japan', arab: 'arabia',
};

/*
 * Families the Porter stemmer runs together though their meanings differ ("universities" and "universal"
 * both stem to "univers", "community" and "communication" to "commun", "international" and "internal" to
 * "intern"): each family gets a stem of its own. Word families, not any question's words.
 */
const KEPT_APART: ReadonlyArray<readonly [RegExp, string]> = [
  [/^universit(?:y|ies)$/u, 'universiti'],
  [/^universe[s]?$/u, 'universe'],
  [/^communit(?:y|ies)$/u, 'communiti'],
  [/^communicat(?:e|es|ed|ing|ion|ions|ive)$/u, 'communic'],
  [/^international(?:ly)?$/u, 'internation'],
  [/^internal(?:ly)?$/u, 'internal'],
  [/^generous(?:ly)?$/u, 'generous'],
  [/^generat(?:e|es|ed|ing|ion|ions)$/u, 'generat'],
  [/^organi[sz]ation(?:s|al)?$/u, 'organiz'],
  [/^organic$/u, 'organic'],
  [/^news$/u, 'news'],
  [/^polic(?:e|emen|eman)$/u, 'police'],
];

function keptApart(word: string): string | undefined {
  for (const [pattern, family] of KEPT_APART) if (pattern.test(word)) return family;
  return undefined;
}

// Stemming is pure and the vocabulary small: remember results (bounded, users' words are not kept forever).
const stems = new Map<string, string>();

/**
 * The Porter stem of a word (the `stemmer` package), after mapping a nationality to its country and
 * dropping a possessive: the same function stems the dictionary's definitions, the rendering and questions.
 */
export function stem(word: string): string {
  return remember(stems, word, 20_000, () => {
    let w = word.toLowerCase().replace(/['’]s$/u, '');
    // Own properties only: `stem('constructor')` must not find Object.prototype.constructor.
    if (Object.hasOwn(DEMONYMS, w)) w = DEMONYMS[w]!;
    return /^[a-z]+$/u.test(w) ? (w.length <= 20 ? keptApart(w) : undefined) ?? stemmer(w) : w;
  });
}

/** Lower-cased word tokens of English text (letters, digits, inner hyphens and dots as in "d.i." or "ml-1"). */
export function englishWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+(?:[.'’-][a-z0-9]+)*\.?/g) ?? []).map((w) => (w.endsWith('.') ? w.slice(0, -1) : w));
}

/** Stemmed content words, in order, without stopwords. */
export function contentStems(text: string): string[] {
  return englishWords(text)
    .filter((w) => !isEnglishStopword(w) && !/^\d+$/.test(w))
    .map(stem);
}
