/*
 * Figures in text — counts, amounts, years, months, days, ordinals — as numbers, in Chinese and English,
 * so "20项" and "20 agreements", "100亿美元" and "10 billion dollars", "10月" and "October" compare equal.
 * Pure; one scan over the text.
 *
 * What counts as a figure is a class decision: digits always; Chinese numerals when they are plainly a
 * quantity (a digit with a magnitude, "二十", or followed by a measure word, "三项", "第三届"); English
 * number words from three up and ordinals from third up. "One" and "two", "一" and "两国", "first" are
 * idioms more often than figures ("the two sides", "一个中国", "for the first time"), so a claim's use
 * of them is not held against the paragraph — the paragraph side still reads them, to match a claim's digit.
 */

/** A figure: its text as written and its value (a magnitude applied: 100亿 → 1e10). */
export interface Figure {
  readonly text: string;
  readonly value: number;
}

/** Word tables are Maps: a plain object would also "have" `constructor`, `toString` and the like. */
const table = (entries: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(entries));

const ZH_DIGITS: ReadonlyMap<string, number> = table({ 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 });
const ZH_UNITS: ReadonlyMap<string, number> = table({ 十: 10, 百: 100, 千: 1000 });
const ZH_BIG: ReadonlyMap<string, number> = table({ 万: 1e4, 亿: 1e8 });
// Measure words and units after which a Chinese numeral is a quantity.
const MEASURES = new Set([...'项个年月日号届次条家名位座所份种批倍岁周期轮场架艘台辆吨元'].concat(['周年', '公里', '千米', '美元', '兆瓦', '千瓦', '%']));

const EN_SMALL: ReadonlyMap<string, number> = table({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
});
const EN_TENS: ReadonlyMap<string, number> = table({ twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 });
const EN_ORDINALS: ReadonlyMap<string, number> = table({
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, twentieth: 20, thirtieth: 30,
});
const EN_SCALES: ReadonlyMap<string, number> = table({ hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 });
const MONTHS: ReadonlyMap<string, number> = table({
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
});
// "May" and "March" are also words: months only next to a day or year number.
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'jan', 'mar', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'feb', 'apr', 'sept']);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isZhNumeral = (c: string | undefined): boolean =>
  c !== undefined && (ZH_DIGITS.has(c) || ZH_UNITS.has(c) || ZH_BIG.has(c));

/** Value of a run of Chinese numerals: "二十九" 29, "二〇二三" 2023, "三百五十" 350, "十" 10. */
export function parseZhNumeral(run: string): number | undefined {
  if (run.length === 0) return undefined;
  const digitsOnly = [...run].every((c) => ZH_DIGITS.has(c));
  if (digitsOnly && run.length > 1) return Number([...run].map((c) => ZH_DIGITS.get(c)!).join(''));
  let total = 0;
  let section = 0;
  let current = 0;
  for (const c of run) {
    const digit = ZH_DIGITS.get(c);
    const unit = ZH_UNITS.get(c);
    const big = ZH_BIG.get(c);
    if (digit !== undefined) current = digit;
    else if (unit !== undefined) {
      section += (current || 1) * unit;
      current = 0;
    } else if (big !== undefined) {
      total += (section + current || 1) * big;
      section = 0;
      current = 0;
    } else return undefined;
  }
  return total + section + current;
}

function startsWithMeasure(text: string, i: number): boolean {
  const c = text[i];
  if (c === undefined) return false;
  return MEASURES.has(c) || MEASURES.has(text.slice(i, i + 2));
}

export interface FigureOptions {
  /** Claim side: skip idiomatic small numbers ("two sides", "一个", "first"). Default false (evidence side). */
  readonly claim?: boolean;
}

/** The figures of a text, in order. */
export function extractFigures(text: string, options: FigureOptions = {}): Figure[] {
  const claim = options.claim === true;
  const out: Figure[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (isDigit(c)) {
      // 1,000 / 1.5 / 20 / 2023
      let j = i;
      while (j < n && (isDigit(text[j]) || (text[j] === ',' && isDigit(text[j + 1]) && isDigit(text[j + 2]) && isDigit(text[j + 3]) && !isDigit(text[j + 4])))) j++;
      if (text[j] === '.' && isDigit(text[j + 1])) {
        j++;
        while (j < n && isDigit(text[j])) j++;
      }
      const raw = text.slice(i, j);
      let value = Number(raw.replace(/,/gu, ''));
      let k = j;
      while (k < n && text[k] === ' ') k++;
      // A magnitude after the number: 100亿, 5万, "10 billion".
      const big = text[k] === undefined ? undefined : ZH_BIG.get(text[k]!);
      if (big !== undefined) {
        value *= big;
        k++;
      } else {
        let w = k;
        while (w < n && isLetter(text[w])) w++;
        const word = text.slice(k, w).toLowerCase();
        const scale = EN_SCALES.get(word);
        if (scale !== undefined && word !== 'hundred') value *= scale;
      }
      out.push({ text: raw, value });
      i = j;
      continue;
    }
    if (isZhNumeral(c)) {
      let j = i;
      while (j < n && isZhNumeral(text[j])) j++;
      const run = text.slice(i, j);
      const first = run[0]!;
      const hasDigit = [...run].some((x) => ZH_DIGITS.has(x));
      const hasUnit = [...run].some((x) => ZH_UNITS.has(x) || ZH_BIG.has(x));
      const measured = startsWithMeasure(text, j);
      // A quantity: a digit and a magnitude ("二十", "三百"), digits read one by one ("二〇二三"), or a measure word.
      const startsRight = ZH_DIGITS.has(first) || (first === '十' && hasDigit) || (first === '十' && measured);
      const quantity = startsRight && ((hasDigit && hasUnit) || (hasDigit && run.length > 1) || measured);
      const value = quantity ? parseZhNumeral(run) : undefined;
      // "两项" is a figure, "一个" an idiom.
      if (value !== undefined && !(claim && value <= 1)) out.push({ text: run, value });
      i = j;
      continue;
    }
    if (isLetter(c) && !isLetter(text[i - 1])) {
      let j = i;
      while (j < n && isLetter(text[j])) j++;
      const word = text.slice(i, j).toLowerCase();
      let value: number | undefined;
      let end = j;
      const tens = EN_TENS.get(word);
      if (tens !== undefined) {
        value = tens;
        // "twenty-five"
        if (text[j] === '-') {
          let k = j + 1;
          while (k < n && isLetter(text[k])) k++;
          const unit = text.slice(j + 1, k).toLowerCase();
          const small = EN_SMALL.get(unit);
          if (small !== undefined && small < 10) {
            value += small;
            end = k;
          }
        }
      } else if (EN_SMALL.has(word)) value = EN_SMALL.get(word);
      else if (EN_ORDINALS.has(word)) value = EN_ORDINALS.get(word);
      else if (MONTHS.has(word)) {
        let k = j;
        while (k < n && (text[k] === ' ' || text[k] === '.' || text[k] === ',')) k++;
        let b = i - 1;
        while (b >= 0 && text[b] === ' ') b--;
        const nearNumber = isDigit(text[k]) || isDigit(text[b]);
        if (!AMBIGUOUS_MONTHS.has(word) || nearNumber) value = MONTHS.get(word);
      }
      if (value !== undefined) {
        const small = value <= 2 && !MONTHS.has(word);
        if (!(claim && small)) {
          let k = end;
          while (k < n && text[k] === ' ') k++;
          let w = k;
          while (w < n && isLetter(text[w])) w++;
          const scale = text.slice(k, w).toLowerCase();
          const times = EN_SCALES.get(scale);
          if (times !== undefined && !MONTHS.has(word) && !EN_ORDINALS.has(word)) {
            value *= times;
            end = w;
          }
          out.push({ text: text.slice(i, end), value });
        }
      }
      i = Math.max(j, end);
      continue;
    }
    i++;
  }
  return out;
}

/** True for an English word that is a figure (a number word, an ordinal, a month), not content. */
export function isFigureWord(word: string): boolean {
  const w = word.toLowerCase();
  return EN_SMALL.has(w) || EN_TENS.has(w) || EN_ORDINALS.has(w) || EN_SCALES.has(w) || (MONTHS.has(w) && !AMBIGUOUS_MONTHS.has(w)) || w === 'may' || w === 'march';
}

/** Values as set keys: 1e10 and 10000000000 are one key. */
export function figureKey(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
