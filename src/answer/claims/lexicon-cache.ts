import { madeFor, remember } from '../../memo.js';
import type { Lexicon } from '../../types.js';

/*
 * Look-ups the claim checks repeat for every word of every claim, remembered: a lexicon translation
 * stems each word of the phrase through a dozen patterns. Bounded, so hostile text cannot grow them.
 * (Stems themselves are remembered by `stem`.)
 */

const MAX_REMEMBERED = 20_000;
const translations = new WeakMap<Lexicon, Map<string, readonly string[]>>();

/** `lexicon.toChinese(phrase)` without empty terms, remembered per lexicon. */
export function translate(lexicon: Lexicon, phrase: string): readonly string[] {
  return remember(madeFor(translations, lexicon, () => new Map()), phrase, MAX_REMEMBERED, () => lexicon.toChinese(phrase).filter((x) => x.length > 0));
}
