import { describe, expect, it } from 'vitest';
import { RENDERING_NOTE } from '../../src/answer/word-answer.js';
import type { Claim } from '../../src/types.js';
import { findQuote, findQuoteRanges, layoutAnswer, splitAnswer, splitRenderingNote } from '../../web/src/answer-text.js';

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

const claim = (start: number, end: number, status: Claim['status'] = 'unsupported'): Claim => ({ start, end, status, paragraphs: [] });

/** Runs as `text` for plain stretches and `{text}` for flagged ones, markers shown as `[n]`. */
function show(answer: string, claims: Claim[]): string {
  return layoutAnswer(answer, claims, upTo31)
    .map((run) => {
      const text = run.parts.map((p) => (p.kind === 'text' ? p.text : `[${p.paragraph}]`)).join('');
      return run.claim ? `{${text}}` : text;
    })
    .join('');
}

describe('layoutAnswer', () => {
  const zh = '双方签署了30项合作协议[31]。双方同意加快建设[7]。另有投资。';
  // 0..17 is the first sentence with its marker and 。, 17..29 the second, 29..34 the third.
  it.each([
    ['no claims', zh, [], zh],
    ['a supported claim is not marked', zh, [claim(0, 17, 'supported')], zh],
    ['an unsupported claim, by its offsets', zh, [claim(0, 17)], '{双方签署了30项合作协议[31]。}双方同意加快建设[7]。另有投资。'],
    ['two flagged claims, in any order', zh, [claim(29, 34, 'uncited'), claim(0, 17)], '{双方签署了30项合作协议[31]。}双方同意加快建设[7]。{另有投资。}'],
    ['an end inside a marker moves past it', zh, [claim(0, 14)], '{双方签署了30项合作协议[31]}。双方同意加快建设[7]。另有投资。'],
    ['a start inside a marker moves past it', zh, [claim(13, 17)], '双方签署了30项合作协议[31]{。}双方同意加快建设[7]。另有投资。'],
    ['overlaps are cut at the earlier claim', zh, [claim(0, 20), claim(17, 29)], '{双方签署了30项合作协议[31]。双方同}{意加快建设[7]。}另有投资。'],
    ['offsets beyond the text are clamped', 'abc', [claim(1, 99)], 'a{bc}'],
    ['an empty claim is skipped', 'abc', [claim(2, 2)], 'abc'],
    ['English with a space before the marker', 'They signed 30 agreements [31]. Fine.', [claim(0, 31)], '{They signed 30 agreements [31].} Fine.'],
  ])('%s', (_name, answer, claims, expected) => {
    expect(show(answer, claims)).toBe(expected);
  });

  it('keeps the flagged claim object on its run', () => {
    const c = { ...claim(0, 17), reason: 'number' as const, detail: '第31段中没有“30”这一数字' };
    const runs = layoutAnswer(zh, [c], upTo31);
    expect(runs[0]?.claim).toBe(c);
    expect(runs[1]?.claim).toBeUndefined();
  });
});

describe('splitRenderingNote', () => {
  it.each([
    ['on its own line', `The two sides agreed [7].\n${RENDERING_NOTE}`, 'The two sides agreed [7].', RENDERING_NOTE],
    ['after a space (partial answers)', `No amount is given. They agreed [7]. ${RENDERING_NOTE}`, 'No amount is given. They agreed [7].', RENDERING_NOTE],
    ['with trailing whitespace', `A [7].\n${RENDERING_NOTE}\n`, 'A [7].', RENDERING_NOTE],
    ['none', 'The two sides agreed [7].', 'The two sides agreed [7].', undefined],
    ['only at the end', `${RENDERING_NOTE} Then more.`, `${RENDERING_NOTE} Then more.`, undefined],
    ['a Chinese answer', '根据声明：双方同意[7]。', '根据声明：双方同意[7]。', undefined],
  ])('%s', (_name, answer, body, note) => {
    expect(splitRenderingNote(answer)).toEqual(note === undefined ? { body } : { body, note });
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

describe('findQuoteRanges', () => {
  const en = 'The two sides met. They agreed on A. They also noted B. Finally C.';
  it.each([
    ['one piece', en, 'They agreed on A.', [{ start: 19, end: 36 }]],
    ['sentences apart, joined with …', en, 'The two sides met. … They also noted B.', [{ start: 0, end: 18 }, { start: 37, end: 55 }]],
    ['joined with ……', '甲。乙。丙。', '甲。……丙。', [{ start: 0, end: 2 }, { start: 4, end: 6 }]],
    ['joined with ...', en, 'They agreed on A. ... Finally C.', [{ start: 19, end: 36 }, { start: 56, end: 66 }]],
    ['pieces in order only', en, 'Finally C. … The two sides met.', [{ start: 56, end: 66 }]],
    ['a piece not found is left out', en, 'The two sides met. … Not there.', [{ start: 0, end: 18 }]],
    ['nothing found', en, 'Nowhere.', []],
  ])('%s', (_name, text, quote, ranges) => {
    expect(findQuoteRanges(text, quote)).toEqual(ranges);
  });
});
