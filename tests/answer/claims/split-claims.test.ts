import { describe, expect, it } from 'vitest';
import { splitAnswer, splitAnswerSentences } from '../../../src/answer/claims/split-claims.js';

describe('splitAnswerSentences', () => {
  it.each([
    ['双方同意加快建设[7]。双方回顾了项目进展[7]。', ['双方同意加快建设[7]。', '双方回顾了项目进展[7]。']],
    ['双方同意加快建设。[7]双方回顾了项目进展。[7]', ['双方同意加快建设。[7]', '双方回顾了项目进展。[7]']],
    ['The port is a hub. [7] Projects progressed [7].', ['The port is a hub. [7]', 'Projects progressed [7].']],
    ['The D.I. Khan road is planned [9]. It helps 1.5 million people.', ['The D.I. Khan road is planned [9].', 'It helps 1.5 million people.']],
    ['- 海水淡化厂[7]\n- 新国际机场[7]', ['- 海水淡化厂[7]', '- 新国际机场[7]']],
    ['1. First [7]\n2. Second [8]', ['1. First [7]', '2. Second [8]']],
    ['双方同意加快建设。\n[7]', ['双方同意加快建设。\n[7]']],
    ['他说：“好。”然后走了。', ['他说：“好。”', '然后走了。']],
    ['', []],
  ])('%j', (answer, expected) => {
    expect(splitAnswerSentences(answer)).toEqual(expected);
  });
});

describe('splitAnswer', () => {
  const kinds = (answer: string) =>
    splitAnswer(answer).map((s) => [s.kind, answer.slice(s.bodyStart, s.end), s.markers] as const);

  it.each<[string, string, ReadonlyArray<readonly [string, string, readonly number[]]>]>([
    [
      'a lead-in, list items and a sources footer',
      '港口项目包括：\n- 海水淡化厂\n（2）新机场[7]\n\n来源：[7][8]',
      [
        ['lead', '港口项目包括：', []],
        ['claim', '海水淡化厂', []],
        ['claim', '新机场[7]', [7]],
        ['footer', '来源：[7][8]', [7, 8]],
      ],
    ],
    [
      'an English footer naming paragraphs in words',
      'The port grows.\n\nSources: paragraphs 7 and 9 [7][9]',
      [
        ['claim', 'The port grows.', []],
        ['footer', 'Sources: paragraphs 7 and 9 [7][9]', [7, 9]],
      ],
    ],
    [
      'a gap sentence, a partial one and a courtesy',
      '声明没有提及具体金额。双方同意建设港口[7]。希望这对您有帮助！',
      [
        ['gap', '声明没有提及具体金额。', []],
        ['claim', '双方同意建设港口[7]。', [7]],
        ['courtesy', '希望这对您有帮助！', []],
      ],
    ],
    [
      'a heading and a separator',
      '### Projects\n---\nThe port grows [7].',
      [
        ['lead', '### Projects', []],
        ['other', '---', []],
        ['claim', 'The port grows [7].', [7]],
      ],
    ],
  ])('%s', (_name, answer, expected) => {
    expect(kinds(answer)).toEqual(expected);
  });

  it('locates each span in the text', () => {
    const answer = '  - 一项[7]。\n二项。';
    for (const s of splitAnswer(answer)) expect(answer.slice(s.start, s.end).trim()).toBe(answer.slice(s.start, s.end));
    expect(splitAnswer(answer).map((s) => s.plain)).toEqual(['一项。', '二项。']);
  });
});
