import { madeFor, remember } from '../../memo.js';
import { segmentChinese, sentenceOffsets } from '../../text/segment.js';
import { isEnglishStopword } from '../../text/stopwords.js';
import type { Lexicon, Paragraph } from '../../types.js';
import { translate } from './lexicon-cache.js';

/*
 * Which words of a cited paragraph to quote: the sentence(s) that best support the claims citing it,
 * always an exact substring of the paragraph. Pure.
 */


export interface Feature {
  readonly key: string;
  /** Any of these appearing in a text means the text has the feature. */
  readonly probes: readonly string[];
}

/** Features of a text: Han character bigrams (within jieba words), numbers, English words mapped to Chinese. */
export function textFeatures(text: string, lexicon: Lexicon | undefined): Feature[] {
  const out = new Map<string, Feature>();
  // Bigrams within words, not across them: "走廊和港口" must not ask the paragraph for "廊和".
  for (const word of segmentChinese(text)) {
    if (!/^\p{Script=Han}+$/u.test(word)) continue;
    const chars = [...word];
    if (chars.length === 1) out.set(`c:${word}`, { key: `c:${word}`, probes: [word] });
    for (let i = 0; i + 1 < chars.length; i++) {
      const bg = chars[i]! + chars[i + 1]!;
      out.set(`b:${bg}`, { key: `b:${bg}`, probes: [bg] });
    }
  }
  for (const n of text.match(/\d+(?:\.\d+)?/gu) ?? []) out.set(`n:${n}`, { key: `n:${n}`, probes: [n] });
  if (lexicon) {
    const words = (text.toLowerCase().match(/[a-z][a-z'-]*/gu) ?? []).map((w) => w.replace(/'s$/u, ''));
    let i = 0;
    while (i < words.length) {
      let matched = 0;
      // Longest phrase first: "belt and road" before "road".
      for (let n = Math.min(3, words.length - i); n >= 1; n--) {
        const phrase = words.slice(i, i + n);
        if (isEnglishStopword(phrase[0]!) || isEnglishStopword(phrase[n - 1]!)) continue;
        const terms = translate(lexicon, phrase.join(' '));
        if (terms.length === 0) continue;
        out.set(`e:${phrase.join(' ')}`, { key: `e:${phrase.join(' ')}`, probes: terms });
        matched = n;
        break;
      }
      i += Math.max(1, matched);
    }
  }
  return [...out.values()];
}

const hasFeature = (text: string, f: Feature): boolean => f.probes.some((p) => text.includes(p));

export type Weigher = (f: Feature) => number;

const weighers = new WeakMap<readonly Paragraph[], Map<string, number>>();
const MAX_WEIGHTS = 50_000;

/**
 * IDF over the statement's paragraphs: features found everywhere ("双方", "合作") weigh little. The
 * weights are remembered per statement (bounded): every answer asks about the same few thousand features.
 */
export function createWeigher(paragraphs: readonly Paragraph[]): Weigher {
  const weights = madeFor(weighers, paragraphs, () => new Map());
  const n = paragraphs.length;
  return (f) => {
    const key = f.key.startsWith('e:') ? `${f.key}|${f.probes.join(',')}` : f.key;
    return remember(weights, key, MAX_WEIGHTS, () => {
      const df = paragraphs.reduce((k, p) => k + (hasFeature(p.text, f) ? 1 : 0), 0);
      return Math.log((n + 1) / (df + 0.5));
    });
  };
}

/** Weighted share of the features found in `text`; undefined when there are none to measure. */
function share(features: readonly Feature[], text: string, weigh: Weigher): number | undefined {
  let total = 0;
  let found = 0;
  for (const f of features) {
    const w = Math.max(weigh(f), 0.05);
    total += w;
    if (hasFeature(text, f)) found += w;
  }
  return total === 0 ? undefined : found / total;
}

// A longer span must earn its length: each extra sentence costs this much of the mean support.
const SPAN_PENALTY = 0.15;
/** The longest quote, in sentences of the paragraph. */
const MAX_QUOTE_SENTENCES = 3;
/** Claims read per paragraph to choose its quote: enough for any real answer, bounded for any text. */
export const MAX_CLAIMS_PER_QUOTE = 12;

/** The quote for `paragraph`: the sentence span that best supports `claims`, else the one closest to the question. */
export function chooseQuote(
  paragraph: Paragraph,
  claims: readonly (readonly Feature[])[],
  question: readonly Feature[],
  weigh: Weigher,
): string {
  const text = paragraph.text;
  const sentences = sentenceOffsets(text);
  if (sentences.length === 0) return text.trim();
  const slice = (a: number, b: number): string => text.slice(sentences[a]!.start, sentences[b]!.end).trim();

  let best: { a: number; b: number; value: number } | undefined;
  for (let a = 0; a < sentences.length; a++) {
    for (let b = a; b < Math.min(sentences.length, a + MAX_QUOTE_SENTENCES); b++) {
      const span = slice(a, b);
      const scores = claims.map((c) => share(c, span, weigh)).filter((s): s is number => s !== undefined);
      if (scores.length === 0) continue;
      const value = scores.reduce((x, y) => x + y, 0) / scores.length - SPAN_PENALTY * (b - a);
      if (!best || value > best.value + 1e-9) best = { a, b, value };
    }
  }
  if (best && best.value > 0) return slice(best.a, best.b);

  // The claims give no clue (e.g. English without a lexicon): the sentence closest to the question.
  let bestQ: { a: number; value: number } | undefined;
  for (let a = 0; a < sentences.length; a++) {
    const value = share(question, slice(a, a), weigh) ?? 0;
    if (!bestQ || value > bestQ.value + 1e-9) bestQ = { a, value };
  }
  if (bestQ && bestQ.value > 0) return slice(bestQ.a, bestQ.a);
  return slice(0, 0);
}
