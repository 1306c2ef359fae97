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

describe('re-exports', () => {
  it('parses, normalises and splits as the claims modules do', () => {
    expect(parseMarkerBody('第7、9段')).toEqual([7, 9]);
    expect(normaliseMarkers('A【第7段】 [99].', GIVEN).text).toBe('A[7].');
    expect(splitAnswerSentences('A [7]. B.')).toEqual(['A [7].', 'B.']);
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
  /** Claim statuses (with reasons), in order; default all supported. */
  readonly claims?: string[];
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
    unsupported: [0],
    claims: ['unsupported:dropped_citation'],
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
    // The sentence whose marker went stays flagged.
    unsupported: [1],
    claims: ['supported', 'unsupported:dropped_citation'],
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
    unsupported: [0],
    claims: ['uncited:no_citation'],
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
    claims: ['supported', 'unsupported:content'],
  },
  {
    name: 'only invalid markers',
    answer: '瓜达尔港很重要 [99]。',
    text: '瓜达尔港很重要。',
    cited: [],
    dropped: [99],
    unsupported: [0],
    claims: ['unsupported:dropped_citation'],
  },
  {
    name: 'a changed figure',
    answer: '访问期间，双方签署了30项合作协议[31]。',
    allowed: new Set([31]),
    text: '访问期间，双方签署了30项合作协议[31]。',
    cited: [31],
    unsupported: [0],
    claims: ['unsupported:number'],
  },
  {
    name: 'an invented figure cited to a paragraph not shown',
    answer: '双方同意加快建设瓜达尔港[7]。中方还将向瓜达尔港提供100亿美元的新投资[12]。',
    text: '双方同意加快建设瓜达尔港[7]。中方还将向瓜达尔港提供100亿美元的新投资。',
    cited: [7],
    dropped: [12],
    unsupported: [1],
    claims: ['supported', 'unsupported:dropped_citation'],
  },
  {
    name: 'a sources footer leaves the claims uncited',
    answer: '瓜达尔港的项目包括：\n- 海水淡化厂\n- 新国际机场\n\n来源：[7]',
    text: '瓜达尔港的项目包括：\n- 海水淡化厂\n- 新国际机场\n\n来源：[7]',
    cited: [7],
    unsupported: [1, 2],
    claims: ['uncited:no_citation', 'uncited:no_citation'],
  },
  {
    name: 'prose references in both languages',
    answer: '声明第7段指出，双方同意加快推进瓜达尔港配套设施建设。According to paragraph 9, a road project is being prepared.',
    text: '声明第7段[7]指出，双方同意加快推进瓜达尔港配套设施建设。According to paragraph 9 [9], a road project is being prepared.',
    cited: [7, 9],
  },
  {
    name: 'a reasoning block with numbers in it',
    answer: '<think>Paragraph 12 mentions 100亿? Maybe [12].</think>双方同意加快推进瓜达尔港配套设施建设[7]。',
    text: '双方同意加快推进瓜达尔港配套设施建设[7]。',
    cited: [7],
  },
  {
    name: 'footnotes',
    answer: '双方同意加快推进瓜达尔港配套设施建设[^1]。\n\n[^1]: 声明第7段',
    text: '双方同意加快推进瓜达尔港配套设施建设[7]。',
    cited: [7],
  },
];

describe('checkCitations', () => {
  it.each(CASES)('$name', (c) => {
    const r = checkCitations({ answer: c.answer, question: Q, paragraphs: statement.paragraphs, allowed: c.allowed ?? GIVEN });
    expect(r.answer).toBe(c.text);
    expect(r.citations.map((x) => x.paragraph)).toEqual(c.cited);
    expect(r.dropped).toEqual(c.dropped ?? []);
    expect(r.unsupported).toEqual(c.unsupported ?? []);
    expect(r.grounded).toBe(c.cited.length > 0 && (c.unsupported ?? []).length === 0);
    const statuses = r.claims.map((x) => (x.reason === undefined ? x.status : `${x.status}:${x.reason}`));
    expect(statuses).toEqual(c.claims ?? statuses.map(() => 'supported'));
    for (const claim of r.claims) {
      expect(r.answer.slice(claim.start, claim.end).length).toBeGreaterThan(0);
      if (claim.status !== 'supported') expect(claim.detail).toBeTruthy();
    }
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
    expect(r.claims.map((c) => c.reason)).toEqual([undefined, 'content']);
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

describe('coverage', () => {
  const check = (answer: string, lang: 'zh' | 'en' = 'zh') =>
    checkCitations({ answer, question: Q, paragraphs: statement.paragraphs, allowed: GIVEN, lang });

  it.each<[string, string, string, number[], boolean]>([
    ['an answer', '双方同意加快推进瓜达尔港配套设施建设[7]。', 'answered', [7], true],
    ['what is missing first, then what is said', '声明没有提及具体金额。双方回顾了瓜达尔港海水淡化厂等项目的进展[7]。', 'partial', [7], true],
    ['both in one sentence', '声明没有提及具体金额，但提到了海水淡化厂[7]。', 'partial', [7], true],
    ['a refusal in its own words', '提供的段落中没有关于核电站的信息。', 'not_covered', [], true],
    ['an English refusal in its own words', "I don't have enough information to answer that.", 'not_covered', [], true],
    ['a refusal with a marker: the marker goes', '声明中没有提及这一点[7]。', 'not_covered', [], true],
    ['a refusal next to an uncited claim', '声明没有提及金额。但瓜达尔港有新机场。', 'not_covered', [], false],
  ])('%s', (_name, answer, coverage, cited, grounded) => {
    const r = check(answer);
    expect(r.coverage).toBe(coverage);
    expect(r.citations.map((c) => c.paragraph)).toEqual(cited);
    expect(r.grounded).toBe(grounded);
    expect(contractProblems(r.answer, r.citations)).toEqual([]);
  });

  it('gives the English of each quote when the paragraph has a rendering', () => {
    const paragraphs = [{ number: 1, text: '双方同意建设新港口。双方将加强农业合作。', en: ['The two sides agreed to build a new port.', 'They will strengthen agricultural cooperation.'] }];
    const r = checkCitations({ answer: '双方将加强农业合作[1]。', question: 'q', paragraphs, allowed: new Set([1]) });
    expect(r.citations).toEqual([{ paragraph: 1, quote: '双方将加强农业合作。', quote_en: 'They will strengthen agricultural cooperation.' }]);
  });

  it('locates every claim in the answer, bullets outside', () => {
    const r = check('要点：\n- 瓜达尔港是重要节点[7]\n- 双方将建设核电站和海军基地[7]');
    expect(r.claims.map((c) => [r.answer.slice(c.start, c.end), c.status, c.paragraphs])).toEqual([
      ['瓜达尔港是重要节点[7]', 'supported', [7]],
      ['双方将建设核电站和海军基地[7]', 'unsupported', [7]],
    ]);
    expect(r.unsupported).toEqual([2]);
  });
});
