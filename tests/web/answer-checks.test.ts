import { describe, expect, it } from 'vitest';
import type { Claim } from '../../src/types.js';
import { COVERAGE_BADGE, coverageOf, describeClaim, describeGrounding } from '../../web/src/answer-checks.js';

const claim = (extra: Partial<Claim>): Claim => ({ start: 0, end: 1, status: 'unsupported', paragraphs: [], ...extra });

describe('describeClaim', () => {
  it.each([
    [
      'a Chinese detail keeps a plain English reason beside it',
      claim({ reason: 'number', detail: '第31段中没有“30”这一数字' }),
      'zh',
      { label: 'Not supported', title: 'Not supported by the statement', reason: 'A figure or date here is not in the cited paragraph.', detail: '第31段中没有“30”这一数字' },
    ],
    [
      'an English detail says it all',
      claim({ reason: 'number', detail: 'Paragraph 31 does not give the figure "30"' }),
      'en',
      { label: 'Not supported', title: 'Not supported by the statement', detail: 'Paragraph 31 does not give the figure "30"' },
    ],
    [
      'no detail: the plain reason',
      claim({ reason: 'entity' }),
      'en',
      { label: 'Not supported', title: 'Not supported by the statement', reason: 'It names something the cited paragraph does not.' },
    ],
    [
      'a blank detail counts as none',
      claim({ reason: 'quote', detail: '  ' }),
      'en',
      { label: 'Not supported', title: 'Not supported by the statement', reason: 'The words in quotation marks are not the statement’s wording.' },
    ],
    [
      'uncited',
      claim({ status: 'uncited', reason: 'no_citation' }),
      'zh',
      { label: 'No source', title: 'Not backed by a citation', reason: 'It cites no paragraph of the statement.' },
    ],
    [
      'uncited without a reason',
      claim({ status: 'uncited' }),
      'en',
      { label: 'No source', title: 'Not backed by a citation', reason: 'It cites no paragraph of the statement.' },
    ],
    [
      'a dropped citation',
      claim({ reason: 'dropped_citation' }),
      'en',
      { label: 'Not supported', title: 'Not supported by the statement', reason: 'Its citation named a paragraph the answer was not written from, so the citation was removed.' },
    ],
    [
      'unsupported without a reason reads as content',
      claim({}),
      'en',
      { label: 'Not supported', title: 'Not supported by the statement', reason: 'The cited paragraph does not say this.' },
    ],
  ] as const)('%s', (_name, c, lang, expected) => {
    expect(describeClaim(c, lang)).toEqual(expected);
  });
});

describe('coverageOf', () => {
  it.each([
    [{ refused: false, coverage: 'partial' as const }, 'partial'],
    [{ refused: true, coverage: 'partial' as const }, 'partial'],
    [{ refused: true }, 'not_covered'],
    [{ refused: false }, 'answered'],
  ])('%j → %s', (result, coverage) => {
    expect(coverageOf(result)).toBe(coverage);
  });

  it('badges partial and not-covered answers only', () => {
    expect(COVERAGE_BADGE).toEqual({ answered: undefined, partial: 'Partly covered by the statement', not_covered: 'Not covered by the statement' });
  });
});

describe('describeGrounding', () => {
  const base = { grounded: false, refused: false, citations: [{ paragraph: 31, quote: 'x' }] } as const;
  it.each([
    ['grounded', { ...base, grounded: true }, undefined],
    ['a refusal that cites nothing needs no grounding', { ...base, refused: true, coverage: 'not_covered' as const, citations: [] }, undefined],
    [
      'one unsupported claim',
      { ...base, claims: [claim({}), claim({ status: 'supported' })] },
      'Not fully grounded in the statement: 1 claim is not supported by the paragraphs cited. The marked text says why.',
    ],
    [
      'unsupported and uncited claims',
      { ...base, claims: [claim({}), claim({}), claim({ status: 'uncited' })] },
      'Not fully grounded in the statement: 2 claims are not supported by the paragraphs cited, and 1 claim cites no paragraph. The marked text says why.',
    ],
    [
      'two uncited claims',
      { ...base, claims: [claim({ status: 'uncited' }), claim({ status: 'uncited' })] },
      'Not fully grounded in the statement: 2 claims cite no paragraph. The marked text says why.',
    ],
    ['no claims, sentence indexes only', { ...base, unsupported: [0, 2] }, 'Not fully grounded in the statement: 2 sentences rest on no valid citation.'],
    ['nothing to point at', { ...base, citations: [] }, 'Not grounded in the statement: this answer rests on no valid citation.'],
  ])('%s', (_name, result, expected) => {
    expect(describeGrounding(result)).toBe(expected);
  });
});
