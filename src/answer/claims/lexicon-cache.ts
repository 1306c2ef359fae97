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
  let memo = translations.get(lexicon);
  if (!memo) translations.set(lexicon, (memo = new Map()));
  let found = memo.get(phrase);
  if (found === undefined) {
    found = lexicon.toChinese(phrase).filter((x) => x.length > 0);
    if (memo.size < MAX_REMEMBERED) memo.set(phrase, found);
  }
  return found;
}
