import { describe, expect, it } from 'vitest';
import { asksFuture, countIn, soleEnumeration, holdsWanted, isPersonNoun, numbersOutsideDates, personsIn, sentenceFacts, titlesIn, wantedStrength } from '../../src/match/evidence.js';

const question = { text: '', names: [] };
const none = new Set<string>();

describe('what a sentence holds', () => {
  it.each([
    ['双方于2031年5月3日签署协定。', 'date', true],
    ['今年双方签署协定。', 'date', true],
    ['双方近期签署协定。', 'date', false],
    ['双方同意早日签署协定。', 'date', false],
    ['该项目投资50亿美元。', 'amount', true],
    ['该项目规模很大。', 'amount', false],
    ['双方签署12项协议。', 'number', true],
    ['双方签署三项协议。', 'number', true],
    ['双方签署了协议。', 'number', false],
    ['林安总统会见来宾。', 'person', true],
    ['双方会见来宾。', 'person', false],
  ] as const)('%s holds %s: %s', (text, wants, expected) => {
    expect(holdsWanted(sentenceFacts(text, undefined, ['林安']), wants, question, none)).toBe(expected);
  });

  it.each([
    ['大使是谁？', '林安总统会见来宾。', false],
    ['总统是谁？', '林安总统会见来宾。', true],
    ['Who is the ambassador?', '林安总统会见来宾。', false],
    ['Who is the president?', '林安总统会见来宾。', true],
    ['谁会见了来宾？', '林安总统会见来宾。', true],
  ] as const)('a person asked by title needs that title: %s in %s → %s', (q, text, expected) => {
    expect(holdsWanted(sentenceFacts(text, undefined, ['林安']), 'person', { text: q, names: [] }, none)).toBe(expected);
  });
  it('counts the one enumeration of some sentences, and none when there are several', () => {
    expect(soleEnumeration(['双方将通过经验分享、专题研究、专家交流等方式合作。'])).toEqual(['经验分享', '专题研究', '专家交流']);
    expect(soleEnumeration(['双方弘扬和平、发展、公平的共同价值。'])).toHaveLength(3);
    expect(soleEnumeration(['涵盖农业、交通、教育等领域。', '包括港口、机场、医院等项目。'])).toBeUndefined();
    expect(soleEnumeration(['双方签署协议。'])).toBeUndefined();
  });
  it('reads the numbers of a sentence outside its dates', () => {
    expect(numbersOutsideDates('双方于2031年5月3日签署12项协议。')).toEqual([12]);
    expect(numbersOutsideDates('双方签署协议。', 'On 3 May 2031 the two sides signed 12 agreements.')).toEqual([12]);
  });
  it('does not take a number the question gives for the answer', () => {
    const facts = sentenceFacts('双方签署12项协议。', undefined);
    expect(holdsWanted(facts, 'number', { text: '双方签署了12项协议，对吗？有多少？', names: [] }, none)).toBe(false);
    expect(holdsWanted(facts, 'number', { text: '双方签署了多少项协议？', names: [] }, none)).toBe(true);
  });
  it.each([
    ['林安总统何时将访问柏托？', '林安总统于2031年5月访问雅兰。', 0],
    ['When will Owen visit again?', '林安总统于2031年5月访问雅兰。', 0],
    ['下一次会谈什么时候举行？', '双方同意于2032年举行下一次会谈。', 1],
    ['林安总统何时访问雅兰？', '林安总统于2031年5月访问雅兰。', 1],
  ] as const)('answers a question about what is to come only from a sentence about it: %s', (q, text, strength) => {
    expect(asksFuture(q)).toBe(q !== '林安总统何时访问雅兰？');
    expect(wantedStrength(sentenceFacts(text, undefined), 'date', { text: q, names: [] }, none)).toBe(strength);
  });
  it('reads the titles a question names, in Chinese', () => {
    expect(titlesIn('驻外大使和部长是谁？').sort()).toEqual(['大使', '部长']);
    expect(titlesIn('Who is the prime minister?')).toEqual(['总理', '首相']);
    expect(titlesIn('谁会见了来宾？')).toEqual([]);
  });

  it('weighs a date proper above a time said relative to the text', () => {
    expect(wantedStrength(sentenceFacts('双方于2031年签约。', undefined), 'date', question, none)).toBe(1);
    expect(wantedStrength(sentenceFacts("今年以来双方签约。", undefined), "date", question, none)).toBeLessThan(1);
  });

  it('asks a place question for a name new to the question, and not one every paragraph names', () => {
    const facts = sentenceFacts('展览在海湾博物馆举办。', undefined, ['海湾博物馆', '雅兰']);
    expect(holdsWanted(facts, 'place', { text: '展览在哪里举办？', names: [] }, none)).toBe(true);
    expect(holdsWanted(facts, 'place', { text: '海湾博物馆在哪里？', names: [] }, none)).toBe(false);
    expect(holdsWanted(facts, 'place', question, new Set(['海湾博物馆']))).toBe(false);
  });

  it('asks a city question for a city, a named category for a name of that kind', () => {
    const museum = sentenceFacts('展览在海湾博物馆举办。', undefined, ['海湾博物馆'], []);
    const city = sentenceFacts('展览将在北岸城举办。', undefined, ['北岸城'], ['北岸城']);
    expect(holdsWanted(museum, 'city', question, none)).toBe(false);
    expect(holdsWanted(city, 'city', question, none)).toBe(true);
    const titled = sentenceFacts('双方签署了《海上合作协议》。', undefined);
    expect(holdsWanted(titled, 'name', { ...question, category: ['协议'] }, none)).toBe(true);
    expect(holdsWanted(titled, 'name', { ...question, category: ['公司'] }, none)).toBe(false);
  });

  it('reads a length of time as an answer to "how long" only', () => {
    const since = sentenceFacts('合作启动8年来成果丰硕。', 'In the 8 years after it began, the cooperation has borne fruit.');
    expect(since.hasDate).toBe(false);
    expect(holdsWanted(since, 'date', { text: '合作是哪一年启动的？', names: [] }, none)).toBe(false);
    expect(holdsWanted(since, 'date', { text: '合作启动多久了？', names: [] }, none)).toBe(true);
    expect(holdsWanted(since, 'date', { text: 'How long has it been going?', names: [] }, none)).toBe(true);
    expect(wantedStrength(since, 'date', { text: 'In which year did it begin?', names: [] }, none)).toBeLessThan(1);
    expect(wantedStrength(since, 'date', { text: 'In which year did it begin?', names: [] }, none)).toBeGreaterThan(0);
  });

  it('reads an English rendering too', () => {
    expect(holdsWanted(sentenceFacts('双方签约。', 'The two sides signed it on 3 May 2031.'), 'date', question, none)).toBe(true);
  });
});

describe('counts a sentence states', () => {
  it.each([
    ['双方签署12项合作协议，涵盖农业等领域。', ['协议'], 12],
    ['双方签署三项协议。', ['协议'], 3],
    ['双方决心建设贸易走廊、能源走廊、数字走廊。', ['走廊'], 3],
    ['协议涵盖农业、交通、教育等领域。', ['领域'], 3],
    ['两国领导人会见。', ['领导人'], undefined],
    ['双方签署了协议。', ['协议'], undefined],
  ])('%s: %j → %s', (text, variants, count) => expect(countIn(text, variants)?.count).toBe(count));

  it('lists the items of an enumeration', () => {
    expect(countIn('双方决心建设贸易走廊、能源走廊、数字走廊。', ['走廊'])?.items).toEqual(['贸易走廊', '能源走廊', '数字走廊']);
  });

  it('counts in the rendering only a noun repeated three times or more', () => {
    expect(countIn('无', ['无关'], 'a trade corridor, an energy corridor and a green corridor', 'corridor')?.count).toBe(3);
    expect(countIn('无', ['无关'], 'Chinese leaders and Chinese people', 'chines')).toBeUndefined();
  });

  it('names people by their titles, longest names first', () => {
    expect(personsIn('林安总统会见欧文首相。外交部长陈明出席。', ['林安', '欧文', '陈明', '安'])).toEqual(['林安', '欧文', '陈明']);
    expect(isPersonNoun('领导人')).toBe(true);
    expect(isPersonNoun('leaders')).toBe(true);
    expect(isPersonNoun('协议')).toBe(false);
  });
});
