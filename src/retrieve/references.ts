import { parseChineseNumeral } from '../text/numerals.js';
import type { DirectReference } from '../types.js';

const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20,
};

function toNumber(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw);
  return ORDINALS[raw.toLowerCase()] ?? parseChineseNumeral(raw);
}

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
  const NUM = '(\\d{1,3}|[一二三四五六七八九十两]{1,4})';
  for (const m of q.matchAll(new RegExp(`第\\s*${NUM}\\s*(?:[至到-]\\s*(?:第\\s*)?${NUM}\\s*)?(?:段|条|点|款|自然段)`, 'gu'))) {
    addRange(toNumber(m[1]!), m[2] ? toNumber(m[2]) : undefined);
  }
  for (const m of q.matchAll(/(?:\bparagraphs?|\bparas?\.?|§|¶)\s*(\d{1,3})(?:\s*(?:-|–|to|and|&)\s*(\d{1,3}))?/giu)) {
    addRange(toNumber(m[1]!), m[2] ? toNumber(m[2]) : undefined);
  }
  for (const m of q.matchAll(/\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|\d{1,2}(?:st|nd|rd|th))\s+paragraph\b/giu)) {
    addRange(toNumber(m[1]!.replace(/^(\d+)(st|nd|rd|th)$/i, '$1')), undefined);
  }
  if (/\b(last|final|closing) paragraph\b|最后一段|末段|最后一条/iu.test(q)) addRange(count, undefined);
  if (numbers.length > 0 || missing.length > 0) {
    const unique = [...new Set(numbers)];
    return missing.length > 0 ? { kind: 'paragraph', numbers: unique, missing: [...new Set(missing)] } : { kind: 'paragraph', numbers: unique };
  }
  if (/标题|题目|\btitle\b|\bheadline\b|\bheading\b/iu.test(q)) return { kind: 'title' };
  if (/电头|通讯社|播发|出处|消息来源|\bdateline\b|\bnews agency\b|\bxinhua\b|\bsource line\b|\bwire service\b|\bwho (?:published|released|issued)\b/iu.test(q)) {
    return { kind: 'source' };
  }
  return undefined;
}
