import { describe, expect, it } from 'vitest';
import { parseReference } from '../../src/retrieve/references.js';

describe('parseReference', () => {
  it.each([
    ['第7段讲了什么？', { kind: 'paragraph', numbers: [7] }],
    ['第七段讲了什么？', { kind: 'paragraph', numbers: [7] }],
    ['What does paragraph 7 say?', { kind: 'paragraph', numbers: [7] }],
    ['Summarise §7', { kind: 'paragraph', numbers: [7] }],
    ['What is in ¶ 7?', { kind: 'paragraph', numbers: [7] }],
    ['What does the last paragraph say?', { kind: 'paragraph', numbers: [31] }],
    ['最后一段说了什么', { kind: 'paragraph', numbers: [31] }],
    ['第7至9段讲了哪些项目？', { kind: 'paragraph', numbers: [7, 8, 9] }],
    ['paragraphs 7-9', { kind: 'paragraph', numbers: [7, 8, 9] }],
    ['the seventh paragraph', { kind: 'paragraph', numbers: [7] }],
    ['声明的标题是什么？', { kind: 'title' }],
    ['What is the title?', { kind: 'title' }],
    ['这份声明由哪家通讯社播发？', { kind: 'source' }],
    ['What does the dateline say?', { kind: 'source' }],
    ['Which news agency released it?', { kind: 'source' }],
    ['What does paragraph twelve say?', { kind: 'paragraph', numbers: [12] }],
    ['para thirty-one', { kind: 'paragraph', numbers: [31] }],
    ['the twenty-first paragraph', { kind: 'paragraph', numbers: [21] }],
    ['the penultimate paragraph', { kind: 'paragraph', numbers: [30] }],
    ['the third to last paragraph', { kind: 'paragraph', numbers: [29] }],
    ['倒数第二段讲了什么', { kind: 'paragraph', numbers: [30] }],
    ['第十二个段落', { kind: 'paragraph', numbers: [12] }],
    ['段落12说了啥', { kind: 'paragraph', numbers: [12] }],
    ['倒数第二个段落', { kind: 'paragraph', numbers: [30] }],
    ['第三条说了什么', { kind: 'paragraph', numbers: [3] }],
    ['What does paragraph twenty one say?', { kind: 'paragraph', numbers: [21] }],
  ])('%s', (q, expected) => expect(parseReference(q, 31)).toEqual(expected));

  it.each([
    '瓜达尔港有哪些项目？',
    'Which paragraph first mentions the harbour?',
    'Is that said in one paragraph or two?',
    '甲乙两国提出的第二个条件是什么？',
    '第三个点子是谁想的？',
    'Which paragraph one could quote on the harbour?',
  ])('finds no reference in: %s', (q) => {
    expect(parseReference(q, 31)).toBeUndefined();
  });

  it.each([
    ['第40段讲了什么？', [], [40]],
    ['paragraph 0', [], [0]],
    ['§99', [], [99]],
    ['第1段和第99段', [1], [99]],
    ['段落1234', [], [1234]],
    ['paragraph 1234', [], [1234]],
  ])('reports numbers the statement lacks: %s', (q, numbers, missing) => {
    expect(parseReference(q, 31)).toEqual({ kind: 'paragraph', numbers, missing });
  });
});
