import { beforeAll, describe, expect, it } from 'vitest';
import { createExtractiveAnswerer, type ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { RENDERING_NOTE } from '../../src/answer/word-answer.js';
import type { AnswerResult, HistoryTurn } from '../../src/types.js';
import { madeUpRetriever, madeUpStatement } from '../helpers/made-up-statement.js';

type Ask = (question: string, history?: HistoryTurn[]) => Promise<AnswerResult>;
const statement = madeUpStatement();
const textOf = (n: number): string => statement.paragraphs.find((p) => p.number === n)?.text ?? '';

async function asker(withRendering = true): Promise<Ask> {
  const retriever = await madeUpRetriever(withRendering);
  const answerer: ExtractiveAnswerer = createExtractiveAnswerer({ context: retriever.context });
  return async (question, history) => {
    const r = await retriever.retrieve(history ? { question, history } : { question });
    const result = answerer.answer(r, { question });
    // The contract, on every answer: markers ↔ citations one to one, exact quotes, refused = not answered.
    const markers = [...new Set([...result.answer.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1])))].sort();
    expect(markers).toEqual(result.citations.map((c) => c.paragraph).sort());
    for (const c of result.citations) expect(textOf(c.paragraph)).toContain(c.quote);
    expect(result.refused).toBe(result.coverage !== 'answered');
    if (result.coverage === 'not_covered') expect(result.citations).toEqual([]);
    return result;
  };
}

let ask: Ask;
let askPlain: Ask;
beforeAll(async () => {
  ask = await asker();
  askPlain = await asker(false);
});

const cited = (r: AnswerResult): number[] => r.citations.map((c) => c.paragraph);
const CJK = /\p{Script=Han}/gu;

describe('answered, in the language of the question', () => {
  it('quotes the sentence that answers a Chinese question', async () => {
    const r = await ask('北湾港有哪些项目？');
    expect(r).toMatchObject({ coverage: 'answered', lang: 'zh', mode: 'extractive' });
    expect(cited(r)).toEqual([3]);
    expect(r.answer).toContain('新码头');
  });
  it('answers an English question from the rendering, in English, with both quotes', async () => {
    const r = await ask('Which projects at North Bay Port did the two sides review?');
    expect(r).toMatchObject({ coverage: 'answered', lang: 'en' });
    expect(cited(r)).toEqual([3]);
    expect(r.answer).toContain('desalination plant');
    expect(r.answer.match(CJK)).toBeNull();
    expect(r.answer).toContain(RENDERING_NOTE);
    expect(r.citations[0]?.quote_en).toContain('desalination plant');
  });
  it('finds a sentence said in other words through its paraphrases', async () => {
    const r = await ask('What about the water plant?');
    expect(cited(r)).toEqual([3]);
  });
  it('answers "when" from the sentence with the date', async () => {
    const r = await ask('欧文首相是哪天来的？');
    expect(cited(r)).toEqual([1]);
    expect(r.answer).toContain('2031年5月3日');
  });
  it('tells who did what to whom', async () => {
    expect(cited(await ask('谁邀请了欧文？'))).toEqual([1]);
    expect(cited(await ask('Who invited Owen?'))).toEqual([1]);
  });
});

describe('questions listing several subjects', () => {
  it.each([
    ['声明里关于北湾港、反恐和农业都说了哪些？', [3, 5, 6]],
    ['What does the statement say about North Bay Port, terrorism and agriculture?', [3, 5, 6]],
  ])('answers every part of the list: %s', async (q, paragraphs) => {
    expect(cited(await ask(q)).sort((a, b) => a - b)).toEqual(paragraphs);
  });
});

describe('counts', () => {
  it.each([
    ['双方决心建设几条走廊？', /4条走廊/u, 4],
    ['How many corridors will the two sides build?', /four corridors/u, 4],
    ['双方签署了多少项协议？', /12项协议/u, 6],
    ['有几位领导人同欧文首相会见或会谈？', /2位领导人/u, 2],
    ['How many leaders met or held talks with Prime Minister Owen?', /two leaders/u, 2],
    // A noun that only counts the items of a list: what the sentence lists is counted.
    ['双方决心建设的走廊一共有几项内容？', /4项内容/u, 4],
    ['How many things are the two sides determined to build?', /four/u, 4],
  ])('%s states the count', async (q, count, paragraph) => {
    const r = await ask(q);
    expect(r.coverage).toBe('answered');
    expect(r.answer).toMatch(count);
    expect(cited(r)).toContain(paragraph);
  });
});

describe('partial: the statement speaks of the subject, not of the detail asked', () => {
  it.each([
    ['海水淡化厂每天能产多少吨淡水？', /^声明没有/u],
    ['友谊医院什么时候建成？', /^声明没有给出具体日期/u],
    ['What is the daily capacity of the desalination plant?', /^The statement does not give the daily capacity/u],
    ['How much will the new wharf cost?', /^The statement gives no amount/u],
    ['新码头在哪个城市？', /^声明没有提及具体城市/u],
  ])('%s', async (q, lead) => {
    const r = await ask(q);
    expect(r.coverage).toBe('partial');
    expect(r.answer).toMatch(lead);
    expect(cited(r)).toEqual([3]);
  });
});

describe('partial: a person or a city asked for, none named', () => {
  it.each([
    ['Who heads the desalination plant project?', [3]],
    ['北湾港配套设施建设由谁牵头？', [3]],
    ['Which Berto cities will the new wharf serve?', [3]],
  ])('%s', async (q, paragraphs) => {
    const r = await ask(q);
    expect(r.coverage).toBe('partial');
    expect(cited(r)).toEqual(paragraphs);
  });
});

describe('not covered: says so, cites nothing', () => {
  it.each([
    ['火星探测器什么时候发射？', '声明中没有提及这一点。'],
    ['What did Dingland say about the talks?', 'The statement does not cover this.'],
    ['丁国对此有何反应？', '声明中没有提及这一点。'],
    ['recipe for noodle soup?', 'The statement does not cover this.'],
    // A year after the latest the statement names: it cannot speak of what happened then.
    ['2035年双方在北湾港签了什么协议？', '声明中没有提及这一点。'],
    ['What happened at North Bay Port in 2036?', 'The statement does not cover this.'],
    // A foreign name spelled as such names are, which neither the statement nor the dictionary knows.
    ['卡扎菲对北湾港项目说了什么？', '声明中没有提及这一点。'],
    // A thing the question asks whether the statement speaks of, none of whose words it knows.
    ['Did Lin An and Owen talk about football at all?', 'The statement does not cover this.'],
    ['声明里有没有提到高铁？', '声明中没有提及这一点。'],
    // Two countries by their abbreviations, a pair the statement never writes.
    ['双方对俄乌合作说了什么？', '声明中没有提及这一点。'],
    // A dictionary name written in lower case, without its bracketed abbreviation, spelt "-isation".
    ['does the statement mention the sea trade organisation?', 'The statement does not cover this.'],
    // A name the statement knows only inside a longer word ("Tran" in "transport").
    ['What did Tran say about the corridors?', 'The statement does not cover this.'],
  ])('%s', async (q, answer) => {
    const r = await ask(q);
    expect(r).toMatchObject({ coverage: 'not_covered', answer, citations: [] });
  });
});

describe('covered although they look like the cases above', () => {
  it.each([
    ['2031年欧文首相访问了哪里？', [1]],
    ['What did the two sides sign in 2031?', [6]],
    ['Did Lin An and Owen talk about the desalination plant?', [3]],
    ['What did they say about North Bay-related projects?', [3]],
  ])('%s', async (q, paragraphs) => {
    const r = await ask(q);
    expect(r.coverage).not.toBe('not_covered');
    expect(cited(r)).toEqual(paragraphs);
  });
});

describe('when questions', () => {
  it.each([
    ['When will Lin An travel to Berto?', 'partial'],
    ['林安什么时候出访柏托？', 'partial'],
    ['When did Owen visit Yalan?', 'answered'],
    ['欧文什么时候访问雅兰？', 'answered'],
  ])('%s → %s: a date answers only where the sentence says what is done, not only who', async (q, coverage) => {
    const r = await ask(q);
    expect(r.coverage).toBe(coverage);
    expect(cited(r)).toEqual([1]);
  });
});

describe('count questions', () => {
  it('take the count from where it is stated, even when another paragraph names more of the question', async () => {
    const r = await ask('雅兰总统和柏托首相签署了多少项协议？');
    expect(r.coverage).toBe('answered');
    expect(r.answer).toContain('12项协议');
    expect(cited(r)).toEqual([6]);
  });
});

describe('references, title, follow-ups, documents without a rendering', () => {
  it('quotes a paragraph asked for by number, in either language', async () => {
    const zh = await ask('第4段讲了什么？');
    expect(zh.answer).toBe(`第4段：${textOf(4).replace(/。$/u, '')}[4]。`);
    const en = await ask('What does paragraph 4 say?');
    expect(en.answer).toContain('Paragraph 4: The two sides are determined to jointly build a trade corridor');
    expect(en.citations[0]?.quote_en).toContain('trade corridor');
  });
  it('says when the paragraph does not exist', async () => {
    expect((await ask('第9段讲了什么？')).answer).toBe('声明共有6段，没有第9段。');
  });
  it('gives the title in the question\'s language', async () => {
    expect((await ask('声明的标题是什么？')).answer).toBe('声明的标题是：雅兰共和国和柏托王国联合声明。');
    expect((await ask('What is the title of the statement?')).answer).toContain('"Joint Statement of the Republic of Yalan and the Kingdom of Berto"');
  });
  it('points to where the body spells out a full state name of the title', async () => {
    const r = await ask('标题里的国名全称是什么？');
    expect(r.answer).toContain('声明的标题是：雅兰共和国和柏托王国联合声明。');
    expect(cited(r)).toEqual([1]);
    expect(r.citations[0]?.quote).toContain('雅兰共和国');
  });
  it('answers a follow-up about its own subject', async () => {
    const r = await ask('那医院呢？', [
      { role: 'user', content: '北湾港有哪些项目？' },
      { role: 'assistant', content: '新码头、海水淡化厂、友谊医院[3]。' },
    ]);
    expect(cited(r)).toEqual([3]);
    expect(r.citations[0]?.quote).toContain('友谊医院');
  });
  it('frames the Chinese quote in English when the document has no rendering', async () => {
    const r = await askPlain('What about the desalination plant?');
    expect(cited(r)).toEqual([3]);
    expect(r.answer).toMatch(/^Paragraph 3 of the statement says: "/u);
    expect(r.citations[0]?.quote_en).toBeUndefined();
    expect(r.answer).not.toContain(RENDERING_NOTE);
  });
});
