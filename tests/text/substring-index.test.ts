import { describe, expect, it } from 'vitest';
import { substringIndex } from '../../src/text/substring-index.js';

// A made-up text: Chinese, English in two cases, digits, repeats and a character outside the BMP.
const text = '甲乙两国同意加强丙丁合作。甲乙两国重申友好。\nThe two sides agreed to strengthen Bay and Port cooperation; the 2nd fair.\n𠮷野家 and the second Bay Fair 甲乙';
const index = substringIndex(text);

/** Every start of needle in text by indexOf, overlapping ones included. */
function indexOfAll(haystack: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    out.push(at);
    if (needle.length === 0 && at >= haystack.length) break;
  }
  return out;
}

describe('exact substring search by an index', () => {
  it.each([
    '甲乙', '甲乙两国', '两国同意加强丙丁合作', '丙丁合作。甲', '乙丙', '戊', '甲', 'Bay', 'bay', 'Bay and Port', 'and', 'the second Bay Fair',
    'the third Bay Fair', 'e t', 'ee', '2nd', '𠮷', '𠮷野', '\n', '。\nThe', 'a', 'zz', 'Fair 甲乙', 'Fair 甲乙丙', 'cooperation; the 2nd fair.',
  ])('finds %j where includes and indexOf do', (needle) => {
    expect(index.includes(needle)).toBe(text.includes(needle));
    expect(index.positionsOf(needle)).toEqual(indexOfAll(text, needle));
  });

  it('agrees with includes on every substring of the text, and on each with one unit changed', () => {
    for (let i = 0; i < text.length; i += 3) {
      for (const len of [1, 2, 3, 4, 7, 12, 30]) {
        const needle = text.slice(i, i + len);
        expect(index.includes(needle)).toBe(true);
        const changed = `${needle.slice(0, -1)}#`;
        expect(index.includes(changed)).toBe(text.includes(changed));
      }
    }
  });

  it('finds overlapping occurrences', () => {
    const repeated = substringIndex('aaaaa');
    expect(repeated.positionsOf('aaa')).toEqual([0, 1, 2]);
    expect(repeated.positionsOf('aa')).toEqual([0, 1, 2, 3]);
  });

  it('treats the empty needle as includes does', () => {
    expect(index.includes('')).toBe(true);
    expect(substringIndex('').includes('a')).toBe(false);
    expect(substringIndex('').includes('abc')).toBe(false);
  });
});
