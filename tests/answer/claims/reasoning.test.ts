import { describe, expect, it } from 'vitest';
import { createReasoningFilter, stripReasoning } from '../../../src/answer/claims/reasoning.js';
import { createAnswerStream, normaliseAnswer } from '../../../src/answer/claims/normalise-answer.js';

describe('stripReasoning', () => {
  it.each([
    ['<think>Paragraph 12 says 100.</think>双方同意[7]。', '双方同意[7]。'],
    ['<THINK>x</THINK>Answer', 'Answer'],
    ['<thinking>a</thinking>A<reasoning>b</reasoning>B', 'AB'],
    ['Before <think>mid</think>after', 'Before after'],
    ['<think>never closed, all reasoning', ''],
    ['The model put its reasoning first.</think>Answer [7]', 'Answer [7]'],
    ['a < b and <div> stay', 'a < b and <div> stay'],
    ['<thin', '<thin'],
    ['<<think>x</think>y', '<y'],
  ])('%j → %j', (input, expected) => {
    expect(stripReasoning(input)).toBe(expected);
  });
});

describe('createReasoningFilter', () => {
  it('shows nothing of an unclosed block at the start while streaming', () => {
    const f = createReasoningFilter();
    expect(f.push('<th')).toBe('');
    expect(f.push('ink>The user asks about [12] and')).toBe('');
    expect(f.inside).toBe(true);
    expect(f.push(' 100亿.</th')).toBe('');
    expect(f.push('ink>双方')).toBe('双方');
    expect(f.push('同意')).toBe('同意');
    expect(f.end()).toBe('');
  });
});

describe('normaliseAnswer', () => {
  const valid = new Set([7, 8]);

  it('takes reasoning out before reading markers: a number inside it never becomes a citation', () => {
    const r = normaliseAnswer('<think>Maybe paragraph 12, or [12]?</think>双方同意加快建设[7]。', valid);
    expect(r).toEqual({ text: '双方同意加快建设[7]。', dropped: [], cut: false });
  });

  it('cuts at the limit without leaving half a marker', () => {
    const r = normaliseAnswer('abcdef [7] ghi', valid, 9);
    expect(r).toMatchObject({ text: 'abcdef', cut: true });
  });

  it('the stream is a prefix of the final answer, delta by delta', () => {
    const raw = '<think>draft [12]</think>According to paragraph 7, both sides agreed (para 8) [99]. ';
    const stream = createAnswerStream(valid);
    let shown = '';
    for (const ch of raw) {
      shown += stream.push(ch);
      expect(normaliseAnswer(raw, valid).text.startsWith(shown)).toBe(true);
    }
    expect(shown).toBe('According to paragraph 7 [7], both sides agreed [8].');
    expect(normaliseAnswer(raw, valid).text).toBe('According to paragraph 7 [7], both sides agreed [8].');
  });
});
