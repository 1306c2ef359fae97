import { parseChineseNumeral } from '../../text/numerals.js';

/*
 * Citation markers in every shape models write them, rewritten to the contract's `[n]`: pure, incremental
 * and linear. Each character is handled once; a construct that may still turn into a marker is held back
 * (a bracket for at most MAX_BRACKET_BODY characters, a prose reference for at most MAX_REFERENCE), and
 * when it does not, its characters go through the scanner again — at most that bound each, so the work
 * stays proportional to the text. Whitespace is held as a run (never rescanned) until the next character
 * says whether it goes before a kept marker, before a dropped one (then it goes too) or before text.
 *
 * Shapes: [7] [7, 9] [7-9] 【第7段】 ［７］ 〔7〕 (para 7) （第7段） (see paragraph 28) [^7] footnotes and
 * their "[^7]: …" definition lines (removed), and prose: "According to paragraph 28", "paragraphs 3 and 5",
 * "声明第29段指出", "第二十九段", "¶7" — prose stays as written and gets the marker right after it.
 */

/** Ranges wider than this are cut: `[1-9999]` must not expand into ten thousand numbers. */
export const MAX_RANGE = 40;
const MAX_BRACKET_BODY = 60;
const MAX_PAREN_BODY = 50;
const MAX_REFERENCE = 40;
const MAX_FOOTNOTE_DEFINITION = 300;

const BRACKET_OPEN = '[【［〔';
const BRACKET_CLOSE = ']】］〕';
const PAREN_OPEN = '(（';
const PAREN_CLOSE = ')）';
const ZH_NUMERALS = '零〇一二两三四五六七八九十百';

const isHorizontalSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\u3000' || c === '\u00a0';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAsciiLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isWordChar = (c: string | undefined): boolean => isAsciiLetter(c) || isDigit(c) || c === '_';

/** Characters that never belong in an answer: C0 controls but newline and tab, DEL, zero-width and bidi controls. */
export function isDroppedChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x20) return code !== 0x0a && code !== 0x09;
  if (code === 0x7f) return true;
  return (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

function toNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  return parseChineseNumeral(s);
}

function expand(a: number, b: number, out: number[]): void {
  const lo = Math.min(a, b);
  const hi = Math.min(Math.max(a, b), lo + MAX_RANGE);
  for (let n = lo; n <= hi; n++) out.push(n);
}

const NUM = '(?:\\d+|[零〇一二两三四五六七八九十百]{1,5})';
const ITEM_RE = new RegExp(`^(${NUM})(?:-(${NUM}))?$`, 'u');

/**
 * The paragraph numbers a marker's inner text names, ranges expanded, or undefined when the text is
 * not a paragraph reference at all (`[sic]`, `[Note]`, `[a]`). Bodies longer than a marker can be are not.
 */
export function parseMarkerBody(body: string): number[] | undefined {
  if (body.length > MAX_BRACKET_BODY) return undefined;
  let s = body
    .normalize('NFKC') // full-width digits and punctuation → ASCII
    .toLowerCase()
    .trim();
  // Words that decorate numbers: "para 7", "paragraphs 7 and 9", "¶7", "第7段", "段落7", "p. 7", "#7".
  s = s
    .replace(/\bparagraphs?\b|\bparas?\b\.?|\bpars?\b\.?|\bpp?\.(?=\s*\d)|^p(?=\s*\d)|\bno\.(?=\s*\d)/gu, ' ')
    .replace(/[¶§#]|段落|第|段|条|款|参见|参看|详见|见|\bsee\b|\bcf\b\.?/gu, ' ');
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
    expand(a, b, out);
  }
  return out;
}

// A parenthesis is a citation only when it names a paragraph: "(2023)" or "(1)" in running text is not.
const PAREN_REFERENCE = /^\s*(?:第|¶|§|paras?\b|paragraphs?\b|段落|see\b|cf\b|见|参见|参看|详见)|段\s*$/iu;

function parseParenBody(body: string): number[] | undefined {
  return PAREN_REFERENCE.test(body) ? parseMarkerBody(body) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Prose references

/** Where a prose reference ends and what it names; `partial` when more text could extend it. */
export type ReferenceMatch = 'partial' | 'fail' | { readonly length: number; readonly numbers: number[] };

const EN_KEYWORDS = ['paragraphs', 'paragraph', 'paras', 'para'];
const EN_SEPARATORS = [',', '，', '、', '&', '/', '-', '–', '—', '~', '～', 'and', 'or', 'to', 'through'];
const EN_RANGE = new Set(['-', '–', '—', '~', '～', 'to', 'through']);
const ZH_SEPARATORS = '、，,和及与至到-–—~～';
const ZH_RANGE = '至到-–—~～';

/** Could a reference starting with this character begin here (after `previous`)? */
export function startsReference(c: string, previous: string | undefined): boolean {
  if (c === '第' || c === '¶' || c === '§' || c === '段') return true;
  return (c === 'p' || c === 'P') && !isWordChar(previous);
}

function readDigits(b: string, i: number): number {
  let j = i;
  while (j < b.length && isDigit(b[j])) j++;
  return j;
}

function readZhNumber(b: string, i: number): number {
  if (isDigit(b[i])) return readDigits(b, i);
  let j = i;
  while (j < b.length && ZH_NUMERALS.includes(b[j]!)) j++;
  return j;
}

function matchChinese(b: string, atEnd: boolean, keywordLength: number, needsDuan: boolean): ReferenceMatch {
  const more = atEnd ? 'fail' : 'partial';
  let i = keywordLength;
  if (b[i] === ' ') i++;
  const numbers: number[] = [];
  let range = false;
  for (;;) {
    if (i >= b.length) return more;
    const j = readZhNumber(b, i);
    const raw = b.slice(i, j);
    const value = raw.length === 0 || raw.length > 5 ? undefined : toNumber(raw);
    if (value === undefined) return 'fail';
    if (j >= b.length) {
      if (needsDuan) return more;
      // "段落29": the number may still grow.
      return atEnd ? { length: j, numbers: [...numbers, value] } : 'partial';
    }
    if (range) {
      const last = numbers.pop()!;
      expand(last, value, numbers);
      range = false;
    } else {
      numbers.push(value);
    }
    i = j;
    const c = b[i]!;
    if (needsDuan && c === '段') {
      // "第7段落" reads as one word: wait for the next character.
      if (i + 1 >= b.length) return atEnd ? { length: i + 1, numbers } : 'partial';
      return { length: b[i + 1] === '落' ? i + 2 : i + 1, numbers };
    }
    if (ZH_SEPARATORS.includes(c)) {
      range = ZH_RANGE.includes(c);
      i++;
      if (b[i] === ' ') i++;
      continue;
    }
    return needsDuan ? 'fail' : { length: i, numbers };
  }
}

/**
 * Matches a prose reference at the start of `b` ("paragraph 28", "paragraphs 3 and 5", "第29段",
 * "第二十九段", "段落12", "¶7"). `atEnd` says no more text follows. Pure; `b` is short (bounded by the caller).
 */
export function matchReference(b: string, atEnd: boolean): ReferenceMatch {
  const more = atEnd ? 'fail' : 'partial';
  if (b.length === 0) return more;
  if (b[0] === '第') return matchChinese(b, atEnd, 1, true);
  if (b[0] === '段') {
    if (b.length === 1) return more;
    return b[1] === '落' ? matchChinese(b, atEnd, 2, false) : 'fail';
  }
  let i: number;
  let plural = false;
  if (b[0] === '¶' || b[0] === '§') {
    i = 1;
  } else {
    let w = 0;
    while (w < b.length && isAsciiLetter(b[w])) w++;
    const word = b.slice(0, w).toLowerCase();
    if (w === b.length && !atEnd) return EN_KEYWORDS.some((k) => k.startsWith(word)) ? 'partial' : 'fail';
    if (!EN_KEYWORDS.includes(word)) return 'fail';
    plural = word.endsWith('s');
    i = w;
    if (word.startsWith('para') && !word.startsWith('paragraph') && b[i] === '.') i++;
  }
  let spaces = 0;
  while (i < b.length && (b[i] === ' ' || b[i] === '\u00a0')) {
    i++;
    spaces++;
  }
  if (spaces > 2) return 'fail';
  if (i >= b.length) return more;
  let j = readDigits(b, i);
  if (j === i || j - i > 3) return 'fail';
  if (j >= b.length) return atEnd ? { length: j, numbers: [Number(b.slice(i, j))] } : 'partial';
  if (isAsciiLetter(b[j])) return 'fail'; // "7a", "7th"
  const numbers = [Number(b.slice(i, j))];
  let end = j;
  for (;;) {
    let k = end;
    while (k < b.length && b[k] === ' ' && k - end < 3) k++;
    if (k >= b.length) return atEnd ? { length: end, numbers } : 'partial';
    const rest = b.slice(k, k + 8).toLowerCase();
    let sep: string | undefined;
    for (const s of EN_SEPARATORS) {
      if (rest.startsWith(s)) {
        // A word separator must be a whole word.
        if (isAsciiLetter(s[0]) && isAsciiLetter(rest[s.length])) continue;
        if (sep === undefined || s.length > sep.length) sep = s;
      } else if (k + rest.length >= b.length && s.startsWith(rest) && !atEnd) {
        return 'partial';
      }
    }
    // A comma lists numbers only after a plural keyword ("paragraphs 3, 5 and 7"): "paragraph 7, 20 projects" is prose.
    if (sep === undefined || ((sep === ',' || sep === '，') && !plural)) return { length: end, numbers };
    k += sep.length;
    while (k < b.length && b[k] === ' ' && k - end < 8) k++;
    if (k >= b.length) return atEnd ? { length: end, numbers } : 'partial';
    j = readDigits(b, k);
    if (j === k || j - k > 3) return { length: end, numbers };
    if (j >= b.length && !atEnd) return 'partial';
    if (isAsciiLetter(b[j])) return { length: end, numbers };
    const value = Number(b.slice(k, j));
    if (EN_RANGE.has(sep)) {
      const last = numbers.pop()!;
      expand(last, value, numbers);
    } else {
      numbers.push(value);
    }
    end = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Footnote definitions

const DEFINITION_REFERENCE =
  /第\s*(\d{1,3}|[零〇一二两三四五六七八九十百]{1,5})\s*段|\bparagraphs?\s*(\d{1,3})|\bparas?\.?\s*(\d{1,3})|[¶§]\s*(\d{1,3})|\[(\d{1,3})\]/giu;

/** The paragraphs a footnote definition ("声明第21段：…", "Paragraph 21.", "21. …") names. Pure; bounded input. */
export function parseFootnoteDefinition(content: string): number[] {
  const text = content.slice(0, MAX_FOOTNOTE_DEFINITION);
  const out: number[] = [];
  for (const m of text.matchAll(DEFINITION_REFERENCE)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    const n = toNumber(raw);
    if (n !== undefined && !out.includes(n)) out.push(n);
  }
  if (out.length === 0) {
    const lead = /^\s*(\d{1,3})(?!\d)/u.exec(text);
    if (lead) out.push(Number(lead[1]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The scanner

/** A citation that was removed because it named no valid paragraph; `at` is its offset in the output. */
export interface DroppedMarker {
  readonly at: number;
  /** The numbers it named (empty for a footnote whose label resolves to no paragraph). */
  readonly numbers: readonly number[];
}

export interface MarkerNormaliserOptions {
  /** Paragraph numbers that may be cited; markers naming any other are removed (and reported). */
  readonly valid: ReadonlySet<number>;
  /** Footnote label → paragraphs, from the answer's definition lines; unlabelled numbers name themselves. */
  readonly footnotes?: ReadonlyMap<string, readonly number[]>;
}

export interface MarkerNormaliser {
  /** Feeds text; returns the output that is now certain. */
  push(text: string): string;
  /** Ends the input and returns the rest (trailing whitespace is dropped). */
  end(): string;
  /** Removed citations, with offsets into the whole output. */
  readonly dropped: readonly DroppedMarker[];
  /** Footnote definitions seen so far (their lines are removed from the output). */
  readonly footnotes: ReadonlyMap<string, readonly number[]>;
}

interface Cluster {
  /** Whitespace that came before the first marker: kept before kept markers, trimmed before dropped ones. */
  readonly wsBefore: string;
  readonly kept: number[];
  readonly keptSet: Set<number>;
  readonly dropped: Set<number>;
  unresolved: boolean;
}

interface Candidate {
  readonly kind: 'bracket' | 'paren';
  readonly opener: string;
  body: string;
  /** Nothing but whitespace before it on its line: a `[^n]:` here is a footnote definition. */
  readonly lineStart: boolean;
}

/**
 * The incremental marker normaliser. Text in, text out: markers become `[n]` (one per paragraph, merged
 * and deduplicated when only spaces separate them), invalid ones disappear with the spaces before them,
 * prose references get their marker appended, footnote definition lines vanish, control characters go.
 * Leading and trailing whitespace never reaches the output.
 */
export function createMarkerNormaliser(options: MarkerNormaliserOptions): MarkerNormaliser {
  const { valid } = options;
  const dropped: DroppedMarker[] = [];
  const definitions = new Map<string, number[]>();
  let out = '';
  let emitted = 0;
  let started = false;
  let lineStart = true;
  let previous: string | undefined;
  let pendingWs = '';
  let cluster: Cluster | null = null;
  let candidate: Candidate | null = null;
  let reference: string | null = null;
  let footnoteAfter: string | null = null;
  let definition: { label: string; content: string } | null = null;
  // Text to scan again, innermost last: a frame is a string and a position in it.
  const frames: Array<{ text: string; i: number }> = [];

  const write = (s: string): void => {
    if (s.length === 0) return;
    out += s;
    emitted += s.length;
  };

  const flushCluster = (): void => {
    if (cluster === null) return;
    const c = cluster;
    cluster = null;
    if (c.kept.length > 0) {
      write(c.wsBefore);
      write(c.kept.map((n) => `[${n}]`).join(''));
      started = true;
      lineStart = false;
      previous = ']';
    } else {
      let end = c.wsBefore.length;
      while (end > 0 && isHorizontalSpace(c.wsBefore[end - 1]!)) end--;
      write(c.wsBefore.slice(0, end));
    }
    if (c.dropped.size > 0 || c.unresolved) dropped.push({ at: emitted, numbers: [...c.dropped] });
  };

  const flushWs = (): void => {
    // Before the first character of the answer (after a dropped marker, say) whitespace goes.
    if (started) write(pendingWs);
    pendingWs = '';
  };

  const text = (s: string): void => {
    flushCluster();
    flushWs();
    write(s);
    started = true;
    lineStart = false;
    previous = s[s.length - 1];
  };

  const addMarker = (numbers: readonly number[], options: { wsBefore?: string; unresolved?: boolean } = {}): void => {
    // Markers on separate lines are separate citations.
    if (cluster !== null && pendingWs.includes('\n')) flushCluster();
    if (cluster === null) {
      cluster = { wsBefore: options.wsBefore ?? pendingWs, kept: [], keptSet: new Set(), dropped: new Set(), unresolved: false };
    }
    pendingWs = '';
    for (const n of numbers) {
      if (!valid.has(n)) cluster.dropped.add(n);
      else if (!cluster.keptSet.has(n)) {
        cluster.keptSet.add(n);
        cluster.kept.push(n);
      }
    }
    if (options.unresolved) cluster.unresolved = true;
  };

  const footnoteReference = (label: string): void => {
    const known = options.footnotes?.get(label);
    const numbers = known ?? (/^\d{1,3}$/.test(label) ? [Number(label)] : []);
    addMarker(numbers, { unresolved: numbers.length === 0 });
  };

  const rescan = (s: string): void => {
    if (s.length > 0) frames.push({ text: s, i: 0 });
  };

  const failCandidate = (tail: string): void => {
    const c = candidate!;
    candidate = null;
    text(c.opener);
    rescan(c.body + tail);
  };

  const completeCandidate = (closer: string): void => {
    const c = candidate!;
    if (c.kind === 'bracket' && c.body.startsWith('^')) {
      const label = c.body.slice(1).trim();
      if (/^[A-Za-z0-9_-]{1,12}$/.test(label)) {
        candidate = null;
        if (c.lineStart) footnoteAfter = label;
        else footnoteReference(label);
        return;
      }
    }
    const numbers = c.kind === 'bracket' ? parseMarkerBody(c.body) : parseParenBody(c.body);
    if (numbers === undefined) return failCandidate(closer);
    candidate = null;
    addMarker(numbers);
  };

  const finishReference = (atEnd: boolean): boolean => {
    const buf = reference!;
    const m = matchReference(buf, atEnd);
    if (m === 'partial' && buf.length < MAX_REFERENCE) return false;
    reference = null;
    if (typeof m === 'object') {
      const phrase = buf.slice(0, m.length);
      text(phrase);
      // "paragraph 28 [28]", "第29段[29]".
      addMarker(m.numbers, { wsBefore: isWordChar(phrase[phrase.length - 1]) ? ' ' : '' });
      rescan(buf.slice(m.length));
    } else {
      text(buf[0]!);
      rescan(buf.slice(1));
    }
    return true;
  };

  const endDefinition = (): void => {
    const d = definition!;
    definition = null;
    definitions.set(d.label, parseFootnoteDefinition(d.content));
  };

  const step = (c: string): void => {
    if (isDroppedChar(c)) return;
    if (definition !== null) {
      if (c === '\n') {
        endDefinition();
        lineStart = true;
      } else if (definition.content.length < MAX_FOOTNOTE_DEFINITION) {
        definition.content += c;
      }
      return;
    }
    if (footnoteAfter !== null) {
      const label = footnoteAfter;
      footnoteAfter = null;
      if (c === ':' || c === '：') {
        definition = { label, content: '' };
        return;
      }
      footnoteReference(label);
    }
    if (candidate !== null) {
      const closers = candidate.kind === 'bracket' ? BRACKET_CLOSE : PAREN_CLOSE;
      const openers = candidate.kind === 'bracket' ? BRACKET_OPEN : PAREN_OPEN;
      const limit = candidate.kind === 'bracket' ? MAX_BRACKET_BODY : MAX_PAREN_BODY;
      if (closers.includes(c)) return completeCandidate(c);
      if (c === '\n' || openers.includes(c) || candidate.body.length >= limit) return failCandidate(c);
      candidate.body += c;
      return;
    }
    if (reference !== null) {
      reference += c;
      finishReference(false);
      return;
    }
    if (c === '\n' || isHorizontalSpace(c)) {
      if (!started && cluster === null) return;
      pendingWs += c;
      if (c === '\n') lineStart = true;
      return;
    }
    if (BRACKET_OPEN.includes(c) || PAREN_OPEN.includes(c)) {
      candidate = { kind: BRACKET_OPEN.includes(c) ? 'bracket' : 'paren', opener: c, body: '', lineStart: lineStart && cluster === null };
      return;
    }
    if (startsReference(c, pendingWs.length > 0 ? ' ' : previous)) {
      reference = c;
      return;
    }
    text(c);
  };

  // A run of ordinary characters (nothing held, nothing special) is copied in one piece.
  const plainRun = (s: string, from: number): number => {
    let j = from;
    let before = previous;
    while (j < s.length) {
      const c = s[j]!;
      if (isDroppedChar(c) || c === '\n' || isHorizontalSpace(c) || BRACKET_OPEN.includes(c) || PAREN_OPEN.includes(c)) break;
      if (startsReference(c, before)) break;
      before = c;
      j++;
    }
    return j;
  };

  const drain = (): void => {
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      if (f.i >= f.text.length) {
        frames.pop();
        continue;
      }
      if (definition === null && footnoteAfter === null && candidate === null && reference === null && cluster === null && pendingWs === '') {
        const end = plainRun(f.text, f.i);
        if (end > f.i) {
          text(f.text.slice(f.i, end));
          f.i = end;
          continue;
        }
      }
      step(f.text[f.i++]!);
    }
  };

  const take = (): string => {
    const s = out;
    out = '';
    return s;
  };

  return {
    push(s: string): string {
      rescan(s);
      drain();
      return take();
    },
    end(): string {
      // Whatever is still open ends here: each pass settles at least one held construct.
      for (;;) {
        if (definition !== null) endDefinition();
        else if (footnoteAfter !== null) {
          const label = footnoteAfter;
          footnoteAfter = null;
          footnoteReference(label);
        } else if (candidate !== null) failCandidate('');
        else if (reference !== null) finishReference(true);
        else break;
        drain();
      }
      flushCluster();
      pendingWs = '';
      return take();
    },
    get dropped() {
      return dropped;
    },
    get footnotes() {
      return definitions;
    },
  };
}

export interface NormalisedMarkers {
  readonly text: string;
  /** Distinct numbers removed because they are not in the valid set. */
  readonly dropped: number[];
  /** Where each removed citation was, in `text`. */
  readonly droppedAt: readonly DroppedMarker[];
}

/**
 * Rewrites every marker in a whole text (see {@link createMarkerNormaliser}). Footnote labels resolve through
 * the text's own definition lines, so a second pass runs when there are any.
 */
export function normaliseMarkers(text: string, valid: ReadonlySet<number>): NormalisedMarkers {
  const first = createMarkerNormaliser({ valid });
  let out = first.push(text) + first.end();
  let droppedAt = first.dropped;
  if (first.footnotes.size > 0) {
    const second = createMarkerNormaliser({ valid, footnotes: first.footnotes });
    out = second.push(text) + second.end();
    droppedAt = second.dropped;
  }
  const numbers = new Set<number>();
  for (const d of droppedAt) for (const n of d.numbers) numbers.add(n);
  return { text: out, dropped: [...numbers], droppedAt };
}
