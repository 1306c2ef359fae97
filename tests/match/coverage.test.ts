import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/match/analyze-question.js';
import { questionConcepts, textConcepts } from '../../src/match/concepts.js';
import { bestClauseWindow, coverageOf, matchConcepts, orderAgreement, phraseAgreement, shareOf, topicalShare, unitShares } from '../../src/match/coverage.js';
import { charPairs, createDocumentModel } from '../../src/match/document-model.js';
import { textTerms } from '../../src/match/terms.js';
import { MADE_UP_LEXICON, MADE_UP_SYNONYMS, madeUpModel, madeUpStatement } from '../helpers/made-up-statement.js';

const model = madeUpModel();
const sources = { lexicon: MADE_UP_LEXICON, synonyms: MADE_UP_SYNONYMS, rendering: true };
const unitOf = (p: number, s: number): number => model.units.findIndex((u) => u.paragraph === p && u.index === s - 1);
const matches = (q: string) => matchConcepts(questionConcepts(analyzeQuestion(q), sources), model);

describe('the one tokenizer', () => {
  it('gives words, bigrams, English stems and numbers', () => {
    const keys = [...textTerms('双方签署12项协议 and agreements').keys()];
    expect(keys).toEqual(expect.arrayContaining(['w:签署', 'w:协议', 'b:签署', 'e:agreement', 'n:12']));
    expect(keys.some((k) => k === 'w:双方')).toBe(true);
  });
  it('lists Han character pairs', () => expect(charPairs('海水淡化')).toEqual(['c:海水', 'c:水淡', 'c:淡化']));
});

describe('question concepts', () => {
  it('keeps words and only the bigrams segmentation may have split differently', () => {
    const keys = textConcepts('双方在哪些方面表示支持对方？', 'zh', sources).map((c) => c.key);
    expect(keys).toContain('w:支持');
    expect(keys).not.toContain('b:示支');
    expect(keys).not.toContain('b:些方');
  });
  it('maps English words to the rendering first, the lexicon second, WordNet third', () => {
    const [port] = textConcepts('harbor', 'en', sources);
    expect(port?.variants.map((v) => v.terms?.[0])).toEqual(['e:harbor', expect.stringMatching(/^e:port/u)]);
    const corridor = textConcepts('corridors', 'en', sources)[0]!;
    expect(corridor.variants[0]?.strength).toBe(1);
    expect(corridor.variants.some((v) => v.terms?.[0] === 'w:走廊' && v.strength < 1)).toBe(true);
  });
  it.each([
    ['How many corridors are there?', ['e:corridor']],
    ['How much of the port is finished?', ['e:port', 'e:finish']],
    ['两国签署了多少项协议？', ['w:签署', 'w:协议']],
    ['北湾港那边有什么项目？', ['w:北湾港', 'w:项目']],
  ])('reads no topic in the question words of %s', (q, keys) => {
    expect(questionConcepts(analyzeQuestion(q), sources).map((c) => c.key).filter((k) => !k.startsWith('b:'))).toEqual(keys);
  });
  it('reads a compound noun the statement never uses as one concept, found only where all its words are', () => {
    const keys = textConcepts('Did they discuss climate change at the hospital?', 'en', sources).map((c) => c.key);
    expect(keys).toContain('e:climat chang');
    expect(keys).not.toContain('e:climat');
    expect(keys).toContain('e:hospit');
    const m = matches('Did they discuss climate change?');
    expect(m.concepts.find((c) => c.key === 'e:climat chang')?.df).toBe(0);
  });
  it('reads a compound the document lacks by its known parts, not by a cut across them', () => {
    const knows = (w: string): boolean => ['本国', '货币'].includes(w);
    const keys = textConcepts('用本国货币结算', 'zh', { ...sources, knows }).map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['w:本国', 'w:货币']));
    expect(keys).not.toContain('w:国货');
  });
  it('finds a name the statement uses whole, not by its pieces', () => {
    const knows = (w: string): boolean => model.vocabulary.has(`w:${w}`);
    const keys = textConcepts('北湾港有哪些项目？', 'zh', { ...sources, knows }).map((c) => c.key);
    expect(keys).toContain('w:北湾港');
    expect(keys.filter((k) => k.startsWith('b:'))).toEqual([]);
  });
  it('weighs words naming the kind of answer little', () => {
    const [stance] = textConcepts('立场', 'zh', sources);
    expect(stance?.kindWord).toBe(true);
    expect(stance?.boost).toBeLessThan(0.5);
  });
  it('adds the earlier question of a follow-up at a lower weight', () => {
    const c = questionConcepts(analyzeQuestion('那医院呢？'), sources, '北湾港有哪些项目？');
    expect(c.find((x) => x.key === 'w:医院')?.own).toBe(true);
    expect(c.find((x) => x.key === 'w:北湾港')?.own).toBe(false);
  });
});

describe('coverage', () => {
  it('finds a question in the sentence that says it, in Chinese or in English', () => {
    for (const q of ['海水淡化厂进展如何？', 'What about the desalination plant?']) {
      const m = matches(q);
      const best = model.units.map((_, i) => coverageOf(m, [i]).share);
      expect(best.indexOf(Math.max(...best))).toBe(unitOf(3, 2));
    }
  });
  it('counts a match in the expansions, more weakly than one in the text', () => {
    const m = matches('淡水厂');
    expect(coverageOf(m, [unitOf(3, 2)]).share).toBeGreaterThan(0);
    expect(coverageOf(m, [unitOf(3, 2)]).share).toBeLessThan(1);
  });
  it('gives words the document never uses their full weight, so an unknown subject scores low', () => {
    expect(coverageOf(matches('火星探测器的进展'), [unitOf(3, 2)]).share).toBeLessThan(0.5);
  });
  it('says how much of a question the document knows at all', () => {
    expect(topicalShare(matches('北湾港的项目'))).toBe(1);
    expect(topicalShare(matches('火星探测器和月球基地'))).toBeLessThan(0.5);
  });
  it('cuts a long sentence to the clauses that answer', () => {
    const m = matches('反恐合作');
    const u = unitOf(5, 1);
    const w = bestClauseWindow(m, u);
    expect(model.units[u]!.text.slice(w.start, w.end)).toBe('同意加强反恐合作');
  });
  it('prefers a sentence that says things in the question\'s order (who did what to whom)', () => {
    const m = matches('林安会见了谁？');
    expect(orderAgreement(m, unitOf(2, 1), '林安会见了谁？')).toBe(1);
    const inverted = matches('谁会见了林安？');
    expect(orderAgreement(inverted, unitOf(2, 1), '谁会见了林安？')).toBe(-1);
  });
  it.each([
    ['欧文什么时候访问雅兰？', '欧文什么时候访问柏托？'],
    ['When did Owen visit Yalan?', 'When did Owen visit Berto?'],
  ])('prefers a sentence that says the question\'s phrases as phrases: %s over %s', (said, apart) => {
    // "访问雅兰" / "visited Yalan" stand together in the sentence; 柏托 / Berto only stand elsewhere in it.
    const together = phraseAgreement(matches(said), unitOf(1, 1), said);
    expect(together).toBeGreaterThan(0);
    expect(phraseAgreement(matches(apart), unitOf(1, 1), apart)).toBeLessThan(together);
  });
  it('reads no phrase in a question of one word', () => {
    expect(phraseAgreement(matches('走廊？'), unitOf(4, 1), '走廊？')).toBe(0);
  });
});

describe('matching remembered per word', () => {
  const rowsOf = (q: string, m = model) => {
    const found = matchConcepts(questionConcepts(analyzeQuestion(q), sources), m);
    return new Map(found.concepts.map((c, i) => [c.key, { df: c.df, row: [...found.strength[i]!] }]));
  };

  it('gives a word the same row in every question that asks it, as a first match does', () => {
    const first = rowsOf('走廊有哪些？');
    const again = rowsOf('双方对走廊说了什么？');
    expect(again.get('w:走廊')).toEqual(first.get('w:走廊'));
    expect(first.get('w:走廊')!.df).toBeGreaterThan(0);
  });

  it('matches the same words against another statement afresh', () => {
    // The same statement without its rendering and expansions: another model, other rows.
    const bare = createDocumentModel(madeUpStatement(false));
    // "satisfaction" is in the rendering only: the lexicon does not translate it.
    const english = (m = model) => rowsOf('What about satisfaction?', m).get('e:satisfact')!;
    expect(english(bare).df).toBeLessThan(english().df);
    expect(english().df).toBeGreaterThan(0);
  });

  it('gives a word found nowhere a row of zeros', () => {
    const row = rowsOf('What about the zeppelins?').get('e:zeppelin')!;
    expect(row.df).toBe(0);
    expect(row.row.every((x) => x === 0)).toBe(true);
    expect(row.row).toHaveLength(model.units.length);
  });
});

describe('unit shares', () => {
  it.each([
    ['双方签署协议', [0, 1, 2]],
    ['How many corridors are there?', [3, 1]],
    ['海水淡化项目', []],
    ['港口 and the airport', [5]],
  ])('give shareOf of each unit and of the group, to the last bit (%s)', (q, picks) => {
    const m = matches(q);
    const units = picks.map((k) => Math.min(k, model.units.length - 1));
    const { each, whole } = unitShares(m, units);
    expect(each).toEqual(units.map((u) => shareOf(m, [u])));
    expect(whole).toBe(shareOf(m, units));
  });
  it('count a concept no unit holds as nothing, and a negative or missing strength as 0', () => {
    const made = {
      model,
      concepts: [
        { weight: 2, df: 1 },
        { weight: 1, df: 0 },
        { weight: 0.5, df: 2 },
      ],
      strength: [
        [0.25, -1, Number.NaN],
        [1, 1, 1],
        [0, 0.75, 0.5],
      ],
      totalWeight: 3.5,
    } as unknown as Parameters<typeof shareOf>[0];
    const { each, whole } = unitShares(made, [0, 1, 2]);
    expect(each).toEqual([0.5 / 3.5, 0.375 / 3.5, 0.25 / 3.5]);
    expect(whole).toBe(shareOf(made, [0, 1, 2]));
    expect(whole).toBe((2 * 0.25 + 0.5 * 0.75) / 3.5);
    expect(unitShares({ ...made, totalWeight: 0 }, [0]).whole).toBe(0);
  });
});
