import { describe, expect, it } from 'vitest';
import { answerFigures, figuresBySet, groupsOf, type SetQuestion } from '../../eval/metrics.js';

const q = (set: string, lang: 'zh' | 'en', kind: string, id: string): SetQuestion => ({ set, lang, kind, id, question: id, gold: [1], coverage: 'answered' });

describe('eval groups', () => {
  // Two sets with the same languages and kinds: the JSON once keyed groups by "zh" or "kind:fact" alone.
  const questions = [q('a', 'zh', 'fact', 'a1'), q('a', 'en', 'fact', 'a2'), q('b', 'zh', 'fact', 'b1'), q('b', 'zh', 'why', 'b2'), q('b', 'en', 'fact', 'b3')];
  const groups = groupsOf(questions);

  it('lists every set in order, each with its languages and its kinds', () => {
    expect(groups.map((g) => `${g.set}/${g.by}:${g.value}`)).toEqual([
      'a/set:a', 'a/lang:zh', 'a/lang:en', 'a/kind:fact',
      'b/set:b', 'b/lang:zh', 'b/lang:en', 'b/kind:fact', 'b/kind:why',
    ]);
  });

  it("nests figures under their set, so one set's figures never replace another's", () => {
    const ids = figuresBySet(groups, (g) => questions.filter(g.pick).map((x) => x.id));
    expect(ids).toEqual({
      a: { all: ['a1', 'a2'], lang: { zh: ['a1'], en: ['a2'] }, kind: { fact: ['a1', 'a2'] } },
      b: { all: ['b1', 'b2', 'b3'], lang: { zh: ['b1', 'b2'], en: ['b3'] }, kind: { fact: ['b1', 'b3'], why: ['b2'] } },
    });
  });

  it('keeps distinct figures for the same language in two sets', () => {
    // Set a refuses its Chinese question, set b answers both of its: their zh figures must differ.
    const refusedIds = new Set(['a1']);
    const figures = figuresBySet(groups, (g) => answerFigures(questions.filter(g.pick).map((x) => ({ q: x, o: { retrieved: [1], refused: refusedIds.has(x.id!) } }))).wronglyRefused);
    expect(figures['a']!.lang['zh']).toBe(1);
    expect(figures['b']!.lang['zh']).toBe(0);
  });
});
