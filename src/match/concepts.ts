import { madeFor, remember } from '../memo.js';
import { characterCount } from '../text/characters.js';
import { englishWords, stem } from '../text/english.js';
import { lookupZh, type LexiconData } from '../text/lexicon.js';
import { segmentChinese, withoutQuestionWords } from '../text/segment.js';
import { isChineseStopword } from '../text/stopwords.js';
import { isAnswerKindWord, type QuestionAnalysis } from './analyze-question.js';
import { chineseBigrams, digitRuns, stemsOfWord } from './terms.js';
import { TUNING } from './tuning.js';

/*
 * A question as concepts: the things it asks about, each matched in a sentence when any of its
 * variants occurs there — in the Chinese text, in the English rendering, or (more weakly) in the
 * sentence's expansion phrases. Chinese questions give their words and bigrams; English questions give
 * their words and phrases, with the document terms the lexicon translates them to and the document
 * words WordNet lists as their synonyms. Pure.
 */

/** One way a concept shows in a sentence: all of `terms` in its term set, or `substring` in its text. */
export interface Variant {
  readonly terms?: readonly string[];
  readonly substring?: string;
  /** Share of the concept's weight earned when this variant is the one found (translations earn less). */
  readonly strength: number;
}

export interface Concept {
  readonly key: string;
  /** Multiplier on the concept's IDF weight (bigrams count less than words, phrases more). */
  readonly boost: number;
  readonly variants: readonly Variant[];
  /** A whole word or term (not a character bigram): counts towards topicality and anchors. */
  readonly word: boolean;
  /** From the question itself; false for the earlier question a follow-up leans on. */
  readonly own: boolean;
  /** Part of the topic the question announces ("关于X，…"). */
  readonly topic?: boolean;
  /** The words as the user wrote them (for wording answers). */
  readonly surface: string;
  /** A word naming the kind of answer ("立场", "position"), not a topic: weighs little, says nothing of topicality. */
  readonly kindWord?: boolean;
  /**
   * Part of the detail asked ("日处理能力" in "X的日处理能力是多少"): a statement that lacks it may still
   * speak of the subject (a partial answer), so it says nothing of topicality either.
   */
  readonly detail?: boolean;
}

/** English stem → document stems WordNet lists as synonyms, with a strength (built at ingest). */
export type Synonyms = Readonly<Record<string, ReadonlyArray<readonly [string, number]>>>;

export interface ConceptSources {
  readonly lexicon?: LexiconData | undefined;
  readonly synonyms?: Synonyms | undefined;
  /**
   * The document has an English rendering: English questions then meet English words first, and a
   * dictionary translation (a guess at the sense) counts for less.
   */
  readonly rendering?: boolean | undefined;
  /** True for a word the document uses (its text, rendering or expansions). */
  readonly knows?: ((word: string) => boolean) | undefined;
  /** True for an English stem the document uses (its rendering or expansions). */
  readonly knowsStem?: ((stem: string) => boolean) | undefined;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const MAX_PHRASE_WORDS = 4;
const MAX_VARIANTS = 8;
/** Concepts read of a question, and of the earlier question a follow-up leans on. */
const MAX_CONCEPTS = 160;
const MAX_CONTEXT_CONCEPTS = 48;

/** Single characters that open a phrase without belonging to its topic: "对巴方" is 对 + 巴方. */
const LEADING_FUNCTION_CHARS = new Set([...'对在与和向把被给跟从由为于同将及或']);

/**
 * Chinese words of a question: the longest pieces only (search mode also yields 巴基 基斯 … of 巴基斯坦),
 * except that a preposition glued to a word ("对巴方") gives way to the word.
 */
function questionWords(text: string, knows: (word: string) => boolean = () => false): string[] {
  const found = segmentChinese(text)
    .map((t) => t.trim())
    .filter((w) => characterCount(w) >= 2 && HAN.test(w) && !isChineseStopword(w));
  const all = new Set(found);
  const glued = found.map((w) => {
    const rest = w.slice(1);
    return LEADING_FUNCTION_CHARS.has(w[0]!) && characterCount(rest) >= 2 && (all.has(rest) || knows(rest)) ? rest : w;
  });
  // Distinct tokens in first-seen order; every look-up below is a set look-up over a word's own
  // substrings (bounded), so a question of many distinct words stays linear.
  const tokens = [...new Set(glued)];
  let order: Map<string, number> | undefined;
  const inside = (w: string): string[] => {
    const at = (order ??= new Map(tokens.map((t, i) => [t, i])));
    return substringsOf(w)
      .filter((o) => o !== w && at.has(o))
      .sort((a, b) => at.get(a)! - at.get(b)!);
  };
  const covered = new Set<string>();
  // A two-unit word holds no shorter piece.
  for (const o of tokens) if (o.length > 2) for (const sub of substringsOf(o)) if (sub.length < o.length) covered.add(sub);
  const longest = tokens.filter((w) => !covered.has(w));
  // A compound the document never uses gives way to its parts it does use ("彻底解决" → 解决).
  const out = new Set<string>();
  for (const w of longest) {
    if (knows(w)) {
      out.add(w);
      continue;
    }
    const within = inside(w);
    const parts = within.filter((o) => knows(o));
    if (parts.length === 0) {
      out.add(w);
      continue;
    }
    // Pieces the document lacks stay only where no known part lies: 国货, straddling 本国 and 货币 in
    // 本国货币, is a cut across two words, not a third one.
    const taken = new Array<boolean>(w.length).fill(false);
    for (const p of parts) for (let at = w.indexOf(p); at >= 0; at = w.indexOf(p, at + 1)) taken.fill(true, at, at + p.length);
    const free = (o: string): boolean => {
      for (let at = w.indexOf(o); at >= 0; at = w.indexOf(o, at + 1)) if (!taken.slice(at, at + o.length).some(Boolean)) return true;
      return false;
    };
    for (const p of parts) out.add(p);
    for (const o of within) if (!knows(o) && free(o)) out.add(o);
  }
  return [...out];
}

/** Longest word piece looked for inside another word: words are short, and this bounds the work. */
const MAX_PIECE = 12;

/** Distinct substrings of a word, two to MAX_PIECE UTF-16 units long (with the word itself if short). */
function substringsOf(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i += 1) {
    for (let j = i + 2; j <= Math.min(word.length, i + MAX_PIECE); j += 1) out.add(word.slice(i, j));
  }
  return [...out];
}

/**
 * Character bigrams of a question that may match what segmentation split differently: those inside its
 * longer words ("日处理能力" → 处理, 能力 …), and those joining two single characters jieba could not
 * place ("瓜港" cut as 瓜 + 港). Pairs across two words ("表示支持" → 示支) are noise and left out.
 */
function questionBigrams(text: string, words: ReadonlySet<string>): string[] {
  const tokens = segmentChinese(text).map((t) => t.trim());
  const out: string[] = [];
  const pairs = (word: string): void => {
    for (const b of chineseBigrams(word)) out.push(b);
  };
  let singles = '';
  for (const t of tokens) {
    const isHan = /^\p{Script=Han}+$/u.test(t);
    if (isHan && characterCount(t) === 1 && !isChineseStopword(t)) {
      singles += t;
      continue;
    }
    if (characterCount(singles) >= 2) pairs(singles);
    singles = '';
    if (isHan && characterCount(t) >= 3 && words.has(t)) pairs(t);
  }
  if (characterCount(singles) >= 2) pairs(singles);
  return out;
}

function chineseConcepts(raw: string, own: boolean, sources: ConceptSources = {}): Concept[] {
  const text = withoutQuestionWords(raw);
  const out = new Map<string, Concept>();
  const words = questionWords(text, sources.knows);
  for (const w of words) {
    const kind = isAnswerKindWord(w);
    const key = `w:${w}`;
    const variants = keyedVariants(sources, key, () => {
      const aliases = sources.lexicon?.aliases && Object.hasOwn(sources.lexicon.aliases, w) ? (sources.lexicon.aliases[w] ?? []) : [];
      const list: Variant[] = [{ substring: w, strength: 1 }];
      for (const a of aliases) list.push({ substring: a, strength: TUNING.aliasStrength });
      return list;
    });
    out.set(key, kind ? { key, boost: TUNING.kindWordBoost, variants, word: true, own, surface: w, kindWord: true } : { key, boost: 1, variants, word: true, own, surface: w });
  }
  // A name the document uses whole is found whole: its pieces that are no words (巴基, 基斯, 斯坦 of 巴基斯坦)
  // would only count it again, and meet other names (巴勒斯坦). Pieces that are words (机场 of a named
  // airport, 宪章 of a named charter) still count.
  const lexicon = sources.lexicon;
  const nameParts = new Set<string>();
  for (const w of words) {
    if (!lexicon?.kinds || !Object.hasOwn(lexicon.kinds, w) || !sources.knows?.(w)) continue;
    for (const b of chineseBigrams(w)) if (!Object.hasOwn(lexicon.gloss, b)) nameParts.add(b);
  }
  for (const bigram of questionBigrams(text, new Set(words))) {
    if (out.has(`w:${bigram}`) || out.has(`b:${bigram}`) || nameParts.has(bigram)) continue;
    const key = `b:${bigram}`;
    out.set(key, { key, boost: TUNING.bigramBoost, variants: keyedVariants(sources, key, () => [{ substring: bigram, strength: 1 }]), word: false, own, surface: bigram });
  }
  return [...out.values()];
}

function synonymsOf(synonyms: Synonyms | undefined, s: string): ReadonlyArray<readonly [string, number]> {
  return synonyms && Object.hasOwn(synonyms, s) ? (synonyms[s] ?? []) : [];
}

/** Chinese variants of translations: single characters are too ambiguous unless nothing longer exists. */
function translationVariants(hits: ReadonlyArray<readonly [string, number]>, strength: number): Variant[] {
  const multi = hits.filter(([t]) => characterCount(t) > 1);
  const chosen = (multi.length > 0 ? multi : hits).slice(0, MAX_VARIANTS);
  const top = chosen[0]?.[1] ?? 1;
  return chosen.map(([t, w], i) => {
    const rank = i === 0 ? 1 : i < 3 ? 0.85 : 0.7;
    const earned = strength * rank * Math.min(1, w / Math.max(top, 1e-9));
    // Two characters must be a word of the sentence, not a pair across a word boundary (国航 in 两国航天).
    return characterCount(t) <= 2 ? { terms: [`w:${t}`], strength: earned } : { substring: t, strength: earned };
  });
}

interface Phrases {
  /** The lexicon's foreign compounds ("climate change"). */
  readonly compounds: ReadonlySet<string>;
  /**
   * First two stems of the lexicon's phrases and compounds, the first leading to the seconds ("belt" →
   * road …): a span starting otherwise is no phrase. Read without building a string per word.
   */
  readonly starts: ReadonlyMap<string, ReadonlySet<string>>;
}

// Made once per lexicon.
const NO_PHRASES: Phrases = { compounds: new Set(), starts: new Map() };
const phraseSets = new WeakMap<LexiconData, Phrases>();
function phrasesOf(lexicon: LexiconData | undefined): Phrases {
  if (!lexicon) return NO_PHRASES;
  return madeFor(phraseSets, lexicon, () => {
    const compounds = new Set(lexicon.outside?.compounds ?? []);
    const starts = new Map<string, Set<string>>();
    for (const key of [...Object.keys(lexicon.toZh), ...compounds]) {
      const [first, second] = key.split(' ');
      if (!first || !second) continue;
      const seconds = starts.get(first);
      if (seconds === undefined) starts.set(first, new Set([second]));
      else seconds.add(second);
    }
    return { compounds, starts };
  });
}

/**
 * True when a lexicon phrase may start at `from`, whose stem begins phrases going on with `seconds`: the
 * next stem (stopwords, stemmed to '', are left out, as in a phrase's key) is one of them.
 */
function opensPhrase(seconds: ReadonlySet<string> | undefined, stems: readonly string[], from: number): boolean {
  if (seconds === undefined) return false;
  let next = from + 1;
  while (stems[next] === '') next += 1;
  return next < stems.length && seconds.has(stems[next]!);
}

/** What englishConcepts reads of one lower-cased word, whatever the question it is in. */
interface WordFacts {
  /** Neither a stopword nor a number. */
  readonly content: boolean;
  /** Its stem ('' when not content). */
  readonly stem: string;
  /** The second stems of the lexicon phrases its stem begins, if any. */
  readonly seconds: ReadonlySet<string> | undefined;
  /** Names the kind of answer ("position"). */
  readonly kind: boolean;
}

// Per lexicon (its phrases), bounded: the words of questions about one document recur.
const wordFactsByPhrases = new WeakMap<Phrases['starts'], Map<string, WordFacts>>();
function wordFacts(word: string, starts: Phrases['starts']): WordFacts {
  return remember(
    madeFor(wordFactsByPhrases, starts, () => new Map()),
    word,
    MAX_KEYS,
    (): WordFacts => {
      // The tokenizer's reading of the word: its own stem first, none for a stopword or a number.
      const s = stemsOfWord(word).stems[0] ?? '';
      return { content: s !== '', stem: s, seconds: s === '' ? undefined : starts.get(s), kind: isAnswerKindWord(word) };
    },
  );
}

/** True when a word of words[from..to) is already part of a concept. */
function coveredIn(covered: readonly boolean[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (covered[j]) return true;
  return false;
}

/**
 * The variants of a Chinese word (`w:`, with its aliases), a character pair (`b:`) or a number (`n:`),
 * made once per key and sources (bounded), like an English word's below: one list per word, so matching
 * (coverage.ts) can remember what the list matches.
 */
const variantsByKey = new WeakMap<ConceptSources, Map<string, readonly Variant[]>>();
function keyedVariants(sources: ConceptSources, key: string, make: () => Variant[]): readonly Variant[] {
  return remember(
    madeFor(variantsByKey, sources, () => new Map()),
    key,
    MAX_KEYS,
    () => Object.freeze(make()),
  );
}

/** What an English stem or phrase key looks up: its translations, and the variants it is matched by. */
interface EnglishVariants {
  readonly hits: ReadonlyArray<readonly [string, number]>;
  readonly variants: readonly Variant[];
  /** The concept's key (`e:` and the key). */
  readonly conceptKey: string;
}

/**
 * Remembered per sources, bounded: a key's variants are a fact of the lexicon and the synonyms, the same
 * in every question that uses the word (and the words of questions about one document recur).
 */
const MAX_KEYS = 10_000;
const keyVariants = new WeakMap<ConceptSources, Map<string, EnglishVariants>>();

/** The variants of a stem key ("port") or phrase key ("belt road", stems joined by spaces): its own stems, translations, and for one word its synonyms. */
function englishVariants(sources: ConceptSources, key: string): EnglishVariants {
  return remember(madeFor(keyVariants, sources, () => new Map()), key, MAX_KEYS, () => makeEnglishVariants(sources, key));
}

function makeEnglishVariants(sources: ConceptSources, key: string): EnglishVariants {
  const stems = key === '' ? [] : key.split(' ');
  const hits = lookupZh(sources.lexicon, key);
  const variants: Variant[] = [{ terms: stems.map((s) => `e:${s}`), strength: 1 }];
  variants.push(...translationVariants(hits, sources.rendering ? TUNING.translationStrengthWithRendering : TUNING.translationStrength));
  if (!key.includes(' ')) {
    for (const [syn, w] of synonymsOf(sources.synonyms, key).slice(0, MAX_VARIANTS)) {
      variants.push({ terms: [`e:${syn}`], strength: TUNING.synonymStrength * w });
    }
  }
  return { hits, variants: Object.freeze(variants), conceptKey: `e:${key}` };
}

function englishConcepts(text: string, sources: ConceptSources, own: boolean): Concept[] {
  const { compounds, starts } = phrasesOf(sources.lexicon);
  // A hyphenated word the document does not use is read by its parts ("army-to-army" → army).
  const knowsStem = sources.knowsStem;
  const words: string[] = [];
  for (const w of englishWords(text)) {
    if (knowsStem && w.includes('-') && /^[a-z-]+$/u.test(w) && !knowsStem(stem(w))) {
      for (const part of w.split('-')) if (part) words.push(part);
    } else words.push(w);
  }
  const facts = words.map((w) => wordFacts(w, starts));
  const content = facts.map((f) => f.content);
  const stems = facts.map((f) => f.stem);
  const covered = new Array<boolean>(words.length).fill(false);
  // Where a lexicon phrase may start: read once per word, not once per span length.
  const opens = stems.map((s, i) => s !== '' && opensPhrase(facts[i]!.seconds, stems, i));
  const out: Concept[] = [];
  // Longest lexicon phrases first ("belt and road" before "road"); the rest word by word.
  for (let n = MAX_PHRASE_WORDS; n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      if (!content[i] || !content[i + n - 1] || (n > 1 && !opens[i]) || coveredIn(covered, i, i + n)) continue;
      const key = n === 1 ? stems[i]! : stems.slice(i, i + n).filter(Boolean).join(' ');
      const { hits, variants, conceptKey } = englishVariants(sources, key);
      // A compound noun the document never uses ("climate change") is one thing, found only where all
      // its words are, not a word matched here and a word there.
      const compound = n > 1 && hits.length === 0 && compounds.has(key);
      if (n > 1 && hits.length === 0 && !compound) continue;
      for (let j = i; j < i + n; j++) covered[j] = true;
      const kind = n === 1 && facts[i]!.kind;
      const surface = n === 1 ? words[i]! : words.slice(i, i + n).join(' ');
      out.push(
        kind
          ? { key: conceptKey, boost: TUNING.kindWordBoost, variants, word: true, own, surface, kindWord: true }
          : { key: conceptKey, boost: n > 1 ? TUNING.phraseBoost : 1, variants, word: true, own, surface },
      );
    }
  }
  return out;
}

function numberConcepts(text: string, own: boolean, sources: ConceptSources): Concept[] {
  return [...new Set(digitRuns(text))].map((n) => ({
    key: `n:${n}`,
    boost: 1,
    variants: keyedVariants(sources, `n:${n}`, () => [{ terms: [`n:${n}`], strength: 1 }]),
    word: true,
    own,
    surface: n,
  }));
}

/** The concepts of a text in the language it is written in (English questions may name Chinese terms too). */
export function textConcepts(text: string, lang: 'zh' | 'en', sources: ConceptSources, own = true): readonly Concept[] {
  // A question's text is read by two stages (its concepts for matching, its search terms): the second
  // reads the first's. A few recent texts only, so a new question is always read afresh.
  const memos = madeFor(recentConcepts, sources, () => [new Map(), new Map(), new Map(), new Map()]);
  // One table per language and ownership: the text itself is the key, no new string is made.
  const memo = memos[(lang === 'zh' ? 0 : 2) + (own ? 0 : 1)]!;
  return remember(memo, text, RECENT_TEXTS, () => Object.freeze(computeTextConcepts(text, lang, sources, own)));
}

const RECENT_TEXTS = 8;
const recentConcepts = new WeakMap<ConceptSources, Array<Map<string, readonly Concept[]>>>();

function computeTextConcepts(text: string, lang: 'zh' | 'en', sources: ConceptSources, own: boolean): Concept[] {
  const byKey = new Map<string, Concept>();
  const add = (list: readonly Concept[]): void => {
    for (const c of list) if (!byKey.has(c.key)) byKey.set(c.key, c);
  };
  if (lang === 'zh') {
    add(chineseConcepts(text, own, sources));
    // Latin words inside a Chinese question ("CPEC", "ML-1") are matched as English.
    if (/[A-Za-z]/u.test(text)) add(englishConcepts(text, sources, own));
  } else {
    add(englishConcepts(text, sources, own));
    const han = (text.match(HAN_RUN) ?? []).join(' ');
    if (han) add(chineseConcepts(han, own, sources));
  }
  add(numberConcepts(text, own, sources));
  return [...byKey.values()];
}

/**
 * The concepts of a question: its own (the topic it announces weighted up), plus, for a follow-up, the
 * earlier question's at a lower weight, so "那机场呢？" is about the airport of the Gwadar question.
 */
export function questionConcepts(analysis: QuestionAnalysis, sources: ConceptSources, context?: string): Concept[] {
  // A question is a sentence or two: past MAX_CONCEPTS (a pasted text, a hostile one) the rest is not read,
  // so every later stage costs a bounded amount whatever the length of the question.
  const all = textConcepts(analysis.text, analysis.lang, sources, true);
  const own = all.length <= MAX_CONCEPTS ? all : [...all.filter((c) => c.word), ...all.filter((c) => !c.word)].slice(0, MAX_CONCEPTS);
  const keysOf = (text: string | undefined): Set<string> | undefined => (text ? new Set(textConcepts(text, analysis.lang, sources).map((c) => c.key)) : undefined);
  const topicKeys = keysOf(analysis.topic);
  const detailKeys = keysOf([analysis.focus, analysis.countNoun].filter(Boolean).join(' '));
  const concepts = own.map((c) => {
    let out: Concept = topicKeys?.has(c.key) ? { ...c, boost: c.boost * TUNING.topicBoost, topic: true } : c;
    if (detailKeys?.has(c.key)) out = { ...out, detail: true };
    return out;
  });
  if (context) {
    const seen = new Set(concepts.map((c) => c.key));
    const lang = HAN.test(context) && !/[A-Za-z]{3,}/u.test(context) ? 'zh' : analysis.lang;
    for (const c of textConcepts(context, lang, sources, false).slice(0, MAX_CONTEXT_CONCEPTS)) {
      if (!seen.has(c.key)) concepts.push({ ...c, boost: c.boost * TUNING.contextWeight });
    }
  }
  return concepts;
}
