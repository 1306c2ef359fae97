/** Numbers in Chinese and in digits: pure. */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Parses 一, 十, 十二, 二十, 二十一, 一百零三 … into a number; undefined when not a numeral. */
export function parseChineseNumeral(s: string): number | undefined {
  if (s.length === 0 || s.length > 12 || !/^[零〇一二两三四五六七八九十百]+$/u.test(s)) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = DIGITS[ch] ?? 0;
    }
  }
  return total + current;
}

const EN_NUMBERS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
};

/** An English number word ("five", "twenty") as a number; undefined otherwise. */
export function parseEnglishNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  return Object.hasOwn(EN_NUMBERS, w) ? EN_NUMBERS[w] : undefined;
}

const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** A small count in words ("five"), larger ones in digits, as English prose writes them. */
export function englishCount(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < EN_WORDS.length ? EN_WORDS[n]! : String(n);
}

/**
 * The numbers a text states, as numbers: digit runs ("2023", "20") and Chinese numerals followed by a
 * measure word or unit ("五条", "三届"). Linear in the text's length.
 */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\d+(?:\.\d+)?/gu)) out.push(Number(m[0]));
  for (const m of text.matchAll(/[零〇一二两三四五六七八九十百]{1,6}(?=[个项条种类次届年月日天位名家座所批件亿万千百])/gu)) {
    const n = parseChineseNumeral(m[0]);
    if (n !== undefined && n > 0) out.push(n);
  }
  return out;
}
