import { describe, expect, it } from 'vitest';
import { countHan, detectLang } from '../../src/text/detect-lang.js';

describe('countHan', () => {
  it.each([
    ['', 0],
    ['plain words', 0],
    ['甲乙丙', 3],
    ['甲 a 乙，丙。', 3],
    ['〇一二', 3],
    ['𠀀𠀁 and 甲', 3], // two characters outside the Basic Multilingual Plane, each two UTF-16 units
  ])('%j holds %i Han characters', (text, count) => {
    expect(countHan(text)).toBe(count);
    expect(countHan(text)).toBe(text.match(/\p{Script=Han}/gu)?.length ?? 0);
  });

  it('reads the same text twice alike (the pattern keeps no state between calls)', () => {
    expect(countHan('甲乙')).toBe(2);
    expect(countHan('甲乙')).toBe(2);
  });
});

describe('detectLang', () => {
  it.each([
    ['甲乙丙丁是什么？', 'zh'],
    ['What is the plan?', 'en'],
    ['What about 甲乙港?', 'en'],
    ['甲乙丙丁的 plan 是什么？', 'zh'],
  ] as const)('%j is %s', (text, lang) => expect(detectLang(text)).toBe(lang));
});
