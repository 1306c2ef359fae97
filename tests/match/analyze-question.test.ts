import { describe, expect, it } from 'vitest';
import { aboutTopic, analyzeQuestion, announcedTopic, questionFacets, splitQuestion } from '../../src/match/analyze-question.js';

// Made-up questions: each row names a class of question, not a question of any eval set.
describe('question classes', () => {
  it.each([
    // zh
    ['这个港口花了多少钱？', 'how_much', 'amount'],
    ['那座桥是哪一年建成的？', 'when', 'date'],
    ['会议什么时候召开？', 'when', 'date'],
    ['双方签了几份文件？', 'how_many', 'number'],
    ['这是第几次会晤？', 'how_many', 'number'],
    ['展览在哪里举办？', 'where', 'place'],
    ['展览下一站去哪个城市？', 'where', 'city'],
    ['代表团团长是谁？', 'who', 'person'],
    ['谁邀请了对方的首相？', 'who', undefined],
    ['那家银行叫什么名字？', 'which', 'name'],
    ['哪些雅兰航运公司会在柏托开办事处？', 'which', 'name'],
    ['哪个港口管理机构管着码头？', 'which', 'name'],
    ['他们为什么要修这条路？', 'why', undefined],
    ['双方打算如何推进合作？', 'how', undefined],
    ['两国是否同意修路？', 'yes_no', undefined],
    ['双方对水利合作说了什么？', 'what', undefined],
    // en
    ['How much will the bridge cost?', 'how_much', 'amount'],
    ['When was the treaty signed?', 'when', 'date'],
    ['How many ports are named?', 'how_many', 'number'],
    ['Where was the fair held?', 'where', 'place'],
    ['Which city will host the next fair?', 'where', 'city'],
    ['Who is the head of the new agency?', 'who', 'person'],
    ["Who is Yalan's ambassador to Berto?", 'who', 'person'],
    ['Who was the Bertan prime minister?', 'who', 'person'],
    ['Who heads the new agency?', 'who', 'person'],
    ['工作组由谁牵头？', 'who', 'person'],
    ['Which Bertan cities will host the fair?', 'where', 'city'],
    ['Who invited the prime minister?', 'who', undefined],
    ['What is the name of the shipping company?', 'which', 'name'],
    ['Which Yalanese shipping companies will open offices in Berto?', 'which', 'name'],
    ['What two banks signed the deal?', 'which', 'name'],
    ['Why do they want a new road?', 'why', undefined],
    ['Did the two sides agree on water?', 'yes_no', undefined],
    ['How will the two sides cooperate on water?', 'how', undefined],
    ['What about water?', 'what', undefined],
  ])('%s → %s / %s', (q, kind, wants) => {
    const a = analyzeQuestion(q);
    expect(a.kind).toBe(kind);
    expect(a.wants).toBe(wants);
  });
  it('does not take "在哪些方面" for a place question', () => expect(analyzeQuestion('双方在哪些方面加强合作？').kind).not.toBe('where'));
  it('does not take "where does the statement…" for a place question', () => {
    const a = analyzeQuestion('Where does the statement mention water?');
    expect(a.kind).not.toBe('where');
    expect(a.multi).toBe(true);
  });
});

describe('what a question counts, asks the value of, or names', () => {
  it.each([
    ['双方决心建设几条“走廊”？', '走廊', '条'],
    ['一共签署了多少项合作协议？', '协议', '项'],
    ['有几位领导人出席？', '领导人', '位'],
    ['双方提出了几大倡议？', '倡议', '大'],
  ])('%s counts %s', (q, noun, measure) => {
    const a = analyzeQuestion(q);
    expect(a.countNoun).toBe(noun);
    expect(a.measure).toBe(measure);
  });
  it.each([
    ['How many corridors will they build?', 'corridors'],
    ['How many foreign tourists visited the fair?', 'tourists'],
    ['How many people attended the talks?', 'people'],
    ['How many foreign leaders met him?', 'leaders'],
    ['How many of the agreements concern farming?', 'agreements'],
    ['What was the number of the projects reviewed?', 'projects'],
    ['How many kinds of harbour will they build?', 'harbour'],
    ['How many fish or farm products were named?', 'products'],
    ['How many port-related projects were reviewed?', 'projects'],
    ['How many different types of farm products were named?', 'products'],
  ])('%s counts %s', (q, noun) => expect(analyzeQuestion(q).countNoun).toBe(noun));
  it.each([
    ['新码头的年吞吐量是多少？', '年吞吐量', '新码头'],
    ['What is the daily capacity of the water plant?', 'daily capacity', 'water plant'],
  ])('%s asks for %s of %s', (q, focus, owner) => {
    const a = analyzeQuestion(q);
    expect(a.focus).toBe(focus);
    expect(a.focusOwner).toBe(owner);
  });
  it.each(['中方的立场是什么？', 'What is the position of the two sides?'])('%s asks for a kind of answer, not a detail', (q) =>
    expect(analyzeQuestion(q).focus).toBeUndefined(),
  );
  it.each([
    ['这几项协议的具体名称是什么？', '协议'],
    ['哪家公司负责施工？', '公司'],
    ['Which companies will build the plant?', 'companies'],
  ])('%s asks names of %s', (q, category) => expect(analyzeQuestion(q).category).toBe(category));
});

describe('lists, spread answers, several parts, topics, excluded parts', () => {
  it.each([
    ['双方在哪些领域合作？', true, false],
    ['声明中哪些地方提到港口？', true, true],
    ['关于贸易，声明都说了哪些？', true, true],
    ['Summarize all the commitments on water.', false, true],
    ['Which projects are named?', true, false],
  ])('%s → list %s, multi %s', (q, list, multi) => {
    const a = analyzeQuestion(q);
    expect(a.list).toBe(list);
    expect(a.multi).toBe(multi);
  });
  it('splits compound questions', () => {
    expect(splitQuestion('港口建了多少年了？现在到了什么阶段？')).toHaveLength(2);
    expect(analyzeQuestion('What did they sign, and when did they sign it?').compound).toBe(true);
  });
  it('reads an announced topic', () => {
    expect(announcedTopic('关于水利，双方说了什么？')).toBe('水利');
    expect(announcedTopic('Regarding the port, what did they agree?')).toBe('the port');
  });
  it('sets an excluded topic aside', () => {
    expect(analyzeQuestion('除港口外，双方还在哪些方面合作？').text).not.toContain('港口');
    expect(analyzeQuestion('Besides the port, what else did they agree on?').text).not.toContain('port');
  });
  it.each([
    ['渔业、林业以及水利方面都说了什么？', 'zh', ['渔业', '林业', '水利方面都说了什么']],
    ['关于港口和医院，声明说了哪些？', 'zh', ['关于港口', '医院']],
    ['双方在和平发展方面说了什么？', 'zh', []],
    ['What about fishing, forests and water?', 'en', ['What about fishing', 'forests', 'water']],
    ['Ports or hospitals: which came first?', 'en', ['Ports', 'hospitals']],
    ['What did Yalan say about ports, and how did Berto respond?', 'en', []],
    ['What did they sign?', 'en', []],
  ] as const)('reads the parts of a coordinated list: %s', (q, lang, parts) => {
    expect(questionFacets(q, lang)).toEqual(parts);
  });
  it.each([
    ['Did they talk about football at all?', 'en', 'football at all'],
    ['Does the text mention the river?', 'en', 'the river'],
    ['声明里有没有提到高铁？', 'zh', '高铁'],
    ['双方谈到渔业合作了吗？', 'zh', '渔业合作'],
    ['Where is the port mentioned in the text?', 'en', undefined],
    ['协议是否也涉及这一领域？', 'zh', undefined],
    ['What did they sign?', 'en', undefined],
  ] as const)('reads what a question asks whether the statement speaks of: %s', (q, lang, topic) => {
    expect(aboutTopic(q, lang)).toBe(topic);
  });
  it('reads names: capitalised English words inside a sentence, not the first word or quoted titles', () => {
    expect(analyzeQuestion('What did Dingland say about "The Long Road"?').names).toEqual(['Dingland']);
    expect(analyzeQuestion("What is Yalan's role in Dingland's plan?").names).toEqual(['Yalan', 'Dingland']);
    expect(analyzeQuestion("Did Yalan's leaders quote 'The Long Road' to Dingland?").names).toEqual(['Yalan', 'Dingland']);
  });
});
