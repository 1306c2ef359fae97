import { describe, expect, it } from 'vitest';
import { buildBm25 } from '../../src/retrieve/bm25.js';
import { answerType, candidateNames, focusTerm, queryCoverage, textHasAnswerType, topicalShare, unknownNames } from '../../src/retrieve/coverage.js';
import { properNounKind } from '../../src/text/lexicon.js';

describe('answerType', () => {
  it.each([
    ['此次访问期间双方签署的合作协议总金额是多少亿美元？', 'amount'],
    ['中巴两国本币互换协议的规模是多少？', 'amount'],
    ['What was the total value of bilateral trade?', 'amount'],
    ['How much funding will China contribute?', 'amount'],
    ['中巴自贸协定是哪一年签署的？', 'date'],
    ['On what date did Premier Li Qiang meet Prime Minister Kakar?', 'date'],
    ['When is the realignment expected to be completed?', 'date'],
    ['接下来将到中国哪些城市巡展？', 'place'],
    ['Which cities did he visit?', 'place'],
    ['特别投资促进委员会由谁担任负责人？', 'name'],
    ['What is the name of the Pakistani space agency?', 'name'],
    ['Which Pakistani universities will take part?', 'name'],
    ['At whose invitation did Kakar travel to China?', 'name'],
    ['双方在阿富汗问题上同意做什么？', 'other'],
    ['Where does the statement mention Gwadar?', 'other'],
  ])('%s → %s', (q, type) => expect(answerType(q)).toBe(type));
});

describe('textHasAnswerType', () => {
  const evidence = { places: ['北京'], names: ['习近平'] };
  it.each([
    ['签署20项合作协议', 'amount', false],
    ['投资100亿美元', 'amount', true],
    ['于2023年10月16日至20日来华', 'date', true],
    ['双方同意加强合作', 'date', false],
    ['在北京期间', 'place', true],
    ['在故宫博物院', 'place', false],
    ['邀请习近平主席', 'name', true],
    ['两国航天机构', 'name', false],
    ['anything', 'other', true],
  ] as const)('%s as %s → %s', (text, type, expected) => expect(textHasAnswerType(text, type, evidence)).toBe(expected));

  it('lets place and name questions pass without name evidence (older index)', () => {
    expect(textHasAnswerType('两国航天机构', 'name')).toBe(true);
  });
});

describe('candidateNames', () => {
  const kinds = { 北京: 'place', 习近平: 'name', 中国: 'name', 国际月球科研站: 'name' } as const;
  const paragraphCount = { 北京: 1, 习近平: 3, 中国: 20, 国际月球科研站: 1 };
  it('drops names the question contains, names it translates to, and names most paragraphs use', () => {
    const got = candidateNames({ kinds, paragraphCount, question: '除北京外还去了哪些城市', questionTerms: new Set(['国际月球科研站']) });
    expect(got).toEqual({ places: [], names: ['习近平'] });
  });
});

describe('focusTerm', () => {
  it.each([
    ['中巴两国本币互换协议的规模是多少？', '规模'],
    ['每年的开放期是几月到几月？', '开放期'],
    ['明天北京的天气怎么样？', '天气'],
    ['中方的立场是什么？', undefined],
    ['双方在阿富汗问题上同意做什么？', undefined],
  ])('%s → %s', (q, focus) => expect(focusTerm(q)).toBe(focus));
});

describe('properNounKind', () => {
  it.each([
    [[{ pinyin: 'Bei3 jing1', defs: ['Beijing municipality, capital of the PRC'] }], 'place'],
    [[{ pinyin: 'Xi2 Jin4 ping2', defs: ['Xi Jinping (1953–)'] }], 'name'],
    [[{ pinyin: 'cheng2 gong1', defs: ['success'] }, { pinyin: 'Cheng2 gong1', defs: ['Chenggong town'] }], undefined],
    [[], undefined],
  ])('%j → %s', (entries, kind) => expect(properNounKind(entries)).toBe(kind));
});

describe('queryCoverage', () => {
  const index = buildBm25([new Map([['w:港口', 1], ['w:建设', 1]]), new Map([['w:农业', 1]])]);
  it('is the IDF-weighted share of the question found in the paragraph; unknown features count fully', () => {
    expect(queryCoverage(index, new Map([['w:港口', 1]]), 0)).toBe(1);
    expect(queryCoverage(index, new Map([['w:港口', 1]]), 1)).toBe(0);
    const half = queryCoverage(index, new Map([['w:港口', 1], ['w:天气', 1]]), 0);
    expect(half).toBeGreaterThan(0.2);
    expect(half).toBeLessThan(0.5);
    expect(queryCoverage(index, new Map(), 0)).toBe(0);
  });
});

describe('topicalShare', () => {
  const known = new Set(['w:瓜达尔港', 'b:机场', 'e:gwadar']);
  const isKnown = (f: string): boolean => known.has(f);
  it.each([
    ['all Chinese words known', ['瓜达尔港', '机场'], [], [], 1],
    ['an unknown Chinese word', ['瓜达尔港', '天气'], [], [], 0.5],
    ['English words translated or present', [], ['gwadar', 'airport'], ['airport'], 1],
    ['off-topic English', [], ['capital', 'franc'], [], 0],
    ['no content words at all', [], [], [], 1],
  ])('%s', (_name, zh, en, translated, expected) =>
    expect(topicalShare({ chineseWords: zh, englishWords: en, translatedWords: new Set(translated), known: isKnown })).toBe(expected),
  );
});

describe('unknownNames', () => {
  const known = new Set(['Gwadar', 'Kashmir', 'China']);
  it.each([
    ['What is the capital of France?', ['France']],
    ['What did China say about Kashmir?', []],
    ["Where was the 'Like the Fragrant Hills' exhibition held?", []],
    ['France is first in a sentence? Then Gwadar.', []],
  ])('%s', (q, expected) => expect(unknownNames(q, (w) => known.has(w))).toEqual(expected));
});
