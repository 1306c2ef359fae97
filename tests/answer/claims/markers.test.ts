import { describe, expect, it } from 'vitest';
import {
  createMarkerNormaliser,
  matchReference,
  normaliseMarkers,
  parseFootnoteDefinition,
  parseMarkerBody,
} from '../../../src/answer/claims/markers.js';

const GIVEN = new Set([3, 5, 6, 7, 8, 9, 11, 21, 28, 29]);

describe('parseMarkerBody', () => {
  it.each([
    ['7', [7]],
    ['7, 9', [7, 9]],
    ['7，9', [7, 9]],
    ['第七段', [7]],
    ['paragraphs 7 and 9', [7, 9]],
    ['see paragraph 28', [28]],
    ['参看第8段', [8]],
    ['7至9', [7, 8, 9]],
    ['1-9999', Array.from({ length: 41 }, (_, i) => i + 1)],
  ])('%s → %j', (body, expected) => {
    expect(parseMarkerBody(body)).toEqual(expected);
  });

  it.each(['sic', '^7', 'x'.repeat(61), '7'.repeat(61)])('%j is not a marker body', (body) => {
    expect(parseMarkerBody(body)).toBeUndefined();
  });
});

describe('matchReference', () => {
  it.each<[string, boolean, ReturnType<typeof matchReference>]>([
    ['paragraph 28, both', false, { length: 12, numbers: [28] }],
    ['paragraph 28', false, 'partial'],
    ['paragraph 28', true, { length: 12, numbers: [28] }],
    ['paragraphs 3 and 5 say', false, { length: 18, numbers: [3, 5] }],
    ['paragraphs 3, 5 and 7.', false, { length: 21, numbers: [3, 5, 7] }],
    ['paragraph 7, 20 projects', false, { length: 11, numbers: [7] }],
    ['paragraphs 3 to 5 say', false, { length: 17, numbers: [3, 4, 5] }],
    ['paragraphs 3 to 5 ', false, 'partial'],
    ['para. 7 says', false, { length: 7, numbers: [7] }],
    ['¶7 says', false, { length: 2, numbers: [7] }],
    ['paragraph 7 and the', false, { length: 11, numbers: [7] }],
    ['paragraph 7 an', false, 'partial'],
    ['para', false, 'partial'],
    ['paramount', false, 'fail'],
    ['paragraph 1234 ', false, 'fail'],
    ['paragraph 7th', false, 'fail'],
    ['第29段指出', false, { length: 4, numbers: [29] }],
    ['第二十九段，', false, { length: 5, numbers: [29] }],
    ['第29、30段', true, { length: 7, numbers: [29, 30] }],
    ['第7至9段。', false, { length: 5, numbers: [7, 8, 9] }],
    ['第7段落说', false, { length: 4, numbers: [7] }],
    ['第7段', false, 'partial'],
    ['第三届', false, 'fail'],
    ['第一一一一一一', false, 'fail'],
    ['段落12说', false, { length: 4, numbers: [12] }],
  ])('%j (end: %s)', (text, atEnd, expected) => {
    expect(matchReference(text, atEnd)).toEqual(expected);
  });
});

describe('normaliseMarkers', () => {
  it.each([
    ['A [7].', 'A [7].'],
    ['A [7, 9].', 'A [7][9].'],
    ['A【第7段】【第9段】。', 'A[7][9]。'],
    ['A ［７］ 〔8〕.', 'A [7][8].'],
    ['A [7] [7].', 'A [7].'],
    ['A [99].', 'A.'],
    ['A [7][99].', 'A [7].'],
    ['  [99] hello', 'hello'],
    ['x   [99]   y', 'x   y'],
    ['A（第7段）。', 'A[7]。'],
    ['A (para 7).', 'A [7].'],
    ['both agreed (see paragraph 28).', 'both agreed [28].'],
    ['In 2023 (the third forum) [7].', 'In 2023 (the third forum) [7].'],
    ['列表(1)和[sic]保持不变[7]', '列表(1)和[sic]保持不变[7]'],
    ['A [5-7].', 'A [5][6][7].'],
    // Prose references keep their words and gain the marker.
    ['According to paragraph 28, both sides agreed.', 'According to paragraph 28 [28], both sides agreed.'],
    ['According to paragraph 28 [28], both agreed.', 'According to paragraph 28 [28], both agreed.'],
    ['As paragraphs 3 and 5 say, it works.', 'As paragraphs 3 and 5 [3][5] say, it works.'],
    ['声明第29段指出，双方同意。', '声明第29段[29]指出，双方同意。'],
    ['见第29段。', '见第29段[29]。'],
    ['第二十九段提到停火。', '第二十九段[29]提到停火。'],
    ['第三届论坛', '第三届论坛'],
    ['The paragraph 99 says so.', 'The paragraph 99 says so.'],
    // Markers on separate lines stay separate.
    ['A [7]\n[9] B', 'A [7]\n[9] B'],
    // Control characters and bidi overrides go.
    ['瓜达尔港\u0000建设\u202e[7]。', '瓜达尔港建设[7]。'],
    ['Unclosed [7', 'Unclosed [7'],
    ['A [[[7]]] b', 'A [[[7]]] b'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseMarkers(input, GIVEN).text).toBe(expected);
  });

  it('reports dropped numbers once each, and where they were', () => {
    const r = normaliseMarkers('A [99]. B [99][1]. C [7]. According to paragraph 12, D.', GIVEN);
    expect(r.text).toBe('A. B. C [7]. According to paragraph 12, D.');
    expect(r.dropped).toEqual([99, 1, 12]);
    expect(r.droppedAt).toEqual([
      { at: 1, numbers: [99] },
      { at: 4, numbers: [99, 1] },
      { at: 38, numbers: [12] },
    ]);
  });

  it.each([
    ['labels that are paragraph numbers', 'Ports [^7] and more[^21].\n\n[^7]: Paragraph 7.\n[^21]: 第21段', 'Ports [7] and more[21].'],
    ['labels resolved through their definitions', '港口建设[^1]。矿业[^2]。\n\n[^1]: 声明第7段：“……”\n[^2]: Paragraph 8, first sentence.', '港口建设[7]。矿业[8]。'],
    ['a label no definition names', 'A claim [^a].', 'A claim.'],
  ])('footnotes: %s', (_name, input, expected) => {
    expect(normaliseMarkers(input, GIVEN).text).toBe(expected);
  });

  it.each([
    ['声明第21段：“……”', [21]],
    ['Paragraph 8, first sentence.', [8]],
    ['paragraphs 3 and 5', [3]],
    ['21. The two sides…', [21]],
    ['see [9]', [9]],
    ['nothing here', []],
  ])('parseFootnoteDefinition(%j) → %j', (text, expected) => {
    expect(parseFootnoteDefinition(text)).toEqual(expected);
  });
});

describe('createMarkerNormaliser (streaming)', () => {
  const SAMPLES = [
    '双方同意加快推进瓜达尔港配套设施建设【第7段】。双方回顾了海水淡化厂的进展[7, 7]。',
    'According to paragraph 28, both sides agreed [28]. See paragraphs 3 and 5 (see paragraph 9) [99].',
    '   key   [99]   and [7] [8]\n\n[^21]: 第21段',
    '声明第二十九段指出，双方呼吁停火[29]。第三届论坛[5-7]。',
  ];

  it.each(SAMPLES)('streamed in pieces of any size equals the whole-text result: %j', (text) => {
    const whole = normaliseMarkers(text, GIVEN).text;
    for (const size of [1, 2, 3, 7]) {
      const n = createMarkerNormaliser({ valid: GIVEN });
      let out = '';
      for (let i = 0; i < text.length; i += size) out += n.push(text.slice(i, i + size));
      out += n.end();
      // Footnote definitions can only resolve labels at the end; these samples' labels are their numbers.
      expect(out).toBe(whole);
    }
  });

  it('holds back a possible marker and the spaces before it, and nothing else', () => {
    const n = createMarkerNormaliser({ valid: GIVEN });
    expect(n.push('The port is key ')).toBe('The port is key');
    expect(n.push('[9')).toBe('');
    expect(n.push('9] and ')).toBe(' and');
    expect(n.push('more')).toBe(' more');
    expect(n.end()).toBe('');
  });
});
