import { describe, expect, it } from 'vitest';
import {
  checkCitations,
  normaliseMarkers,
  parseMarkerBody,
  splitAnswerSentences,
} from '../../src/answer/citations.js';
import type { Lexicon } from '../../src/types.js';
import { contractProblems, paragraphText, statement } from './statement-fixture.js';

const ALL = new Set(statement.paragraphs.map((p) => p.number));
const GIVEN = new Set([6, 7, 8, 9, 11]);
const Q = '瓜达尔港有哪些项目？';

describe('parseMarkerBody', () => {
  it.each([
    ['7', [7]],
    ['7, 9', [7, 9]],
    ['7，9', [7, 9]],
    ['7、9', [7, 9]],
    ['第7段', [7]],
    ['第七段', [7]],
    ['第7、9段', [7, 9]],
    ['para 7', [7]],
    ['Para. 7', [7]],
    ['paragraph 7', [7]],
    ['paragraphs 7 and 9', [7, 9]],
    ['¶7', [7]],
    ['§ 7', [7]],
    ['p. 7', [7]],
    ['7-9', [7, 8, 9]],
    ['7–9', [7, 8, 9]],
    ['7至9', [7, 8, 9]],
    ['9-7', [7, 8, 9]],
    ['７', [7]],
    ['段落12', [12]],
    ['见第7段', [7]],
    ['1-9999', Array.from({ length: 41 }, (_, i) => i + 1)],
  ])('%s → %j', (body, expected) => {
    expect(parseMarkerBody(body)).toEqual(expected);
  });

  it.each(['sic', 'Note', 'a', '', '  ', '7a', 'see above', '注', '2023年'])('%j is not a marker', (body) => {
    expect(parseMarkerBody(body)).toBeUndefined();
  });
});

describe('normaliseMarkers', () => {
  it.each([
    ['A [7].', 'A [7].'],
    ['A [7][9].', 'A [7][9].'],
    ['A [7, 9].', 'A [7][9].'],
    ['A【7】。', 'A[7]。'],
    ['A【第7段】【第9段】。', 'A[7][9]。'],
    ['A [7] [7].', 'A [7].'],
    ['A [7][7][9][7].', 'A [7][9].'],
    ['A [99].', 'A.'],
    ['A [7][99].', 'A [7].'],
    ['A [1].', 'A.'],
    ['A（第7段）。', 'A[7]。'],
    ['A (para 7).', 'A [7].'],
    ['In 2023 (the third forum) [7].', 'In 2023 (the third forum) [7].'],
    ['列表(1)和[sic]保持不变[7]', '列表(1)和[sic]保持不变[7]'],
    ['A [7-9].', 'A [7][8][9].'],
    ['A [5-7].', 'A [6][7].'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseMarkers(input, GIVEN).text).toBe(expected);
  });

  it('reports dropped numbers once each', () => {
    expect(normaliseMarkers('A [99]. B [99][1]. C [7].', GIVEN).dropped).toEqual([99, 1]);
  });
});

describe('splitAnswerSentences', () => {
  it.each([
    ['双方同意加快建设[7]。双方回顾了项目进展[7]。', ['双方同意加快建设[7]。', '双方回顾了项目进展[7]。']],
    ['双方同意加快建设。[7]双方回顾了项目进展。[7]', ['双方同意加快建设。[7]', '双方回顾了项目进展。[7]']],
    ['The port is a hub. [7] Projects progressed [7].', ['The port is a hub. [7]', 'Projects progressed [7].']],
    ['The D.I. Khan road is planned [9]. It helps 1.5 million people.', ['The D.I. Khan road is planned [9].', 'It helps 1.5 million people.']],
    ['- 海水淡化厂[7]\n- 新国际机场[7]', ['- 海水淡化厂[7]', '- 新国际机场[7]']],
    ['双方同意加快建设。\n[7]', ['双方同意加快建设。\n[7]']],
    ['', []],
  ])('%j', (answer, expected) => {
    expect(splitAnswerSentences(answer)).toEqual(expected);
  });
});

interface Case {
  readonly name: string;
  readonly answer: string;
  readonly allowed?: ReadonlySet<number>;
  readonly text: string;
  readonly cited: number[];
  readonly dropped?: number[];
  readonly unsupported?: number[];
}

const CASES: Case[] = [
  {
    name: 'valid markers',
    answer: '双方同意加快推进瓜达尔港配套设施建设[7]。双方决心推动D.I.汗—兹霍布公路项目前期准备工作[9]。',
    text: '双方同意加快推进瓜达尔港配套设施建设[7]。双方决心推动D.I.汗—兹霍布公路项目前期准备工作[9]。',
    cited: [7, 9],
  },
  {
    name: 'invented number',
    answer: '瓜达尔港将建设新国际机场[7][99]。',
    text: '瓜达尔港将建设新国际机场[7]。',
    cited: [7],
    dropped: [99],
  },
  {
    name: 'a huge invented number',
    answer: '瓜达尔港很重要[12345]。',
    text: '瓜达尔港很重要。',
    cited: [],
    dropped: [12345],
  },
  {
    name: 'control characters from the model',
    answer: '瓜达尔港\u0000将建设新国际机场\u001b[7]。',
    text: '瓜达尔港将建设新国际机场[7]。',
    cited: [7],
  },
  {
    name: 'number not given to the model',
    answer: '瓜达尔港是互联互通的重要节点[7]。巴方坚定奉行一个中国原则[4]。',
    text: '瓜达尔港是互联互通的重要节点[7]。巴方坚定奉行一个中国原则。',
    cited: [7],
    dropped: [4],
  },
  {
    name: 'duplicates',
    answer: '瓜达尔港海水淡化厂进展良好[7][7]。新国际机场也在推进[7, 7]。',
    text: '瓜达尔港海水淡化厂进展良好[7]。新国际机场也在推进[7]。',
    cited: [7],
  },
  {
    name: 'no markers',
    answer: '瓜达尔港有海水淡化厂和新国际机场等项目。',
    text: '瓜达尔港有海水淡化厂和新国际机场等项目。',
    cited: [],
  },
  {
    name: 'odd forms',
    answer: '瓜达尔港是重要节点【第7段】，1号铁路干线是重要项目[para 8]，公路项目在推进[¶9]，走廊是示范工程[paragraph 6]。',
    text: '瓜达尔港是重要节点[7]，1号铁路干线是重要项目[8]，公路项目在推进[9]，走廊是示范工程[6]。',
    cited: [7, 8, 6, 9].sort((a, b) => [7, 8, 9, 6].indexOf(a) - [7, 8, 9, 6].indexOf(b)),
  },
  {
    name: 'range',
    answer: '交通项目包括瓜达尔港、铁路和公路[7-9]。',
    text: '交通项目包括瓜达尔港、铁路和公路[7][8][9]。',
    cited: [7, 8, 9],
  },
  {
    name: 'range reaching outside the given set',
    answer: '走廊和港口都有进展[5-7]。',
    text: '走廊和港口都有进展[6][7]。',
    cited: [6, 7],
    dropped: [5],
  },
  {
    name: 'Chinese comma list in Chinese brackets',
    answer: '双方同意推进港口和铁路项目【7，8】。',
    text: '双方同意推进港口和铁路项目[7][8]。',
    cited: [7, 8],
  },
  {
    name: 'unsupported claim',
    answer: '瓜达尔港是重要节点[7]。双方宣布联合建设核电站和航天发射场[7]。',
    text: '瓜达尔港是重要节点[7]。双方宣布联合建设核电站和航天发射场[7]。',
    cited: [7],
    unsupported: [1],
  },
  {
    name: 'only invalid markers',
    answer: '瓜达尔港很重要 [99]。',
    text: '瓜达尔港很重要。',
    cited: [],
    dropped: [99],
  },
];

describe('checkCitations', () => {
  it.each(CASES)('$name', (c) => {
    const r = checkCitations({ answer: c.answer, question: Q, paragraphs: statement.paragraphs, allowed: c.allowed ?? GIVEN });
    expect(r.answer).toBe(c.text);
    expect(r.citations.map((x) => x.paragraph)).toEqual(c.cited);
    expect(r.dropped).toEqual(c.dropped ?? []);
    expect(r.grounded).toBe(c.cited.length > 0);
    expect(r.unsupported).toEqual(c.unsupported ?? []);
    expect(contractProblems(r.answer, r.citations)).toEqual([]);
  });

  it('quotes the sentence that supports the claim', () => {
    const r = checkCitations({
      answer: '双方回顾了瓜达尔港海水淡化厂、新国际机场和中巴友谊医院等项目的进展[7]。',
      question: Q,
      paragraphs: statement.paragraphs,
      allowed: GIVEN,
    });
    expect(r.citations).toEqual([
      {
        paragraph: 7,
        quote: '双方满意地回顾了瓜达尔港海水淡化厂、瓜达尔港新国际机场、中巴友谊医院等项目进展情况，重申将瓜达尔港建设成为高质量港口、地区贸易中心和互联互通枢纽。',
      },
    ]);
  });

  it('quotes a contiguous span when several sentences cite different sentences of a paragraph', () => {
    const r = checkCitations({
      answer: '双方同意加快推进瓜达尔港配套设施建设[7]。双方回顾了海水淡化厂和新国际机场的进展[7]。',
      question: Q,
      paragraphs: statement.paragraphs,
      allowed: GIVEN,
    });
    const quote = r.citations[0]!.quote;
    expect(paragraphText(7)).toContain(quote);
    expect(quote).toContain('配套设施建设');
    expect(quote).toContain('海水淡化厂');
  });

  it('falls back to the sentence closest to the question, then to the first sentence', () => {
    const closest = checkCitations({
      answer: 'Yes [7].',
      question: '海水淡化厂',
      paragraphs: statement.paragraphs,
      allowed: GIVEN,
    });
    expect(closest.citations[0]!.quote).toContain('海水淡化厂');
    const first = checkCitations({ answer: 'Yes [7].', question: 'What?', paragraphs: statement.paragraphs, allowed: GIVEN });
    expect(first.citations[0]!.quote).toBe('双方认为，瓜达尔港是地区互联互通的重要节点，同意加快推进瓜达尔港配套设施建设。');
    // Without a lexicon an English sentence cannot be measured, so it is not flagged.
    expect(first.unsupported).toEqual([]);
  });

  it('checks English answers through the lexicon', () => {
    const dict: Record<string, string[]> = {
      'gwadar port': ['瓜达尔港'],
      desalination: ['海水淡化'],
      plant: ['厂', '工厂'],
      airport: ['机场'],
      railway: ['铁路'],
      nuclear: ['核'],
      'power station': ['电站', '发电厂'],
      moon: ['月球'],
    };
    const lexicon: Lexicon = { toChinese: (w) => dict[w.toLowerCase()] ?? [], gloss: () => undefined };
    const r = checkCitations({
      answer:
        'Both sides reviewed progress on the Gwadar Port desalination plant and the new airport [7]. They will build a nuclear power station on the moon [7].',
      question: 'What projects are at Gwadar?',
      paragraphs: statement.paragraphs,
      allowed: GIVEN,
      lexicon,
    });
    expect(r.citations).toHaveLength(1);
    expect(r.citations[0]!.quote).toContain('海水淡化厂');
    expect(r.unsupported).toEqual([1]);
    expect(contractProblems(r.answer, r.citations)).toEqual([]);
  });

  it('keeps every quote an exact substring for every paragraph of the statement', () => {
    for (const p of statement.paragraphs) {
      const r = checkCitations({
        answer: `${p.text.slice(0, 20)}[${p.number}]。某个无关的说法[${p.number}]。`,
        question: p.text.slice(5, 15),
        paragraphs: statement.paragraphs,
        allowed: ALL,
      });
      expect(contractProblems(r.answer, r.citations)).toEqual([]);
      expect(r.citations).toHaveLength(1);
    }
  });

  it('ignores allowed numbers that are not in the statement', () => {
    const r = checkCitations({ answer: 'A [40].', question: Q, paragraphs: statement.paragraphs, allowed: new Set([40]) });
    expect(r).toMatchObject({ answer: 'A.', citations: [], grounded: false, dropped: [40] });
  });
});
