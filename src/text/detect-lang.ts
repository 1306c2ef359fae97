import type { Lang } from '../types.js';

/**
 * The language to answer in: Chinese when Han characters make up a fair share of the letters,
 * English otherwise ("What about 瓜达尔港?" is an English question that names a Chinese term).
 */
export function detectLang(text: string): Lang {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  return langOfCounts(han, latinWords);
}

/** The language of a text with `han` Han characters and `latinWords` English words (of two letters or more). */
export function langOfCounts(han: number, latinWords: number): Lang {
  if (han === 0) return 'en';
  if (latinWords === 0) return 'zh';
  // One Han character weighs about as much as half an English word.
  return han / 2 >= latinWords ? 'zh' : 'en';
}
