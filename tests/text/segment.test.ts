import { describe, expect, it } from 'vitest';
import { sentenceOffsets, splitSentences, withoutQuestionWords } from '../../src/text/segment.js';

describe('sentenceOffsets', () => {
  it.each(['双方认为，瓜达尔港是重要节点。双方满意地回顾了“一带一路”。', 'One. Two! Three?', '没有句号的一段', ''])('%j: offsets slice out the sentences', (text) => {
    const spans = sentenceOffsets(text);
    expect(spans.map(({ start, end }) => text.slice(start, end))).toEqual(splitSentences(text));
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });
});

describe('withoutQuestionWords', () => {
  it.each([
    ['欧文什么时候访问雅兰？', '时候'],
    ['合作啥时候启动的？', '时候'],
    ['港口是哪一年建成的？', '一年'],
    ['北湾港有哪些项目？', '哪'],
    ['双方对北湾港有何安排？', '有何'],
    ['签署了何种协议？', '何种'],
  ])('%s: leaves no part of a question word (%s)', (question, part) => {
    expect(withoutQuestionWords(question)).not.toContain(part);
  });
});
