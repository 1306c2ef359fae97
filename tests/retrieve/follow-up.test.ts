import { describe, expect, it } from 'vitest';
import { isElliptical, isFollowUp, resolveFollowUp } from '../../src/retrieve/follow-up.js';
import { analyzeInContext } from '../../src/retrieve/create-retriever.js';

describe('isFollowUp', () => {
  it.each([
    ['那机场呢？', true],
    ['what about the railway?', true],
    ['And the airport?', true],
    ['它的进展如何？', true],
    ['双方在阿富汗问题上同意做什么？', false],
    ['两国航天机构签署了关于什么的合作文件？', false],
    ['What did the two sides agree regarding the timing of implementing the ML-1 railway upgrade?', false],
    ['Which agricultural cooperation projects under CPEC are described as progressing well?', false],
    // Short but complete: a topic of its own, not a reference back.
    ['What is the position on Kashmir?', false],
    ['关于“绿色”发展，声明是怎么说的？', false],
    ['这份联合新闻声明由哪家通讯社播发？', false],
    ['Why?', true],
    ['机场呢', true],
  ])('%s → %s', (q, expected) => expect(isFollowUp(q)).toBe(expected));
});

describe('resolveFollowUp', () => {
  const history = [
    { role: 'user' as const, content: '瓜达尔港有哪些项目？' },
    { role: 'assistant' as const, content: '海水淡化厂、新国际机场……' },
  ];
  it('prefixes a follow-up with the previous user question', () => {
    expect(resolveFollowUp('那机场呢？', history)).toEqual({ resolved: '瓜达尔港有哪些项目？ 那机场呢？', context: '瓜达尔港有哪些项目？' });
  });
  it('leaves standalone questions and questions without history alone', () => {
    expect(resolveFollowUp('双方在阿富汗问题上同意做什么？', history)).toEqual({ resolved: '双方在阿富汗问题上同意做什么？' });
    expect(resolveFollowUp('那机场呢？', [])).toEqual({ resolved: '那机场呢？' });
    expect(resolveFollowUp('那机场呢？', undefined)).toEqual({ resolved: '那机场呢？' });
  });
});

describe('isElliptical: a follow-up without a question of its own keeps the earlier kind', () => {
  it.each([
    ['那机场呢？', true],
    ['医院呢', true],
    ['And the hospital?', true],
    ['What about the new wharf?', true],
    ['Why?', true],
    ['What did he say about the corridors?', false],
    ['他们在反恐方面同意了什么？', false],
    ['What did the two sides agree on the hospital?', false],
  ])('%s → %s', (q, expected) => expect(isElliptical(q)).toBe(expected));
});

describe('analyzeInContext', () => {
  it('an elliptical follow-up asks what the earlier question asked', () => {
    expect(analyzeInContext('那医院呢？', '北湾港新码头什么时候建成？').kind).toBe('when');
    expect(analyzeInContext('And the hospital?', 'When was the new wharf finished?').kind).toBe('when');
  });
  it('a follow-up with a question of its own keeps its own kind', () => {
    expect(analyzeInContext('What did he say about the corridors?', 'When did Owen visit Yalan?').kind).toBe('what');
  });
});
