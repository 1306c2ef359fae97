import { characterCount } from './characters.js';
import type { Lang } from '../types.js';

/**
 * The language to answer in: Chinese when Han characters make up a fair share of the letters,
 * English otherwise ("What about 瓜达尔港?" is an English question that names a Chinese term).
 */
export function detectLang(text: string): Lang {
  return langOfCounts(countHan(text), text.match(/[A-Za-z]{2,}/g)?.length ?? 0);
}

const HAN_RUN = /\p{Script=Han}+/gu;

/** How many Han characters (code points) `text` holds: run by run, not a string per character. */
export function countHan(text: string): number {
  let count = 0;
  HAN_RUN.lastIndex = 0;
  for (let m = HAN_RUN.exec(text); m !== null; m = HAN_RUN.exec(text)) {
    count += characterCount(m[0]);
  }
  return count;
}

/** The language of a text with `han` Han characters and `latinWords` English words (of two letters or more). */
export function langOfCounts(han: number, latinWords: number): Lang {
  if (han === 0) return 'en';
  if (latinWords === 0) return 'zh';
  // One Han character weighs about as much as half an English word.
  return han / 2 >= latinWords ? 'zh' : 'en';
}
