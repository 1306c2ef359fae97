/** Splits an answer into plain text and `[n]` citation markers, so markers can become chips. */

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

/** Where `quote` sits in `text`: exact first, then ignoring whitespace differences. */
export function findQuote(text: string, quote: string): { start: number; end: number } | undefined {
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
