import { describe, expect, it } from 'vitest';
import { findQuote, splitAnswer } from '../../web/src/answer-text.js';

const upTo31 = (n: number): boolean => n >= 1 && n <= 31;

describe('splitAnswer', () => {
  it.each([
    ['no markers', 'plain', [{ kind: 'text', text: 'plain' }]],
    ['one marker', '港口[7]。', [{ kind: 'text', text: '港口' }, { kind: 'cite', paragraph: 7 }, { kind: 'text', text: '。' }]],
    ['adjacent markers', 'a[7][8]', [{ kind: 'text', text: 'a' }, { kind: 'cite', paragraph: 7 }, { kind: 'cite', paragraph: 8 }]],
    ['a list in one marker', 'a[7, 8]', [{ kind: 'text', text: 'a' }, { kind: 'cite', paragraph: 7 }, { kind: 'cite', paragraph: 8 }]],
    ['full-width brackets', 'a［28］', [{ kind: 'text', text: 'a' }, { kind: 'cite', paragraph: 28 }]],
    ['unknown paragraph stays text', 'a[99] b', [{ kind: 'text', text: 'a[99] b' }]],
    ['not a number', 'a[x]', [{ kind: 'text', text: 'a[x]' }]],
  ])('%s', (_name, answer, parts) => {
    expect(splitAnswer(answer, upTo31)).toEqual(parts);
  });
});

describe('findQuote', () => {
  it.each([
    ['exact', '双方认为，瓜达尔港是节点', '瓜达尔港', { start: 5, end: 9 }],
    ['trimmed', 'abc def', ' def ', { start: 4, end: 7 }],
    ['whitespace-insensitive', 'ab c d', 'bcd', { start: 1, end: 6 }],
    ['absent', 'abc', 'xyz', undefined],
    ['empty', 'abc', '  ', undefined],
  ])('%s', (_name, text, quote, range) => {
    expect(findQuote(text, quote)).toEqual(range);
  });
});
