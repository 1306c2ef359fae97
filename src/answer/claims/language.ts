import { langOfCounts } from '../../text/detect-lang.js';
import type { Lang } from '../../types.js';

/*
 * The language an answer is written in, quotations and markers aside (an English answer quoting
 * “一带一路” is English). Pure; one scan.
 */

const QUOTES: Readonly<Record<string, string>> = { '“': '”', '「': '」', '『': '』', '《': '》', '"': '"' };
const MIN_EVIDENCE = 4;

const isHan = (code: number): boolean =>
  (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
const isLatin = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** Chinese or English, or undefined when the text has too few words to tell. */
export function answerLanguage(text: string): Lang | undefined {
  let han = 0;
  let words = 0;
  let closing: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (closing !== undefined) {
      if (c === closing || c === '\n') closing = undefined;
      continue;
    }
    const close = QUOTES[c];
    if (close !== undefined) {
      closing = close;
      continue;
    }
    if (isHan(c.charCodeAt(0))) han++;
    else if (isLatin(c) && isLatin(text[i + 1]) && !isLatin(text[i - 1])) words++;
  }
  if (han + words < MIN_EVIDENCE) return undefined;
  return langOfCounts(han, words);
}

/** The notice for an answer written in another language than the question's (in the question's language). */
export function wrongLanguageNotice(expected: Lang, actual: Lang): string {
  return expected === 'zh'
    ? `模型用${actual === 'en' ? '英文' : '中文'}作答，而问题是中文的；回答已照常核对。`
    : `The model answered in ${actual === 'zh' ? 'Chinese' : 'English'} although the question is in English; the answer was checked as usual.`;
}
