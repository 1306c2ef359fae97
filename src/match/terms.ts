import { remember } from '../memo.js';
import { characterCount } from '../text/characters.js';
import { englishWords, stem } from '../text/english.js';
import { segmentChinese } from '../text/segment.js';
import { isChineseStopword, isEnglishStopword } from '../text/stopwords.js';

/*
 * The one tokenizer: every index and every query turns text into the same kinds of terms.
 *   w:<word>    a Chinese word (jieba, search mode, so long words also give their parts)
 *   b:<bigram>  two adjacent Han characters (they carry paraphrases that segment differently)
 *   e:<stem>    an English word, stemmed
 *   n:<digits>  a number written in digits
 */

/** Terms with weights (term frequency, or query weight). */
export type TermBag = Map<string, number>;
export type ReadonlyTermBag = ReadonlyMap<string, number>;

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;

function bump(bag: TermBag, key: string, w: number): void {
  bag.set(key, (bag.get(key) ?? 0) + w);
}

/** Chinese words (two characters or more, stop words out) of a text, in order, with repeats. */
export function chineseWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of segmentChinese(text)) {
    const word = raw.trim();
    if (characterCount(word) < 2 || !HAN.test(word) || isChineseStopword(word)) continue;
    out.push(word);
  }
  return out;
}

/** Han character bigrams of a text, within runs of Han characters; those made of stop words are left out. */
export function chineseBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i]!;
      const b = chars[i + 1]!;
      const bigram = a + b;
      if (isChineseStopword(bigram) || (isChineseStopword(a) && isChineseStopword(b))) continue;
      out.push(bigram);
    }
  }
  return out;
}

/**
 * Stemmed English content words of a text, in order, with repeats. A hyphenated word also gives its
 * parts ("counter-terrorism" → counter-terror, terror), so "terrorism" meets it.
 */
export function englishStems(text: string): string[] {
  const out: string[] = [];
  for (const word of englishWords(text)) for (const s of stemsOfWord(word).stems) out.push(s);
  return out;
}

/**
 * The stems one lower-cased word gives (none for a stopword or a number; its own first, then those of a
 * hyphenated word's parts), and the same as `e:` terms.
 */
export interface WordStems {
  readonly stems: readonly string[];
  readonly terms: readonly string[];
}

// Words recur (questions about one document, and its own text): each is read once, bounded.
const MAX_WORDS = 10_000;
const wordStems = new Map<string, WordStems>();
export function stemsOfWord(word: string): WordStems {
  return remember(wordStems, word, MAX_WORDS, () => {
    const stems: string[] = [];
    if (!isEnglishStopword(word) && !/^\d+$/u.test(word)) {
      stems.push(stem(word));
      if (word.includes('-')) {
        for (const part of word.split('-')) if (part.length >= 3 && !isEnglishStopword(part) && !/^\d+$/u.test(part)) stems.push(stem(part));
      }
    }
    return { stems, terms: stems.map((s) => `e:${s}`) };
  });
}

/** Numbers written in digits. */
export function digitRuns(text: string): string[] {
  return text.match(/\d+/gu) ?? [];
}

/**
 * Every term of a text (Chinese, English or mixed), stop words left out, weighted by how often it occurs
 * (times `weight`). Documents and questions go through this same function, so both sides agree. Pure.
 */
export function textTerms(text: string, weight = 1): TermBag {
  const w = weight;
  const bag: TermBag = new Map();
  if (HAN.test(text)) {
    for (const word of chineseWords(text)) bump(bag, `w:${word}`, w);
    for (const bigram of chineseBigrams(text)) bump(bag, `b:${bigram}`, w);
  }
  for (const word of englishWords(text)) for (const t of stemsOfWord(word).terms) bump(bag, t, w);
  for (const n of digitRuns(text)) bump(bag, `n:${n}`, w);
  return bag;
}

/** Adds `from` into `into`, scaled. */
export function mergeTerms(into: TermBag, from: ReadonlyTermBag, scale = 1): TermBag {
  from.forEach((v, k) => bump(into, k, v * scale));
  return into;
}
