import { describe, expect, it } from 'vitest';
import { checkClaim, statementEvidence } from '../../../src/answer/claims/support.js';
import type { Lexicon, Paragraph } from '../../../src/types.js';

/*
 * A made-up statement with an English rendering (one entry per Chinese sentence) and a small lexicon,
 * so every check can be seen on its own.
 */
const RENDERED: Paragraph[] = [
  {
    number: 1,
    text: '双方同意在青岛港建设两座新码头，总投资50亿元。',
    en: ['The two sides agreed to build two new wharves at Qingdao Port, with a total investment of 5 billion yuan.'],
  },
  {
    number: 2,
    text: '双方签署了12项合作文件。武汉大学将与清华大学开展联合研究。',
    en: ['The two sides signed 12 cooperation documents.', 'Wuhan University will carry out joint research with Tsinghua University.'],
  },
  { number: 3, text: '双方重申支持多边主义，反对单边制裁。', en: ['Both sides reaffirmed their support for multilateralism and opposed unilateral sanctions.'] },
  { number: 4, text: '双方同意加强农业合作，推动农产品贸易。', en: ['The two sides agreed to strengthen agricultural cooperation and promote trade in farm produce.'] },
];
const UNRENDERED: Paragraph[] = RENDERED.map(({ number, text }) => ({ number, text }));

const DICT: Record<string, string[]> = {
  'qingdao port': ['青岛港'],
  port: ['青岛港'],
  wharf: ['码头'],
  wharves: ['码头'],
  build: ['建设'],
  investment: ['投资'],
  sign: ['签署'],
  signed: ['签署'],
  document: ['文件'],
  documents: ['文件'],
  cooperation: ['合作'],
  'wuhan university': ['武汉大学'],
  'tsinghua university': ['清华大学'],
  research: ['研究'],
  joint: ['联合'],
  agriculture: ['农业'],
  agricultural: ['农业'],
  multilateralism: ['多边主义'],
  strengthen: ['加强'],
};
const GLOSS: Record<string, string> = { 青岛港: 'Qingdao Port', 武汉大学: 'Wuhan University', 清华大学: 'Tsinghua University' };
const lexicon: Lexicon = {
  toChinese: (w) => DICT[w.toLowerCase()] ?? [],
  gloss: (zh) => GLOSS[zh],
};

const rendered = statementEvidence(RENDERED);
const unrendered = statementEvidence(UNRENDERED);

interface Case {
  readonly name: string;
  readonly text: string;
  readonly cited: number[];
  readonly reason?: string;
  readonly plain?: boolean;
}

const CASES: Case[] = [
  { name: 'a faithful Chinese claim', text: '双方同意在青岛港建设两座新码头。', cited: [1] },
  { name: 'a Chinese paraphrase', text: '青岛港将新建两座码头，投资总额为50亿元。', cited: [1] },
  { name: 'a changed count', text: '双方签署了20项合作文件。', cited: [2], reason: 'number' },
  { name: 'a changed amount', text: '青岛港码头总投资80亿元。', cited: [1], reason: 'number' },
  { name: 'an amount in the other language', text: 'The wharves cost 5 billion yuan in total.', cited: [1] },
  { name: 'a changed amount in the other language', text: 'The wharves cost 8 billion yuan in total.', cited: [1], reason: 'number' },
  { name: 'a name from another paragraph', text: '武汉大学将参与青岛港建设。', cited: [1], reason: 'entity' },
  { name: 'an English name from another paragraph', text: 'Wuhan University will build the wharves.', cited: [1], reason: 'entity' },
  { name: 'a faithful English claim', text: 'The two sides agreed to build two new wharves at Qingdao Port.', cited: [1] },
  {
    name: 'invented things the statement never mentions',
    text: 'Both sides agreed to build a nuclear power plant and a naval base at Qingdao Port.',
    cited: [1],
    reason: 'content',
  },
  { name: 'invented Chinese things', text: '双方同意在青岛港建设核电站和海军基地。', cited: [1], reason: 'content' },
  { name: 'content of another paragraph', text: '双方同意加强农业合作。', cited: [1], reason: 'content' },
  { name: 'an exact Chinese quote', text: '双方表示“反对单边制裁”。', cited: [3] },
  { name: 'a quote with a word changed', text: '双方表示“坚决反对单边制裁”。', cited: [3], reason: 'quote' },
  { name: 'a quote with an ellipsis', text: '声明说“双方重申……反对单边制裁”。', cited: [3] },
  { name: 'a quote from another paragraph', text: '声明说“推动农产品贸易”。', cited: [3], reason: 'quote' },
  { name: 'an exact English quote of the rendering', text: 'They "opposed unilateral sanctions".', cited: [3] },
  { name: 'an English quote with words inserted', text: 'They "strongly opposed all unilateral sanctions".', cited: [3], reason: 'quote' },
  { name: 'several paragraphs together', text: '双方签署了12项合作文件，并同意加强农业合作。', cited: [2, 4] },
  // Without a rendering: English checked through the lexicon only.
  { name: 'no rendering: a faithful English claim', text: 'The two sides signed 12 cooperation documents.', cited: [2], plain: true },
  { name: 'no rendering: a changed figure', text: 'The two sides signed 15 cooperation documents.', cited: [2], reason: 'number', plain: true },
  { name: 'no rendering: a misplaced name', text: 'Tsinghua University signed the documents.', cited: [1], reason: 'entity', plain: true },
  { name: 'no rendering: a short quoted term is a translation', text: 'They backed "multilateralism".', cited: [3], plain: true },
  {
    name: 'no rendering: a quoted English sentence cannot be the statement\'s wording',
    text: 'They said they "firmly back multilateralism in every forum".',
    cited: [3],
    reason: 'quote',
    plain: true,
  },
];

describe('checkClaim', () => {
  it.each(CASES)('$name', (c) => {
    const verdict = checkClaim({ text: c.text, cited: c.cited, evidence: c.plain ? unrendered : rendered, lexicon, lang: 'en' });
    expect(verdict.supported, verdict.detail).toBe(c.reason === undefined);
    expect(verdict.reason).toBe(c.reason);
    if (c.reason !== undefined) expect(verdict.detail).toMatch(/paragraph/i);
  });

  it('names what did not match, in the reader\'s language', () => {
    expect(checkClaim({ text: '双方签署了20项合作文件。', cited: [2], evidence: rendered, lexicon, lang: 'zh' }).detail).toBe(
      '第2段中没有“20”这一数字',
    );
    expect(checkClaim({ text: 'They signed 20 documents.', cited: [2], evidence: rendered, lexicon, lang: 'en' }).detail).toBe(
      'Paragraph 2 does not give the figure "20"',
    );
  });

  it('checks only quotations in a sentence that says what the statement does not give', () => {
    const gap = '第1段没有提到核电站和海军基地。';
    expect(checkClaim({ text: gap, cited: [1], evidence: rendered, lexicon, lang: 'zh', checks: 'quotes' }).supported).toBe(true);
    expect(checkClaim({ text: gap, cited: [1], evidence: rendered, lexicon, lang: 'zh' }).supported).toBe(false);
  });

  it('a claim about the document rests on its title and source line', () => {
    const doc = statementEvidence([...RENDERED], { title: '青岛港联合声明', source: '（本报10月1日电）' });
    expect(checkClaim({ text: '标题是“青岛港联合声明”。', cited: 'document', evidence: doc, lang: 'zh' }).supported).toBe(true);
    expect(checkClaim({ text: '标题是“南港联合声明”。', cited: 'document', evidence: doc, lang: 'zh' }).reason).toBe('quote');
  });
});
