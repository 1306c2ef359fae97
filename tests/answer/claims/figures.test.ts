import { describe, expect, it } from 'vitest';
import { extractFigures, figureKey, isFigureWord, parseZhNumeral } from '../../../src/answer/claims/figures.js';

const values = (text: string, claim = true) => extractFigures(text, { claim }).map((f) => f.value);

describe('extractFigures', () => {
  it.each<[string, number[]]>([
    ['签署了30项合作协议', [30]],
    ['提供100亿美元的投资', [1e10]],
    ['10 billion dollars and 1.5 million people', [1e10, 1.5e6]],
    ['1,500 people, 5% growth', [1500, 5]],
    ['2023年10月16日至20日', [2023, 10, 16, 20]],
    ['from 16 to 20 October 2023', [16, 20, 10, 2023]],
    ['第三届论坛', [3]],
    ['the third forum', [3]],
    ['二〇二三年', [2023]],
    ['二十九个项目，两项协议', [29, 2]],
    ['twenty-five projects', [25]],
    ['ten years', [10]],
    ['May 2023', [5, 2023]],
    ['ML-1 railway', [1]],
  ])('%j → %j', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it.each([
    'the constructor of the port',
    'toString and valueOf',
    'hasOwnProperty __proto__ isPrototypeOf propertyIsEnumerable toLocaleString',
    '一个中国原则',
    '两国领导人',
    '进一步加强',
    '十分重视',
    '千方百计',
    '第三方',
    '一带一路',
    'the two sides',
    'one China',
    'for the first time',
    'it may be',
  ])('%j has no figure a claim is held to', (text) => {
    expect(values(text)).toEqual([]);
  });

  it('the paragraph side reads idioms too, to match a claim that writes them as digits', () => {
    expect(values('一个中国 the two sides', false)).toEqual([1, 2]);
  });

  it.each([
    ['二十九', 29],
    ['三百五十', 350],
    ['十', 10],
    ['十二', 12],
    ['两千', 2000],
    ['五万', 50000],
  ])('parseZhNumeral(%j) = %d', (run, n) => {
    expect(parseZhNumeral(run)).toBe(n);
  });

  it('keys equal values equally', () => {
    expect(figureKey(1e10)).toBe(figureKey(100 * 1e8));
  });
});

describe('isFigureWord', () => {
  it.each<[string, boolean]>([
    ['three', true],
    ['Twentieth', true],
    ['billion', true],
    ['October', true],
    ['may', true],
    ['port', false],
    // Names every object inherits are words, not figures.
    ['constructor', false],
    ['toString', false],
    ['valueOf', false],
    ['hasOwnProperty', false],
    ['__proto__', false],
  ])('%j → %j', (word, expected) => {
    expect(isFigureWord(word)).toBe(expected);
  });

  it('the evidence side reads no figure from inherited names either', () => {
    expect(extractFigures('constructor toString valueOf', { claim: false })).toEqual([]);
  });
});
