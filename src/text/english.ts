/** English tokenising shared by the lexicon, retrieval and answering: pure. */

const STOPWORDS = new Set(
  `a an the and or but if of to in on at by for with from as is are was were be been being am do does did done
   have has had having this that these those it its it's they them their there here what which who whom whose
   when where why how whether not no nor so than too very can could will would shall should may might must
   about into over under again further then once all any both each few more most other some such only own same
   just also i me my we our you your he him his she her us one ones e.g etc eg lit abbr fig sb sth something
   someone says say said statement document paragraph paragraphs according two sides side both regarding
   did does tell mention mentioned mentions describe described describes characterize way ways kind kinds`
    .split(/\s+/)
    .filter(Boolean),
);

/** True for words that carry no topic (function words, question words, words about the document itself). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * A light suffix-stripping stemmer. It need not be linguistically right, only consistent:
 * the same function stems the dictionary's definitions and the user's question.
 */
// Nationality words meet their country's name: "Palestinians" and "Palestine" ask about the same thing.
const DEMONYMS: Record<string, string> = {
  chinese: 'china', pakistani: 'pakistan', pakistanis: 'pakistan', israeli: 'israel', israelis: 'israel',
  palestinian: 'palestine', palestinians: 'palestine', afghan: 'afghanistan', afghans: 'afghanistan',
  indian: 'india', kashmiri: 'kashmir', kashmiris: 'kashmir', tibetan: 'tibet', taiwanese: 'taiwan',
  american: 'america', russian: 'russia', iranian: 'iran', japanese: 'japan', arab: 'arabia',
};

// Stemming is pure and the vocabulary small: remember results (bounded, users' words are not kept forever).
const stems = new Map<string, string>();
export function stem(word: string): string {
  const hit = stems.get(word);
  if (hit !== undefined) return hit;
  const s = computeStem(word);
  if (stems.size >= 20_000) stems.clear();
  stems.set(word, s);
  return s;
}

function computeStem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  // Own properties only: `stem('constructor')` must not find Object.prototype.constructor.
  if (Object.hasOwn(DEMONYMS, w)) w = DEMONYMS[w]!;
  if (w.length <= 3) return w;
  const rules: [RegExp, string][] = [
    [/ational$/, 'ate'],
    [/ional$/, 'ion'],
    [/ization$/, 'ize'],
    [/isation$/, 'ize'],
    [/ations?$/, 'ate'],
    [/iveness$/, 'ive'],
    [/fulness$/, 'ful'],
    [/ousness$/, 'ous'],
    [/ments?$/, ''],
    [/ness$/, ''],
    [/ities$/, 'ity'],
    [/ies$/, 'y'],
    [/ied$/, 'y'],
    [/(ss|sh|ch|x|z)es$/, '$1'],
    [/([^s])s$/, '$1'],
    [/ing$/, ''],
    [/ed$/, ''],
    [/ly$/, ''],
  ];
  for (const [re, rep] of rules) {
    if (re.test(w)) {
      const next = w.replace(re, rep);
      if (next.length >= 3) w = next;
      break;
    }
  }
  // "cooperate"/"cooperat", "agree"/"agre": drop a final e so both forms meet.
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lower-cased word tokens of English text (letters, digits, inner hyphens and dots as in "d.i." or "ml-1"). */
export function englishWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+(?:[.'’-][a-z0-9]+)*\.?/g) ?? []).map((w) => w.replace(/\.$/, ''));
}

/** Stemmed content words, in order, without stopwords. */
export function contentStems(text: string): string[] {
  return englishWords(text)
    .filter((w) => !isStopword(w) && !/^\d+$/.test(w))
    .map(stem);
}
