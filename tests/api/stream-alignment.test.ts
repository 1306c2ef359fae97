import { describe, expect, it } from 'vitest';
import { placeAnswerInStream } from '../../src/api/stream-alignment.js';

describe('placeAnswerInStream', () => {
  it.each<[string, string, string, string]>([
    // name, streamed, answer, the client's text in the end
    ['nothing streamed: the answer is sent', '', '甲[7]。', '甲[7]。'],
    ['streamed as the answer', '甲[7]。乙[9]。', '甲[7]。乙[9]。', '甲[7]。乙[9]。'],
    ['the offline answer after the model failed part way', '模型写了一半\n\n甲[7]。', '甲[7]。', '模型写了一半\n\n甲[7]。'],
    ['a marker dropped at the end', '没有提及[7]。', '没有提及。', '没有提及[7]。'],
    ['a cut trimmed', '甲[7]。乙 ', '甲[7]。乙', '甲[7]。乙 '],
    ['rewritten (footnotes resolved)', '甲[1]。\n[1]: 第7段', '甲[7]。', '甲[1]。\n[1]: 第7段\n\n甲[7]。'],
  ])('%s', (_name, streamed, answer, client) => {
    const p = placeAnswerInStream(streamed, answer);
    const text = streamed + p.append;
    expect(text).toBe(client);
    // Every character of the answer is found where the placement says.
    for (let i = 0; i < answer.length; i++) expect(text[p.startOf(i)]).toBe(answer[i]);
    for (let i = 1; i <= answer.length; i++) expect(text[p.endOf(i) - 1]).toBe(answer[i - 1]);
    expect(text.indexOf(answer[0]!, p.base)).toBe(p.base);
  });

  it('is linear: long texts that share nothing are placed at once', () => {
    const started = performance.now();
    placeAnswerInStream('a'.repeat(200_000), 'b'.repeat(200_000));
    placeAnswerInStream('ab'.repeat(100_000), 'b'.repeat(100_001));
    expect(performance.now() - started).toBeLessThan(200);
  });
});
