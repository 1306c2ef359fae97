import { describe, expect, it } from 'vitest';
import { contentStems, englishWords, isStopword, stem } from '../../src/text/english.js';
import { buildLexicon, createLexicon, definitionPhrases, outsideNames, phraseKey, properNounKind, type LexiconData } from '../../src/text/lexicon.js';

describe('stem: the forms a question and the statement use meet', () => {
  it.each([
    ['cooperation', 'cooperate'],
    ['railways', 'railway'],
    ['agreed', 'agree'],
    ['investments', 'invest'],
    ['countries', 'country'],
    ["Pakistan's", 'Pakistan'],
    ['regional', 'region'],
    ['invitation', 'invited'],
    ['visited', 'visit'],
    ['Ports', 'port'],
  ])('%s ~ %s', (a, b) => expect(stem(a)).toBe(stem(b)));
  it('keeps short words and tokens with digits or hyphens whole', () => {
    expect(stem('ml-1')).toBe('ml-1');
    expect(stem('bus')).toBe(stem('bus'));
  });
});

describe('english words', () => {
  it('keeps inner dots and hyphens, drops stopwords', () => {
    expect(englishWords('The D.I. Khan road and ML-1.')).toEqual(['the', 'd.i', 'khan', 'road', 'and', 'ml-1']);
    expect(isStopword('the')).toBe(true);
    expect(contentStems('What did the two sides agree on railways?')).toEqual([stem('agree'), stem('railway')]);
    expect(phraseKey('the Belt and Road')).toBe('belt road');
    expect(definitionPhrases('Gwadar, free trade port city (in Pakistan)')).toEqual(['Gwadar', 'free trade port city']);
  });
});

describe('buildLexicon', () => {
  const lexicon = buildLexicon({
    documentText: '在北京期间，双方签署合作协议。访问取得成功。',
    entries: [
      ['北京', '北京', 'Bei3 jing1', 'Beijing municipality, capital of the PRC'],
      ['合作', '合作', 'he2 zuo4', ['to cooperate', 'collaboration']],
      ['成功', '成功', 'cheng2 gong1', 'success'],
      ['成功', '成功', 'Cheng2 gong1', 'Chenggong town in Taitung County'],
      ['上海', '上海', 'Shang4 hai3', 'Shanghai municipality'],
    ],
    glossary: [['Li Qiang', '李强'], ['agreement', '协议']],
  });
  it('keeps only document terms and maps English keys to them', () => {
    expect(lexicon.toZh[phraseKey('Beijing')]?.[0]?.[0]).toBe('北京');
    expect(lexicon.toZh[phraseKey('cooperate')]?.[0]?.[0]).toBe('合作');
    expect(lexicon.toZh[phraseKey('agreement')]?.[0]?.[0]).toBe('协议');
    expect(Object.values(lexicon.toZh).flat().some(([t]) => t === '上海')).toBe(false);
  });
  it('records proper nouns: places from the gloss, not words that also have a common sense', () => {
    expect(lexicon.kinds).toEqual({ 北京: 'place' });
  });
});
describe('properNounKind: a place is what a gloss says it is, not where it lies', () => {
  it.each([
    ['Yacheng, free trade port city in Yalan province', 'place'],
    ['Yacheng municipality, capital of Yalan', 'place'],
    ['capital of Berto', 'place'],
    ['Grand Museum, in the Old City, Yacheng', 'name'],
    ['North Bay Port on the Inner Sea in Yalan province', 'name'],
    ['Lin An (name)', 'name'],
  ])('%s → %s', (def, kind) => expect(properNounKind([{ pinyin: 'Ya3 cheng2', defs: [def] }])).toBe(kind));
});

describe('stem: nationality words meet country names', () => {
  it.each([
    ['Chinese', 'China'],
    ['Palestinians', 'Palestine'],
    ['Pakistani', 'Pakistan'],
    ['Israeli', 'Israel'],
    ['Kashmiri', 'Kashmir'],
  ])('%s ~ %s', (a, b) => expect(stem(a)).toBe(stem(b)));
});

describe('stem: families Porter runs together are kept apart', () => {
  it.each([
    ['universities', 'universal'],
    ['community', 'communication'],
    ['international', 'internal'],
    ['generous', 'general'],
    ['organization', 'organic'],
    ['news', 'new'],
  ])('%s ≠ %s', (a, b) => expect(stem(a)).not.toBe(stem(b)));
  it.each([
    ['universities', 'university'],
    ['communities', 'community'],
    ['communicate', 'communication'],
    ['organisations', 'organization'],
    ['international', 'internationally'],
  ])('%s ~ %s', (a, b) => expect(stem(a)).toBe(stem(b)));
});

describe('stem: no prototype lookups', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('%s stays a string', (w) => expect(typeof stem(w)).toBe('string'));
});

describe('lexicon lookups read own keys only', () => {
  const data: LexiconData = { toZh: { airport: [['机场', 1]] }, gloss: { 机场: 'airport' } };
  it.each(['constructor', '__proto__', 'toString', 'valueOf hasOwnProperty'])('%s translates to nothing', (q) => {
    expect(createLexicon(data).toChinese(q)).toEqual([]);
  });
  it('glosses only own keys', () => {
    expect(createLexicon(data).gloss('constructor')).toBeUndefined();
    expect(createLexicon(data).gloss('机场')).toBe('airport');
  });
});

describe('outsideNames: a capital stands for its country by whole translations only', () => {
  // Made-up dictionary: Yalan's capital, and two document terms whose longer glosses mention Yalan.
  const toZh: LexiconData['toZh'] = {
    [phraseKey('Yalan')]: [['雅兰', 1], ['北湾港', 0.47], ['林安', 0.31]],
    [phraseKey('Dingland')]: [['丁国', 1]],
  };
  const { aliases, englishAliases, outside } = outsideNames({
    documentText: '雅兰总统林安访问北湾港。',
    entries: [
      ['雅城', '雅城', 'Ya3 cheng2', 'Yacheng, capital of Yalan'],
      ['戊城', '戊城', 'Wu4 cheng2', 'Wucheng, capital of Dingland'],
      ['丁国', '丁国', 'Ding1 guo2', 'Dingland'],
    ],
    toZh,
    knownEnglish: () => false,
  });
  it('maps the capital to the country term, not to terms whose gloss only mentions the country', () => {
    expect(aliases['雅城']).toEqual(['雅兰']);
    expect(englishAliases[phraseKey('Yacheng')]?.map(([t]) => t)).toEqual(['雅兰']);
  });
  it('lists a name the document never uses as outside', () => {
    expect(outside.zh).toContain('丁国');
    expect(outside.en).toContain('Dingland');
  });
});
