import { parseChineseNumeral } from '../ingest/parse-statement.js';
import { segmentChinese, sentenceOffsets } from '../text/segment.js';
import type { Citation, Lexicon, Paragraph } from '../types.js';

/*
 * Checking what a model wrote against the statement: pure, no I/O.
 *
 * Models write paragraph references in many shapes ([7, 9], 【第7段】, [para 7], [7-9] …). They are
 * rewritten to the contract's form, one `[n]` per paragraph, numbers the model was not shown are
 * dropped, and each cited paragraph gets a quote: the sentence(s) of that paragraph that best
 * support the answer sentences carrying its marker, always an exact substring of the paragraph.
 */

/** Support below this share of the claim's (IDF-weighted) features marks an answer sentence unsupported. */
export const SUPPORT_THRESHOLD = 0.3;

/** Ranges wider than this are cut: `[1-9999]` must not expand into ten thousand numbers. */
const MAX_RANGE = 40;

export interface CheckCitationsInput {
  /** The model's answer, markers in whatever shape it wrote them. */
  readonly answer: string;
  /** The user's question: used to pick a quote when the answer sentence itself gives no clue. */
  readonly question: string;
  /** All paragraphs of the statement. */
  readonly paragraphs: readonly Paragraph[];
  /** The paragraph numbers the model was given; citations of any other number are dropped. */
  readonly allowed: ReadonlySet<number>;
  /** Maps English words to the document's Chinese terms, so English answers can be checked. */
  readonly lexicon?: Lexicon | undefined;
  /** Support threshold, default {@link SUPPORT_THRESHOLD}. */
  readonly threshold?: number;
}

export interface CheckedAnswer {
  /** The answer with every marker normalised to `[n]` and invalid ones removed. */
  readonly answer: string;
  /** One per distinct cited paragraph, in order of first mention; matches the markers one to one. */
  readonly citations: Citation[];
  /** Indexes (into {@link splitAnswerSentences} of `answer`) of cited sentences their paragraphs do not support. */
  readonly unsupported: number[];
  /** True when at least one valid citation remains. */
  readonly grounded: boolean;
  /** Distinct paragraph numbers the model cited that do not exist or were not given to it. */
  readonly dropped: number[];
}

// ---------------------------------------------------------------------------------------------
// Parsing markers

const OPEN = '[\\[【［〔]';
const CLOSE = '[\\]】］〕]';
// Bracketed groups, or parenthesised ones that name a paragraph explicitly ("（第7段）", "(para 7)"):
// a bare "(2023)" or "(1)" in running text is not a citation.
const MARKER_RE = new RegExp(
  `${OPEN}([^\\[\\]【】［］〔〕\\n]{1,60})${CLOSE}` +
    `|[(（]((?:第|¶|§|paras?\\.?\\s|paragraphs?\\s|段落)[^()（）\\n]{0,50}|[^()（）\\n]{1,50}段)[)）]`,
  'giu',
);

// Any run of digits: a marker naming paragraph 12345 is a marker to drop, not text to keep.
const NUM = '(?:\\d+|[零〇一二两三四五六七八九十百]{1,5})';
const ITEM_RE = new RegExp(`^(${NUM})(?:-(${NUM}))?$`, 'u');

function toNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  return parseChineseNumeral(s);
}

/**
 * The paragraph numbers a marker's inner text names, ranges expanded, or undefined when the text is
 * not a paragraph reference at all (`[sic]`, `[Note]`, `[a]`).
 */
export function parseMarkerBody(body: string): number[] | undefined {
  let s = body
    .normalize('NFKC') // full-width digits and punctuation → ASCII
    .toLowerCase()
    .trim();
  // Words that decorate numbers: "para 7", "paragraphs 7 and 9", "¶7", "第7段", "段落7", "p. 7", "#7".
  s = s
    .replace(/\bparagraphs?\b|\bparas?\b\.?|\bpars?\b\.?|\bpp?\.(?=\s*\d)|^p(?=\s*\d)|\bno\.(?=\s*\d)/gu, ' ')
    .replace(/[¶§#]|段落|第|段|条|款|参见|详见|见|\bsee\b|\bcf\b\.?/gu, ' ');
  s = s
    .replace(/\s*(?:-|–|—|−|~|～|〜|至|到|\bto\b|\bthrough\b)\s*/gu, '-')
    .replace(/\s*(?:,|，|、|;|；|\/|&|\+|\band\b|和|及|与)\s*/gu, ',');
  const tokens = s.split(/[,\s]+/u).filter((t) => t.length > 0);
  if (tokens.length === 0) return undefined;
  const out: number[] = [];
  for (const token of tokens) {
    const m = ITEM_RE.exec(token);
    if (!m) return undefined;
    const a = toNumber(m[1] ?? '');
    const b = m[2] === undefined ? a : toNumber(m[2]);
    if (a === undefined || b === undefined) return undefined;
    const lo = Math.min(a, b);
    const hi = Math.min(Math.max(a, b), lo + MAX_RANGE);
    for (let n = lo; n <= hi; n++) out.push(n);
  }
  return out;
}

interface MarkerMatch {
  readonly start: number;
  readonly end: number;
  readonly numbers: readonly number[];
}

function findMarkers(text: string): MarkerMatch[] {
  const out: MarkerMatch[] = [];
  for (const m of text.matchAll(MARKER_RE)) {
    const numbers = parseMarkerBody(m[1] ?? m[2] ?? '');
    if (numbers === undefined) continue;
    out.push({ start: m.index, end: m.index + m[0].length, numbers });
  }
  return out;
}

export interface NormalisedMarkers {
  readonly text: string;
  /** Distinct numbers removed because they are not in the valid set. */
  readonly dropped: number[];
}

/**
 * Rewrites every marker group to `[a][b]` form, keeping only numbers in `valid`; markers that touch
 * (only whitespace between them) are merged and deduplicated. A group left empty is removed with the
 * spaces before it, so "key [99]." becomes "key.".
 */
export function normaliseMarkers(text: string, valid: ReadonlySet<number>): NormalisedMarkers {
  const markers = findMarkers(text);
  const dropped: number[] = [];
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < markers.length) {
    // Cluster markers separated only by whitespace.
    const first = markers[i]!;
    let last = first;
    const numbers: number[] = [...first.numbers];
    let j = i + 1;
    while (j < markers.length && /^\s*$/u.test(text.slice(last.end, markers[j]!.start))) {
      last = markers[j]!;
      numbers.push(...last.numbers);
      j++;
    }
    const kept: number[] = [];
    for (const n of numbers) {
      if (!valid.has(n)) {
        if (!dropped.includes(n)) dropped.push(n);
      } else if (!kept.includes(n)) {
        kept.push(n);
      }
    }
    let before = text.slice(cursor, first.start);
    if (kept.length === 0) before = before.replace(/[ \t\u3000]+$/u, '');
    out += before + kept.map((n) => `[${n}]`).join('');
    cursor = last.end;
    i = j;
  }
  out += text.slice(cursor);
  return { text: out, dropped };
}

// ---------------------------------------------------------------------------------------------
// Answer sentences

const CJK_END = /[。！？!?；;…]/u;
const CLOSERS = /[”’」』）)"'*_]/u;
const LEADING_MARKERS = /^(?:[ \t\u3000]*\[\d+\])+/u;

// A full stop ends an English sentence when followed by space, a marker or the end, and is not an
// initial ("D.I. Khan") or a decimal point.
function isSentencePeriod(text: string, i: number): boolean {
  const next = text[i + 1];
  if (next !== undefined && !/[\s[\]"'”’)]/u.test(next)) return false;
  return !/(?:^|[^A-Za-z])[A-Z]$/u.test(text.slice(Math.max(0, i - 2), i));
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function sentenceSpans(text: string): Span[] {
  const raw: Span[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    let end = -1;
    if (ch === '\n') end = i + 1;
    else if (CJK_END.test(ch) || (ch === '.' && isSentencePeriod(text, i))) {
      end = i + 1;
      while (end < text.length && (CJK_END.test(text[end]!) || CLOSERS.test(text[end]!))) end++;
      // "……建设。[7]" and "It is key. [7]": a marker right after the full stop belongs to this sentence.
      const m = LEADING_MARKERS.exec(text.slice(end));
      if (m) end += m[0].length;
    }
    if (end >= 0) {
      raw.push({ start, end });
      start = end;
      i = end;
    } else {
      i++;
    }
  }
  if (start < text.length) raw.push({ start, end: text.length });
  // Drop blank spans; a span holding nothing but markers joins the sentence before it.
  const spans: Span[] = [];
  for (const s of raw) {
    const content = text.slice(s.start, s.end);
    if (content.trim().length === 0) continue;
    const prev = spans[spans.length - 1];
    if (prev && content.replace(/\[\d+\]/gu, '').trim().length === 0) {
      spans[spans.length - 1] = { start: prev.start, end: s.end };
    } else {
      spans.push(s);
    }
  }
  return spans;
}

/**
 * The sentences of a (normalised) answer, trimmed, in order: `unsupported` indexes refer to these.
 * Lines, Chinese and English sentence ends split; markers after a full stop stay with its sentence.
 */
export function splitAnswerSentences(answer: string): string[] {
  return sentenceSpans(answer).map((s) => answer.slice(s.start, s.end).trim());
}

// ---------------------------------------------------------------------------------------------
// Support scoring

const EN_STOP = new Set(
  `a an the and or but of to in on at by for with from as is are was were be been being it its this that these
   those they them their he she his her we our you your i not no so than then also both each all any such very
   will would shall should can could may might must has have had do does did which who whom whose what when
   where why how there here into over under about said says say statement paragraph paragraphs two sides side`
    .split(/\s+/u)
    .filter(Boolean),
);

interface Feature {
  readonly key: string;
  /** Any of these appearing in a text means the text has the feature. */
  readonly probes: readonly string[];
}

/** The features of a claim: Han character bigrams (within jieba words), numbers, English words mapped to Chinese. */
function claimFeatures(claim: string, lexicon: Lexicon | undefined): Feature[] {
  const out = new Map<string, Feature>();
  // Bigrams within words, not across them: "走廊和港口" must not ask the paragraph for "廊和".
  for (const word of segmentChinese(claim)) {
    if (!/^\p{Script=Han}+$/u.test(word)) continue;
    const chars = [...word];
    if (chars.length === 1) out.set(`c:${word}`, { key: `c:${word}`, probes: [word] });
    for (let i = 0; i + 1 < chars.length; i++) {
      const bg = chars[i]! + chars[i + 1]!;
      out.set(`b:${bg}`, { key: `b:${bg}`, probes: [bg] });
    }
  }
  for (const n of claim.match(/\d+(?:\.\d+)?/gu) ?? []) out.set(`n:${n}`, { key: `n:${n}`, probes: [n] });
  if (lexicon) {
    const words = (claim.toLowerCase().match(/[a-z][a-z'-]*/gu) ?? []).map((w) => w.replace(/'s$/u, ''));
    let i = 0;
    while (i < words.length) {
      let matched = 0;
      // Longest phrase first: "belt and road" before "road".
      for (let n = Math.min(3, words.length - i); n >= 1; n--) {
        const phrase = words.slice(i, i + n);
        if (EN_STOP.has(phrase[0]!) || EN_STOP.has(phrase[n - 1]!)) continue;
        const terms = lexicon.toChinese(phrase.join(' ')).filter((t) => t.length > 0);
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

function hasFeature(text: string, f: Feature): boolean {
  return f.probes.some((p) => text.includes(p));
}

/** IDF over the statement's paragraphs: features found everywhere ("双方", "合作") weigh little. */
function createWeigher(paragraphs: readonly Paragraph[]): (f: Feature) => number {
  const cache = new Map<string, number>();
  const n = paragraphs.length;
  return (f) => {
    let w = cache.get(f.key);
    if (w === undefined) {
      const df = paragraphs.reduce((k, p) => k + (hasFeature(p.text, f) ? 1 : 0), 0);
      w = Math.log((n + 1) / (df + 0.5));
      cache.set(f.key, w);
    }
    return w;
  };
}

type Weigher = (f: Feature) => number;

/** Weighted share of the claim's features found in `text`; undefined when the claim has none to measure. */
function support(features: readonly Feature[], text: string, weigh: Weigher): number | undefined {
  let total = 0;
  let found = 0;
  for (const f of features) {
    const w = Math.max(weigh(f), 0.05);
    total += w;
    if (hasFeature(text, f)) found += w;
  }
  return total === 0 ? undefined : found / total;
}

// ---------------------------------------------------------------------------------------------
// Quotes

/** Sentence offsets within the paragraph (the whole text when it has no sentence ending). */
function locateSentences(text: string): Array<{ start: number; end: number }> {
  const out = sentenceOffsets(text);
  if (out.length === 0 && text.trim().length > 0) out.push({ start: 0, end: text.length });
  return out;
}

// A longer span must earn its length: each extra sentence costs this much of the mean support.
const SPAN_PENALTY = 0.15;
const MAX_SPAN = 3;

function chooseQuote(
  paragraph: Paragraph,
  claims: readonly (readonly Feature[])[],
  question: readonly Feature[],
  weigh: Weigher,
): string {
  const text = paragraph.text;
  const sentences = locateSentences(text);
  const slice = (a: number, b: number): string => text.slice(sentences[a]!.start, sentences[b]!.end).trim();
  if (sentences.length === 0) return text.trim();

  let best: { a: number; b: number; value: number } | undefined;
  for (let a = 0; a < sentences.length; a++) {
    for (let b = a; b < Math.min(sentences.length, a + MAX_SPAN); b++) {
      const span = slice(a, b);
      const scores = claims.map((c) => support(c, span, weigh)).filter((s): s is number => s !== undefined);
      if (scores.length === 0) continue;
      const value = scores.reduce((x, y) => x + y, 0) / scores.length - SPAN_PENALTY * (b - a);
      if (!best || value > best.value + 1e-9) best = { a, b, value };
    }
  }
  if (best && best.value > 0) return slice(best.a, best.b);

  // The answer sentence gives no clue (e.g. English without a lexicon): the sentence closest to the question.
  let bestQ: { a: number; value: number } | undefined;
  for (let a = 0; a < sentences.length; a++) {
    const value = support(question, slice(a, a), weigh) ?? 0;
    if (!bestQ || value > bestQ.value + 1e-9) bestQ = { a, value };
  }
  if (bestQ && bestQ.value > 0) return slice(bestQ.a, bestQ.a);
  return slice(0, 0);
}

// ---------------------------------------------------------------------------------------------

/**
 * Normalises the markers of a model's answer, drops citations of paragraphs that do not exist or were
 * not given to the model, attaches to each remaining paragraph a quote (exact substring of its text)
 * and flags cited sentences their paragraphs do not support.
 */
/** Control characters a model may emit (NUL, escape sequences) have no place in an answer; newlines and tabs stay. */
function stripControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, '');
}

export function checkCitations(input: CheckCitationsInput): CheckedAnswer {
  const byNumber = new Map(input.paragraphs.map((p) => [p.number, p] as const));
  const valid = new Set([...input.allowed].filter((n) => byNumber.has(n)));
  const { text, dropped } = normaliseMarkers(stripControlCharacters(input.answer), valid);
  // Whatever the normalising missed, no marker may name a paragraph outside the valid set.
  const answer = text.replace(/\s*\[(\d+)\]/gu, (m, n: string) => (valid.has(Number(n)) ? m : '')).trim();
  const threshold = input.threshold ?? SUPPORT_THRESHOLD;
  const weigh = createWeigher(input.paragraphs);

  // Which sentences cite which paragraphs.
  const spans = sentenceSpans(answer);
  const order: number[] = [];
  const claimsOf = new Map<number, Feature[][]>();
  const unsupported: number[] = [];
  spans.forEach((span, index) => {
    const sentence = answer.slice(span.start, span.end);
    const cited = [...new Set([...sentence.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1])))];
    if (cited.length === 0) return;
    const features = claimFeatures(sentence.replace(/\[\d+\]/gu, ' '), input.lexicon);
    for (const n of cited) {
      if (!order.includes(n)) order.push(n);
      const list = claimsOf.get(n) ?? [];
      list.push(features);
      claimsOf.set(n, list);
    }
    // A claim may combine several cited paragraphs: measure against all of them together.
    const evidence = cited.map((n) => byNumber.get(n)?.text ?? '').join('\n');
    const s = support(features, evidence, weigh);
    if (s !== undefined && s < threshold) unsupported.push(index);
  });

  const questionFeatures = claimFeatures(input.question, input.lexicon);
  const citations: Citation[] = order.map((n) => {
    const paragraph = byNumber.get(n)!;
    const quote = chooseQuote(paragraph, claimsOf.get(n) ?? [], questionFeatures, weigh);
    // Defensive: the contract requires an exact substring, whatever the splitting did.
    return { paragraph: n, quote: paragraph.text.includes(quote) && quote.length > 0 ? quote : paragraph.text };
  });

  return { answer, citations, unsupported, grounded: citations.length > 0, dropped };
}
