import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asWritten, createExtractiveAnswerer, trimEndPunctuation } from '../../src/answer/extractive.js';
import {
  bestClauseWindow,
  chineseConcepts,
  createIdf,
  detectIntent,
  dropExcluded,
  englishConcepts,
  questionTopic,
  scoreText,
  splitParagraphUnits,
  splitQuestion,
  weighConcepts,
} from '../../src/answer/extractive-score.js';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import type { AnswerResult, DirectReference, Lang, Lexicon, Retrieval } from '../../src/types.js';

const statement = parseStatement(readFileSync(new URL('../../data/statement.zh.txt', import.meta.url), 'utf8'));
const paragraphText = (n: number): string => statement.paragraphs.find((p) => p.number === n)?.text ?? '';

// A small stand-in for the CC-CEDICT lexicon: a few English words and their document terms.
const DICTIONARY: Record<string, { zh: string[]; gloss?: string }> = {
  gwadar: { zh: ['瓜达尔港', '瓜达尔'] },
  'gwadar port': { zh: ['瓜达尔港'] },
  port: { zh: ['港口', '口岸'] },
  airport: { zh: ['机场'] },
  'speed up': { zh: ['加快'] },
  facilities: { zh: ['设施'] },
  kashmir: { zh: ['克什米尔'] },
  terrorism: { zh: ['恐怖主义'] },
  mining: { zh: ['矿业'] },
  cooperation: { zh: ['合作'] },
  areas: { zh: ['领域'] },
  strengthen: { zh: ['加强'] },
};
const GLOSSES: Record<string, string> = {
  瓜达尔港: 'Gwadar Port',
  机场: 'airport',
  加快: 'to accelerate',
  配套设施: 'supporting facilities',
  克什米尔: 'Kashmir',
  矿业: 'mining industry',
  地质调查: 'geological survey',
  中华人民共和国: "People's Republic of China",
};
const fakeLexicon: Lexicon = {
  toChinese: (english) => DICTIONARY[english.toLowerCase()]?.zh ?? [],
  gloss: (chinese) => GLOSSES[chinese],
};

const answerer = createExtractiveAnswerer({ statement, lexicon: fakeLexicon });

function retrieval(question: string, lang: Lang, paragraphs: number[], extra: { covered?: boolean; reference?: DirectReference } = {}): Retrieval {
  return {
    question,
    resolvedQuestion: question,
    lang,
    retrieved: paragraphs.map((paragraph, i) => ({ paragraph, score: 0.9 - i * 0.08 })),
    covered: extra.covered ?? true,
    ...(extra.reference ? { reference: extra.reference } : {}),
  };
}

function ask(question: string, lang: Lang, paragraphs: number[], extra: { covered?: boolean; reference?: DirectReference } = {}): AnswerResult {
  const r = retrieval(question, lang, paragraphs, extra);
  const result = answerer.answer(r, { question });
  expectContract(result, r);
  return result;
}

const markersOf = (answer: string): number[] => [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));

/** The API.md rules every answer must keep, whatever the question. */
function expectContract(result: AnswerResult, r: Retrieval): void {
  expect(result.mode).toBe('extractive');
  expect(result.retrieved).toEqual(r.retrieved);
  for (const c of result.citations) {
    expect(paragraphText(c.paragraph), `quote of [${c.paragraph}]`).toContain(c.quote);
    expect(c.quote.length).toBeGreaterThan(0);
  }
  const markers = markersOf(result.answer);
  const cited = result.citations.map((c) => c.paragraph);
  expect(new Set(cited).size).toBe(cited.length);
  expect([...new Set(markers)].sort((a, b) => a - b)).toEqual([...cited].sort((a, b) => a - b));
  if (result.refused) {
    expect(result.citations).toEqual([]);
    expect(markers).toEqual([]);
  }
  if (result.citations.length > 0) expect(result.grounded).toBe(true);
}

describe('createExtractiveAnswerer — Chinese questions', () => {
  it.each([
    {
      question: '双方同意加快推进瓜达尔港的什么建设？',
      retrieved: [7, 6, 19, 8, 10],
      cites: [7],
      words: ['配套设施建设'],
    },
    {
      question: '双方同意在哪些领域加强中巴矿业合作？',
      retrieved: [12, 31, 13, 11, 14],
      cites: [12],
      words: ['地质调查', '地矿联合研究', '人才培训', '矿业产业园区规划'],
    },
    {
      question: '除台湾问题外，巴方还在哪些问题上表示坚定支持中国？',
      retrieved: [4, 27, 3, 22, 26],
      cites: [4],
      words: ['南海', '涉港', '涉疆', '涉藏'],
    },
    {
      question: '双方重申，什么是中巴关系的核心？',
      retrieved: [2, 3, 4, 26, 11],
      cites: [2],
      words: ['相互信任'],
    },
    {
      question: '声明中哪些地方涉及恐怖主义问题？分别是怎么表述的？',
      retrieved: [23, 4, 26, 29, 24],
      cites: [4, 23],
      words: ['打击恐怖主义', '谴责一切形式的恐怖主义'],
    },
    {
      question: '在巴基斯坦农产品对华出口方面，今年已取得哪些准入成果？访问期间签署的协议是否也涉及这一领域？',
      retrieved: [18, 31, 16, 13, 11],
      cites: [18, 31],
      words: ['鲜食樱桃', '巴农产品输华'],
    },
    {
      question: '关于航天领域，声明在双方共识和访问期间签署的协议中分别提到了什么？',
      retrieved: [31, 21, 2, 11, 8],
      cites: [21, 31],
      words: ['国际月球科研站', '航天合作'],
    },
  ])('$question', ({ question, retrieved, cites, words }) => {
    const result = ask(question, 'zh', retrieved);
    expect(result.refused).toBe(false);
    expect(result.grounded).toBe(true);
    expect(result.citations.map((c) => c.paragraph).sort((a, b) => a - b)).toEqual(cites);
    for (const w of words) expect(result.answer).toContain(w);
    expect(result.answer).not.toMatch(/[A-Za-z]{4,}/); // a Chinese answer
  });

  it('opens with a short lead and puts the marker before the full stop', () => {
    const result = ask('双方同意加快推进瓜达尔港的什么建设？', 'zh', [7, 6, 19, 8, 10]);
    expect(result.answer).toMatch(/^根据声明：.*瓜达尔港配套设施建设\[7\]。$/u);
  });

  it('leaves out the topic a question sets aside', () => {
    const result = ask('除台湾问题外，巴方还在哪些问题上表示坚定支持中国？', 'zh', [4, 27, 3, 22, 26]);
    expect(result.answer).not.toContain('台湾独立');
  });

  it('lists the places in document order for "哪些地方…分别" questions', () => {
    const result = ask('声明中哪些地方涉及恐怖主义问题？分别是怎么表述的？', 'zh', [23, 4, 26, 29, 24]);
    expect(result.answer.startsWith('声明中有2处相关表述：')).toBe(true);
    expect(result.answer.indexOf('[4]')).toBeLessThan(result.answer.indexOf('[23]'));
  });
});

describe('createExtractiveAnswerer — English questions', () => {
  it('frames the Chinese quote in English and glosses the matched terms', () => {
    const result = ask('What did the two sides agree to speed up at Gwadar Port?', 'en', [7, 10, 5, 16, 3]);
    expect(result.citations.map((c) => c.paragraph)).toEqual([7]);
    expect(result.answer).toMatch(/^Paragraph 7 of the statement says: ".*瓜达尔港配套设施建设.*" \[7\]/u);
    expect(result.answer).toContain('瓜达尔港 = Gwadar Port');
  });

  it('answers a question about the new airport from the sentence that names it', () => {
    const result = ask('Which new airport at Gwadar is mentioned?', 'en', [7, 10, 5, 16, 3]);
    expect(result.citations.map((c) => c.paragraph)).toEqual([7]);
    expect(result.answer).toContain('瓜达尔港新国际机场');
  });

  it('quotes a whole enumerating sentence for a list question', () => {
    const result = ask('In which areas did the two sides agree to strengthen mining cooperation?', 'en', [12, 31, 13, 5, 27]);
    expect(result.citations.map((c) => c.paragraph)).toEqual([12]);
    for (const w of ['地质调查', '地矿联合研究', '人才培训', '矿业产业园区规划']) expect(result.answer).toContain(w);
  });

  it('cites each paragraph for a "where does the statement…" question', () => {
    const result = ask('Where does the statement mention terrorism?', 'en', [23, 4, 26, 29, 24]);
    expect(result.citations.map((c) => c.paragraph).sort((a, b) => a - b)).toEqual([4, 23]);
    expect(result.answer).toMatch(/^The statement addresses this in 2 paragraphs:/u);
  });

  it('falls back to the best retrieved paragraph when no word of the question can be matched', () => {
    const result = ask('What about the weather?', 'en', [19, 7, 8, 9, 10]);
    expect(result.citations.map((c) => c.paragraph)).toEqual([19]);
    expect(result.refused).toBe(false);
  });
});

describe('createExtractiveAnswerer — refusals', () => {
  it.each([
    { lang: 'zh' as const, question: '此次访问期间双方签署的合作协议总金额是多少亿美元？', text: '声明中没有提及这一点。与之最接近的是第31段、第21段。' },
    { lang: 'en' as const, question: 'How much money did China provide for flood reconstruction?', text: 'The statement does not cover this. The closest paragraphs are 31 and 21.' },
  ])('refuses in the language of the question ($lang), without markers', ({ lang, question, text }) => {
    const result = ask(question, lang, [31, 21, 11, 20, 18], { covered: false });
    expect(result.refused).toBe(true);
    expect(result.citations).toEqual([]);
    expect(result.answer).toBe(text);
    expect(result.answer).not.toMatch(/\[\d+\]/);
  });
});

describe('createExtractiveAnswerer — direct references', () => {
  it('quotes a short paragraph whole', () => {
    const result = ask('第7段讲了什么？', 'zh', [7, 8, 6, 9, 10], { reference: { kind: 'paragraph', numbers: [7] } });
    expect(result.citations).toEqual([{ paragraph: 7, quote: trimEndPunctuation(paragraphText(7)) }]);
    expect(result.answer.startsWith('第7段：')).toBe(true);
  });

  it('quotes the opening of a long paragraph', () => {
    const result = ask('What does paragraph 27 say?', 'en', [27, 26, 5, 3, 4], { reference: { kind: 'paragraph', numbers: [27] } });
    expect(result.citations).toHaveLength(1);
    expect(paragraphText(27).startsWith(result.citations[0]?.quote ?? '-')).toBe(true);
    expect(result.citations[0]?.quote.length).toBeLessThan(paragraphText(27).length);
    expect(result.answer).toMatch(/^Paragraph 27 reads: "/u);
  });

  it('quotes several paragraphs, one citation each', () => {
    const result = ask('第28段和第29段分别说了什么？', 'zh', [28, 29, 22, 4, 5], { reference: { kind: 'paragraph', numbers: [28, 29] } });
    expect(result.citations.map((c) => c.paragraph)).toEqual([28, 29]);
  });

  it('says so when the paragraph does not exist', () => {
    const result = ask('第40段讲了什么？', 'zh', [1, 2, 3, 4, 5], { reference: { kind: 'paragraph', numbers: [40] } });
    expect(result.refused).toBe(true);
    expect(result.answer).toContain('共有31段');
  });

  it.each([
    { lang: 'zh' as const, question: '声明的标题是什么？', kind: 'title' as const, text: statement.title },
    { lang: 'zh' as const, question: '这份声明由哪家通讯社播发？', kind: 'source' as const, text: statement.source },
    { lang: 'en' as const, question: 'What is the title of the statement?', kind: 'title' as const, text: statement.title },
  ])('answers $kind questions from the document itself ($lang)', ({ lang, question, kind, text }) => {
    const result = ask(question, lang, [25, 14, 26, 22, 12], { reference: { kind } });
    expect(result.answer).toContain(text);
    expect(result.citations).toEqual([]);
    expect(result.refused).toBe(false);
    expect(result.grounded).toBe(true);
  });

  it('glosses the title in English', () => {
    const result = ask('What is the title of the statement?', 'en', [25, 14, 26, 22, 12], { reference: { kind: 'title' } });
    expect(result.answer).toContain("中华人民共和国 = People's Republic of China");
  });

  it('adds the paragraph that spells out the full names for a names question', () => {
    const result = ask('According to its title, what are the full official names of the two countries?', 'en', [4, 23, 1, 30, 2], {
      reference: { kind: 'title' },
    });
    expect(result.citations.map((c) => c.paragraph)).toEqual([1]);
    expect(result.answer).toContain('巴基斯坦伊斯兰共和国');
  });
});

describe('createExtractiveAnswerer — contract on every paragraph', () => {
  it.each(statement.paragraphs.map((p) => p.number))('a question from paragraph %i keeps quotes exact and markers one to one', (n) => {
    const question = `${paragraphText(n).slice(2, 16)}是什么？`;
    const others = [n, ...[1, 2, 3, 4, 5, 6].filter((x) => x !== n)].slice(0, 6);
    const result = ask(question, 'zh', others);
    expect(result.citations.map((c) => c.paragraph)).toContain(n);
  });
});

describe('sentence scoring pieces', () => {
  const units = statement.paragraphs.flatMap(splitParagraphUnits);
  const idf = createIdf(units.map((u) => u.text));

  it('splits paragraphs into sentences that are exact slices', () => {
    for (const u of units) expect(paragraphText(u.paragraph).slice(u.start, u.end)).toBe(u.text);
    expect(splitParagraphUnits(statement.paragraphs[6]!).map((u) => u.index)).toEqual([0, 1]);
  });

  it('keeps only the longest words of a question, plus bigrams, without question words', () => {
    const keys = chineseConcepts('巴基斯坦有哪些项目？').map((c) => c.key);
    expect(keys).toContain('w:巴基斯坦');
    expect(keys).not.toContain('w:基斯坦');
    expect(keys).not.toContain('w:哪些');
    expect(keys).toContain('b:斯坦');
  });

  it('maps English words and phrases through the lexicon, longest first', () => {
    const concepts = englishConcepts('What about Gwadar Port and its airport?', fakeLexicon);
    expect(concepts.map((c) => c.key)).toEqual(expect.arrayContaining(['e:gwadar port', 'e:airport']));
    expect(concepts.map((c) => c.key)).not.toContain('e:port');
  });

  it('weighs rare terms above common ones', () => {
    expect(idf('瓜达尔港')).toBeGreaterThan(idf('双方'));
    expect(idf('不存在的词')).toBe(0);
  });

  it('scores coverage of the question, checking two-character translations as whole words', () => {
    const concepts = weighConcepts([{ key: 'e:china', variants: ['国航'], boost: 1, wholeWord: true }], () => 1);
    expect(scoreText('两国航天机构', concepts, new Set(['两国', '航天', '机构'])).coverage).toBe(0);
    expect(scoreText('国航', concepts, new Set(['国航'])).coverage).toBe(1);
  });

  it('cuts a very long sentence to the clauses that answer, as an exact slice', () => {
    const sentence = units.find((u) => u.paragraph === 26)?.text ?? '';
    const concepts = weighConcepts(chineseConcepts('两国是否反对霸权主义？'), idf);
    const w = bestClauseWindow(sentence, concepts);
    const slice = sentence.slice(w.start, w.end);
    expect(slice).toContain('反对霸权主义和强权政治');
    expect(slice.length).toBeLessThan(sentence.length / 2);
  });

  it.each([
    ['双方同意在哪些领域加强中巴矿业合作？', 'zh', { list: true, multi: false }],
    ['声明中哪些地方涉及恐怖主义问题？', 'zh', { list: true, multi: true }],
    ['双方重申，什么是中巴关系的核心？', 'zh', { list: false, multi: false }],
    ['Where does the statement mention terrorism?', 'en', { multi: true }],
    ['Which projects at Gwadar are mentioned?', 'en', { list: true, multi: false }],
  ] as const)('detects the intent of %s', (question, lang, expected) => {
    expect(detectIntent(question, lang)).toMatchObject(expected);
  });

  it('drops excluded topics and finds announced ones', () => {
    expect(dropExcluded('除台湾问题外，巴方还在哪些问题上表示坚定支持中国？')).not.toContain('台湾');
    expect(dropExcluded('Besides Taiwan, which issues are named?')).not.toMatch(/Taiwan/);
    expect(dropExcluded('Can countries other than China invest?')).not.toMatch(/China/);
    expect(questionTopic('关于航天领域，声明分别提到了什么？')).toBe('航天');
    expect(questionTopic('双方同意什么？')).toBeUndefined();
  });

  it('splits a question into its parts', () => {
    expect(splitQuestion('中巴经济走廊启动多少年了？目前进入了什么阶段？')).toHaveLength(2);
    expect(splitQuestion('What did they agree, and what do they aim for?')).toHaveLength(2);
    expect(splitQuestion('双方同意什么？')).toHaveLength(1);
  });
});

describe('asWritten', () => {
  it.each([
    ['gwadar port', 'What about Gwadar Port?', 'Gwadar Port'],
    ['kashmir', 'What is the position on Kashmir?', 'Kashmir'],
    ['ml-1', 'What about the ML-1 railway?', 'ML-1'],
    ['absent', 'Nothing here', 'absent'],
  ])('%s in %s → %s', (phrase, question, expected) => expect(asWritten(phrase, question)).toBe(expected));
});

describe('createExtractiveAnswerer — sentences that answer equally well', () => {
  it('quotes both sentences of a paragraph that name the asked-about topic alike', () => {
    const result = ask('What is the position on Kashmir?', 'en', [22, 4, 26, 27, 5]);
    expect(result.citations.map((c) => c.paragraph)).toEqual([22]);
    expect(result.answer).toContain('克什米尔问题是历史遗留下来的长期争议');
  });
});
