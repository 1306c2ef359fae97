/** Pure helpers for answer text: `[n]` markers, flagged claims laid over the text, the rendering note, quotes. */
import { RENDERING_NOTE } from '../../src/answer/word-answer.js';
import type { Claim } from '../../src/types.js';

export type AnswerPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'cite'; readonly paragraph: number };

// `[7]`, and tolerantly `[7, 8]` / `[7、8]` / `［7］`, which models sometimes write.
const MARKER = /[[［]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］]/g;

/**
 * Markers naming a paragraph outside `isParagraph` stay as text: a chip must always lead somewhere.
 */
export function splitAnswer(answer: string, isParagraph: (n: number) => boolean): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let last = 0;
  const pushText = (text: string): void => {
    if (text === '') return;
    const prev = parts[parts.length - 1];
    if (prev?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: prev.text + text };
    else parts.push({ kind: 'text', text });
  };
  for (const match of answer.matchAll(MARKER)) {
    const numbers = (match[1] ?? '').split(/[,，、]/).map((s) => Number(s.trim()));
    if (!numbers.every(isParagraph)) continue;
    pushText(answer.slice(last, match.index));
    for (const paragraph of numbers) parts.push({ kind: 'cite', paragraph });
    last = match.index + match[0].length;
  }
  pushText(answer.slice(last));
  return parts;
}

/** A stretch of the answer: outside any flagged claim (`claim` undefined) or one flagged claim. */
export interface AnswerRun {
  readonly claim?: Claim;
  readonly parts: readonly AnswerPart[];
}

/**
 * Lays the claims that are not `supported` over the answer, by the server's offsets (the text is never
 * split again here). Offsets are clamped to the text, overlaps cut at the earlier claim's end, and a
 * boundary inside a `[n]` marker moves past it, so a marker is never torn in two.
 */
export function layoutAnswer(answer: string, claims: readonly Claim[], isParagraph: (n: number) => boolean): AnswerRun[] {
  const markers = [...answer.matchAll(MARKER)].map((m) => [m.index, m.index + m[0].length] as const);
  const snap = (at: number): number => {
    const inside = markers.find(([s, e]) => at > s && at < e);
    return inside ? inside[1] : at;
  };
  const flagged = claims
    .filter((c) => c.status !== 'supported')
    .map((c) => ({ claim: c, start: snap(clamp(c.start, answer.length)), end: snap(clamp(c.end, answer.length)) }))
    .sort((a, b) => a.start - b.start);
  const runs: AnswerRun[] = [];
  const plain = (from: number, to: number): void => {
    if (to > from) runs.push({ parts: splitAnswer(answer.slice(from, to), isParagraph) });
  };
  let at = 0;
  for (const f of flagged) {
    const start = Math.max(f.start, at);
    if (f.end <= start) continue;
    plain(at, start);
    runs.push({ claim: f.claim, parts: splitAnswer(answer.slice(start, f.end), isParagraph) });
    at = f.end;
  }
  plain(at, answer.length);
  return runs;
}

function clamp(n: number, length: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(0, Math.trunc(n)), length) : 0;
}

// The label English answers from the project's rendering end with (on its own line, or after a space): the
// server's own RENDERING_NOTE.
const NOTE_AT_END = new RegExp(`\\s*(${RENDERING_NOTE.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')})\\s*$`, 'u');

/** Separates the "(Unofficial English rendering; …)" label from the end of an answer, so it can be shown as a note. */
export function splitRenderingNote(answer: string): { readonly body: string; readonly note?: string } {
  const match = NOTE_AT_END.exec(answer);
  if (!match || match[1] === undefined) return { body: answer };
  return { body: answer.slice(0, match.index), note: match[1] };
}

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Where `quote` sits in `text`: exact first, then ignoring whitespace differences. */
export function findQuote(text: string, quote: string): TextRange | undefined {
  const q = quote.trim();
  if (q === '') return undefined;
  const at = text.indexOf(q);
  if (at !== -1) return { start: at, end: at + q.length };
  // Fall back to a whitespace-insensitive match, mapping positions back to the original text.
  const kept: number[] = [];
  let squeezed = '';
  for (let i = 0; i < text.length; i++) {
    if (!/\s/.test(text[i] ?? '')) {
      kept.push(i);
      squeezed += text[i];
    }
  }
  const qs = q.replace(/\s+/g, '');
  const s = squeezed.indexOf(qs);
  if (s === -1 || qs === '') return undefined;
  const start = kept[s];
  const end = kept[s + qs.length - 1];
  return start === undefined || end === undefined ? undefined : { start, end: end + 1 };
}

// Sentences that are not next to each other are joined with an ellipsis ("…", "……", "...").
const GAP = /\s*(?:…+|\.{3,})\s*/;

/**
 * The stretches of `text` a quote covers: the whole quote when it is one piece of the text, else each of
 * its ellipsis-separated pieces that is found, in order. Empty when nothing matches.
 */
export function findQuoteRanges(text: string, quote: string): TextRange[] {
  const whole = findQuote(text, quote);
  if (whole) return [whole];
  const ranges: TextRange[] = [];
  let from = 0;
  for (const piece of quote.split(GAP)) {
    if (piece.trim().length < 2) continue;
    const found = findQuote(text.slice(from), piece);
    if (!found) continue;
    ranges.push({ start: from + found.start, end: from + found.end });
    from += found.end;
  }
  return ranges;
}
