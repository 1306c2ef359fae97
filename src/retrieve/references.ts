import { parseChineseNumeral, parseEnglishNumber } from '../text/numerals.js';
import type { DirectReference } from '../types.js';

const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20,
};

const ORDINAL_UNITS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9 };
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, twentieth: 20, thirtieth: 30, fortieth: 40 };

/** "12", "twelve", "twelfth", "thirty-one", "twenty first", "十二" → the number; undefined otherwise. */
function toNumber(raw: string): number | undefined {
  const w = raw.toLowerCase().trim();
  if (/^\d+$/u.test(w)) return Number(w);
  if (Object.hasOwn(ORDINALS, w)) return ORDINALS[w];
  const plain = parseEnglishNumber(w);
  if (plain !== undefined) return plain;
  const compound = /^([a-z]+)[\s-]+([a-z]+)$/u.exec(w);
  if (compound && Object.hasOwn(TENS, compound[1]!)) {
    const unit = Object.hasOwn(ORDINAL_UNITS, compound[2]!) ? ORDINAL_UNITS[compound[2]!] : parseEnglishNumber(compound[2]!);
    if (unit !== undefined && unit >= 1 && unit <= 9) return TENS[compound[1]!]! + unit;
  }
  if (Object.hasOwn(TENS, w)) return TENS[w];
  return parseChineseNumeral(w);
}

// Numbers in words. After "paragraph" a cardinal ("paragraph twelve", "para thirty-one"); before it an
// ordinal ("the twelfth paragraph"): "which paragraph first mentions…" and "in one paragraph" are no references.
const UNITS = 'one|two|three|four|five|six|seven|eight|nine';
// "Paragraph one could cite": "one" is a pronoun before a modal verb, not a number.
const MODALS = 'could|would|should|can|might|must|may|will';
const UNIT_ORDINALS = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth';
const EN_CARDINALS = `(?:(?:twenty|thirty)[\\s-]+(?:${UNITS})|${UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)`;
const EN_ORDINALS = `(?:(?:twenty|thirty)[\\s-]+(?:${UNIT_ORDINALS})|${UNIT_ORDINALS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)`;

const NUM = '(\\d{1,3}|[一二三四五六七八九十两]{1,4})';
// Built once: a question is read against these on every request.
const NAMES_A_PARAGRAPH = /[段条点款§¶]|para/iu;
const ZH_FROM_END = new RegExp(`倒数第\\s*${NUM}\\s*(?:(?:个\\s*)?(?:段落|自然段|段)|条)`, 'gu');
const ZH_NUMBERED = new RegExp(`(?<!倒数)第\\s*${NUM}\\s*(?:[至到-]\\s*(?:第\\s*)?${NUM}\\s*)?(?:(?:个\\s*)?(?:段落|自然段|段)|条|点|款)`, 'gu');
const EN_WORD_NUMBER = new RegExp(`(?:\\bparagraphs?|\\bparas?\\.?)\\s+(?:number\\s+)?(${EN_CARDINALS})\\b(?![\\s-]+(?:${UNITS}|${MODALS})\\b)`, 'giu');
const EN_TO_LAST = new RegExp(`\\b(${EN_ORDINALS})[\\s-]+to[\\s-]+last\\s+(?:paragraph|para)\\b`, 'giu');
const EN_ORDINAL_PARAGRAPH = new RegExp(`\\b(${EN_ORDINALS}|\\d{1,2}(?:st|nd|rd|th))\\s+(?:paragraph|para)\\b`, 'giu');

// Chinese words as plain strings, English ones case-blind without the Unicode flag (which makes a
// case-blind scan slow): the same matches as one pattern over both, read faster on every question.
const TITLE_ZH = /标题|题目/;
const TITLE_EN = /\b(?:title|headline|heading)\b/i;
const SOURCE_ZH = /电头|通讯社|播发|出处|消息来源|哪家媒体|发布方/;
const SOURCE_EN = /\b(?:dateline|news agency|source line|wire service|who (?:published|released|issued|put out))\b/i;

/**
 * Finds a direct reference in a question: a paragraph by number ("第7段", "paragraph 7", "§7", "¶ 7",
 * "the last paragraph", "第7至9段"), the title, or the source line. Pure; numbers outside 1..count are reported as `missing`.
 */
export function parseReference(question: string, count: number): DirectReference | undefined {
  const q = question.trim();
  const numbers: number[] = [];
  const missing: number[] = [];
  const addRange = (a: number | undefined, b: number | undefined): void => {
    if (a === undefined) return;
    const end = b ?? a;
    // At most ten paragraphs a question: "第1至31段" is a request to read the statement, not to quote it all.
    for (let n = Math.min(a, end); n <= Math.max(a, end) && numbers.length + missing.length < 10; n++) {
      if (n >= 1 && n <= count) numbers.push(n);
      else missing.push(n);
    }
  };
  // Every paragraph pattern names a paragraph (段, 条, 点, 款, para…, §, ¶): most questions name none and skip them all.
  if (NAMES_A_PARAGRAPH.test(q)) {
    // "倒数第二段": counted from the end.
    for (const m of q.matchAll(ZH_FROM_END)) {
      const n = toNumber(m[1]!);
      if (n !== undefined) addRange(count + 1 - n, undefined);
    }
    for (const m of q.matchAll(ZH_NUMBERED)) {
      addRange(toNumber(m[1]!), m[2] ? toNumber(m[2]) : undefined);
    }
    for (const m of q.matchAll(/段落\s*(\d{1,4})(?!\d)/gu)) addRange(toNumber(m[1]!), undefined);
    for (const m of q.matchAll(EN_WORD_NUMBER)) addRange(toNumber(m[1]!), undefined);
    for (const m of q.matchAll(EN_TO_LAST)) {
      const n = toNumber(m[1]!);
      if (n !== undefined) addRange(count + 1 - n, undefined);
    }
    for (const m of q.matchAll(/(?:\bparagraphs?|\bparas?\.?|§|¶)\s*(\d{1,4})(?!\d)(?:\s*(?:-|–|to|and|&)\s*(\d{1,4})(?!\d))?/giu)) {
      addRange(toNumber(m[1]!), m[2] ? toNumber(m[2]) : undefined);
    }
    for (const m of q.matchAll(EN_ORDINAL_PARAGRAPH)) {
      addRange(toNumber(m[1]!.replace(/^(\d+)(st|nd|rd|th)$/iu, '$1')), undefined);
    }
    if (/\b(penultimate|second[\s-]+(?:to[\s-]+)?last) (?:paragraph|para)\b/iu.test(q)) addRange(count - 1, undefined);
    else if (/(?<!to[\s-])\b(last|final|closing) (?:paragraph|para)\b|最后一段|末段|最后一条/iu.test(q)) addRange(count, undefined);
  }
  if (numbers.length > 0 || missing.length > 0) {
    const unique = [...new Set(numbers)];
    return missing.length > 0 ? { kind: 'paragraph', numbers: unique, missing: [...new Set(missing)] } : { kind: 'paragraph', numbers: unique };
  }
  if (TITLE_ZH.test(q) || TITLE_EN.test(q)) return { kind: 'title' };
  // The source line by what it is; a question naming what only the source line names is read by retrieval.
  if (SOURCE_ZH.test(q) || SOURCE_EN.test(q)) return { kind: 'source' };
  return undefined;
}
