import type { Paragraph } from '../types.js';
import { sentenceOffsets } from './segment.js';

/**
 * The English rendering of the sentences a Chinese quote touches: a quote inside one sentence maps to
 * that sentence's rendering, a quote across two to both. Undefined when the paragraph has no rendering
 * or the quote is not in it. Pure.
 */
export function quoteEn(paragraph: Paragraph, quote: string): string | undefined {
  const en = paragraph.en;
  if (!en || quote.length === 0) return undefined;
  const at = paragraph.text.indexOf(quote);
  if (at < 0) return undefined;
  const end = at + quote.length;
  const picked: string[] = [];
  sentenceOffsets(paragraph.text).forEach((s, i) => {
    if (s.start < end && s.end > at && en[i] !== undefined) picked.push(en[i]);
  });
  return picked.length > 0 ? picked.join(' ') : undefined;
}
