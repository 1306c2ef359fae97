import { saysNotGiven } from './refusal.js';

/*
 * An answer (markers already `[n]`) split into sentences and list items, each located in the text and
 * classified: a claim to check, or text that states nothing to check (a lead-in "项目包括：", a
 * "Sources: [7]" footer, "the statement does not say …", a courtesy). Pure, one pass over the text.
 */

/**
 * - `claim`: states something about the statement: it must cite and be supported;
 * - `gap`: says the statement does not give something (a refusal, or the opening of a partial answer);
 * - `lead`: introduces what follows ("瓜达尔港的项目包括：", a heading);
 * - `footer`: a sources line ("来源：[7]", "Sources: paragraphs 7 and 9 [7][9]") — its markers cite no claim;
 * - `courtesy`: "希望对您有帮助", "I hope this helps";
 * - `other`: no words at all ("---").
 */
export type SpanKind = 'claim' | 'gap' | 'lead' | 'footer' | 'courtesy' | 'other';

export interface AnswerSpan {
  /** The sentence, trimmed: `answer.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Where its words start: after a list bullet ("- ", "1. ", "（2）"), else `start`. */
  readonly bodyStart: number;
  readonly kind: SpanKind;
  /** Paragraph numbers of its `[n]` markers, in order of first mention. */
  readonly markers: readonly number[];
  /** Its words without markers and bullet (what the support check reads). */
  readonly plain: string;
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '；', ';', '…', '．']);
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '"', "'", '*', '_', '》']);
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000' || c === '\u00a0';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || isUpper(c));

/** End of a `[digits]` marker starting at `i`, or -1. */
function markerEnd(text: string, i: number): number {
  if (text[i] !== '[') return -1;
  let k = i + 1;
  while (k < text.length && k - i <= 4 && isDigit(text[k])) k++;
  return k > i + 1 && text[k] === ']' ? k + 1 : -1;
}

/** "建设。[7]" and "It is key. [7]": markers right after a sentence end belong to that sentence. */
function skipTrailingMarkers(text: string, from: number): number {
  let pos = from;
  for (;;) {
    let j = pos;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\u3000')) j++;
    const end = markerEnd(text, j);
    if (end < 0) return pos;
    pos = end;
  }
}

// A full stop ends an English sentence when followed by space, a marker or the end, and is not an
// initial ("D.I. Khan"), a decimal point or a list number at the start of a line ("1. ").
function isSentencePeriod(text: string, i: number): boolean {
  const next = text[i + 1];
  if (next !== undefined && !(isSpace(next) || '[]"\'”’)'.includes(next))) return false;
  if (isUpper(text[i - 1]) && !isLetter(text[i - 2])) return false;
  let k = i - 1;
  while (k >= 0 && i - k <= 3 && isDigit(text[k])) k--;
  if (k < i - 1) {
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    if (k < 0 || text[k] === '\n') return false;
  }
  return true;
}

/** Length of a list bullet at `s` (with the spaces after it), or 0. */
function bulletLength(text: string, s: number, e: number): number {
  const c = text[s];
  let k = s;
  if (c === '-' || c === '*' || c === '•' || c === '·' || c === '‣' || c === '–') {
    k = s + 1;
    if (!isSpace(text[k])) return 0;
  } else if (c !== undefined && c >= '①' && c <= '⑳') {
    k = s + 1;
  } else if (isDigit(c)) {
    while (k < e && k - s < 3 && isDigit(text[k])) k++;
    if (!'.)、．'.includes(text[k] ?? 'x') || isDigit(text[k + 1])) return 0;
    k++;
  } else if (c === '(' || c === '（') {
    k = s + 1;
    while (k < e && k - s <= 3 && isDigit(text[k])) k++;
    if (k === s + 1 || (text[k] !== ')' && text[k] !== '）')) return 0;
    k++;
  } else if (c !== undefined && '一二三四五六七八九十'.includes(c) && text[s + 1] === '、') {
    k = s + 2;
  } else {
    return 0;
  }
  while (k < e && isSpace(text[k])) k++;
  return k - s;
}

interface RawSpan {
  start: number;
  end: number;
  lineStart: boolean;
}

function rawSpans(text: string): RawSpan[] {
  const out: RawSpan[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    let end = -1;
    if (c === '\n') end = i + 1;
    else if (SENTENCE_END.has(c) || (c === '.' && isSentencePeriod(text, i))) {
      end = i + 1;
      while (end < text.length && (SENTENCE_END.has(text[end]!) || CLOSERS.has(text[end]!))) end++;
      end = skipTrailingMarkers(text, end);
    }
    if (end >= 0) {
      out.push({ start, end, lineStart: start === 0 || text[start - 1] === '\n' });
      start = end;
      i = end;
    } else {
      i++;
    }
  }
  if (start < text.length) out.push({ start, end: text.length, lineStart: start === 0 || text[start - 1] === '\n' });
  return out;
}

/** The markers of a span and its text without them. */
function readMarkers(text: string, s: number, e: number): { markers: number[]; plain: string } {
  const markers: number[] = [];
  const seen = new Set<number>();
  const parts: string[] = [];
  let copy = s;
  for (let i = s; i < e; i++) {
    if (text[i] !== '[') continue;
    const end = markerEnd(text, i);
    if (end < 0 || end > e) continue;
    const n = Number(text.slice(i + 1, end - 1));
    if (!seen.has(n)) {
      seen.add(n);
      markers.push(n);
    }
    parts.push(text.slice(copy, i));
    copy = end;
    i = end - 1;
  }
  parts.push(text.slice(copy, e));
  return { markers, plain: parts.join('').trim() };
}

// One run of spaces at each place, never two around an optional part: no back-tracking on long runs.
const FOOTER_LABEL =
  /^(?:\*\*|__)?(?:资料来源|来源|出处|参考段落|参考资料|参考文献|参考|引用段落|引用|依据|引文|sources?|references?|citations?|cited paragraphs?|see also)(?:\*\*|__)?[ \t]*(?:[:：]|$)/iu;
// What a footer may hold after its label: paragraph numbers and the words that list them.
const FOOTER_REST = /paragraphs?|paras?|and|第|段|[\d\s\p{P}和及与]/giu;
const COURTESY =
  /^(?:希望(?:以上|这些|这)?.{0,12}(?:帮助|有用)|如(?:有|需|果您?有).{0,20}(?:问题|帮助|需要)|(?:I\s+)?hope\s+(?:this|that|it)\s+helps|let\s+me\s+know|feel\s+free\s+to|if\s+you\s+have\s+(?:any\s+)?(?:more\s+|other\s+|further\s+)?questions)/iu;
const HAS_WORD = /[\p{L}\p{N}]/u;

function classify(plain: string, markers: readonly number[]): SpanKind {
  if (!HAS_WORD.test(plain)) return 'other';
  const footer = FOOTER_LABEL.exec(plain);
  if (footer && plain.slice(footer[0].length).replace(FOOTER_REST, '').length === 0) return 'footer';
  if (plain.startsWith('#')) return 'lead';
  const last = plain[plain.length - 1];
  if ((last === ':' || last === '：') && markers.length === 0) return 'lead';
  if (COURTESY.test(plain)) return 'courtesy';
  if (saysNotGiven(plain)) return 'gap';
  return 'claim';
}

/** Sentences and list items of an answer, located, with their markers and kind. */
export function splitAnswer(answer: string): AnswerSpan[] {
  const spans: AnswerSpan[] = [];
  for (const raw of rawSpans(answer)) {
    let s = raw.start;
    let e = raw.end;
    while (s < e && isSpace(answer[s])) s++;
    while (e > s && isSpace(answer[e - 1])) e--;
    if (s >= e) continue;
    const { markers, plain: withBullet } = readMarkers(answer, s, e);
    const prev = spans[spans.length - 1];
    // A span holding nothing but markers joins the sentence before it.
    if (withBullet.length === 0 && prev) {
      const merged = [...prev.markers];
      for (const n of markers) if (!merged.includes(n)) merged.push(n);
      spans[spans.length - 1] = { ...prev, end: e, markers: merged };
      continue;
    }
    const bullet = raw.lineStart ? bulletLength(answer, s, e) : 0;
    const bodyStart = s + bullet;
    const plain = bullet === 0 ? withBullet : readMarkers(answer, bodyStart, e).plain;
    spans.push({ start: s, end: e, bodyStart, kind: classify(plain, markers), markers, plain });
  }
  return spans;
}

/**
 * The sentences of a (normalised) answer, trimmed, in order: `unsupported` indexes refer to these.
 * Lines, Chinese and English sentence ends split; markers after a full stop stay with its sentence.
 */
export function splitAnswerSentences(answer: string): string[] {
  return splitAnswer(answer).map((s) => answer.slice(s.start, s.end));
}
