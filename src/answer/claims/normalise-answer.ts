import { createMarkerNormaliser, normaliseMarkers, type DroppedMarker } from './markers.js';
import { createReasoningFilter, stripReasoning } from './reasoning.js';

/*
 * A model's raw text → the answer text: reasoning blocks out first, then markers normalised. The same
 * scanners run on the stream (delta by delta, each costing time proportional to its own length) and on
 * the whole text at the end, so what was streamed is a prefix of the final answer. The two differ only
 * where the end changes the meaning of the start: footnotes whose definitions name other paragraphs
 * than their labels, and a `</think>` with no opening tag (all before it was reasoning).
 */

/** Longest answer kept, in UTF-16 code units: reading stops there and the answer is marked cut. */
export const MAX_ANSWER_CHARS = 4_000;

export interface AnswerStream {
  /** Feeds a delta; returns the answer text it settles (possibly empty). */
  push(delta: string): string;
  /** Length of everything returned so far. */
  readonly length: number;
}

/** Streaming side: what may be shown while the model is still writing. */
export function createAnswerStream(valid: ReadonlySet<number>): AnswerStream {
  const reasoning = createReasoningFilter();
  const markers = createMarkerNormaliser({ valid });
  let length = 0;
  return {
    push(delta: string): string {
      const out = markers.push(reasoning.push(delta));
      length += out.length;
      return out;
    },
    get length() {
      return length;
    },
  };
}

export interface NormalisedAnswer {
  readonly text: string;
  /** Citations removed because they named no valid paragraph, located in `text`. */
  readonly dropped: readonly DroppedMarker[];
  /** True when the text was longer than {@link MAX_ANSWER_CHARS} and was cut. */
  readonly cut: boolean;
}

/** Cuts at `max` without splitting a surrogate pair or leaving half a marker ("…[1"). */
function cutAnswer(text: string, max: number): string {
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  // A marker is at most "[" + 3 digits + "]": look back that far for an unclosed one.
  for (let i = end - 1; i >= Math.max(0, end - 5); i--) {
    const c = text[i];
    if (c === ']') break;
    if (c === '[') {
      end = i;
      break;
    }
  }
  return text.slice(0, end).trimEnd();
}

/** Final side: the whole raw text → the answer (footnotes resolved through their definition lines). */
export function normaliseAnswer(raw: string, valid: ReadonlySet<number>, maxChars = MAX_ANSWER_CHARS): NormalisedAnswer {
  const { text: out, droppedAt: dropped } = normaliseMarkers(stripReasoning(raw), valid);
  if (out.length <= maxChars) return { text: out, dropped, cut: false };
  const cut = cutAnswer(out, maxChars);
  return { text: cut, dropped: dropped.filter((d) => d.at <= cut.length), cut: true };
}
