import { describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/answer/citations.js';
import { extractFigures } from '../../src/answer/claims/figures.js';
import { answerLanguage } from '../../src/answer/claims/language.js';
import { createMarkerNormaliser, matchReference, normaliseMarkers, parseFootnoteDefinition, parseMarkerBody } from '../../src/answer/claims/markers.js';
import { createAnswerStream, normaliseAnswer } from '../../src/answer/claims/normalise-answer.js';
import { findQuotes, foldEnglish, quotePieces } from '../../src/answer/claims/quotes.js';
import { createReasoningFilter, stripReasoning } from '../../src/answer/claims/reasoning.js';
import { saysNotGiven } from '../../src/answer/claims/refusal.js';
import { splitAnswer } from '../../src/answer/claims/split-claims.js';
import { checkClaim, statementEvidence } from '../../src/answer/claims/support.js';
import { redactSecrets } from '../../src/answer/llm-client.js';
import { buildMessages, sanitizeData } from '../../src/answer/prompt.js';
import { MAX_HISTORY_TURN_CHARS } from '../../src/api/schemas.js';
import type { HistoryTurn, Lexicon } from '../../src/types.js';
import { statement } from '../answer/statement-fixture.js';
import { best, expectLinear, LARGE, SHAPES } from '../helpers/linear-time.js';

/*
 * Every function that reads user or model text, fed pathological shapes at the size limits, must finish
 * in time proportional to the input: under a per-character budget at 60,000 characters (wall clock),
 * and growing well under 16× (what a quadratic one does) when the input grows 4× (CPU time of this
 * process, so other processes on a busy machine do not count). Each figure is the best of two runs
 * after a warm-up.
 */

/** Feeds text in deltas of 1-3 characters, as a model streams. */
function inDeltas(push: (d: string) => unknown, text: string): void {
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = (k % 3) + 1;
    push(text.slice(i, i + size));
    i += size;
  }
}

const VALID = new Set([6, 7, 8, 9, 11]);
const DICT: Record<string, string[]> = { port: ['港口'], gwadar: ['瓜达尔港'], agreed: ['同意'], facilities: ['设施'], supporting: ['配套'] };
const lexicon: Lexicon = { toChinese: (w) => DICT[w.toLowerCase()] ?? [], gloss: () => undefined };
const evidence = statementEvidence(statement.paragraphs, statement);

describe('linear time on every model-text path', () => {
  it('normaliseMarkers (whole text)', () => expectLinear((s) => normaliseMarkers(s, VALID)));
  it('the streaming marker normaliser, in deltas of 1-3 characters', () =>
    expectLinear((s) => {
      const n = createMarkerNormaliser({ valid: VALID });
      inDeltas((d) => n.push(d), s);
      n.end();
    }));
  it('the streaming answer filter (reasoning, then markers), in deltas of 1-3 characters', () =>
    expectLinear((s) => {
      const stream = createAnswerStream(VALID);
      inDeltas((d) => stream.push(d), s);
    }));
  it('normaliseAnswer (uncut)', () => expectLinear((s) => normaliseAnswer(s, VALID, Number.POSITIVE_INFINITY)));
  it('stripReasoning and the streaming reasoning filter', () => {
    expectLinear((s) => stripReasoning(s));
    expectLinear((s) => {
      const f = createReasoningFilter();
      inDeltas((d) => f.push(d), s);
      f.end();
    });
  });
  it('splitAnswer (sentences, list items, kinds)', () => expectLinear((s) => splitAnswer(s)));
  it('extractFigures', () => expectLinear((s) => extractFigures(s, { claim: true })));
  it('findQuotes, quotePieces, foldEnglish', () => {
    expectLinear((s) => findQuotes(s));
    expectLinear((s) => quotePieces(s));
    expectLinear((s) => foldEnglish(s));
  });
  it('saysNotGiven (refusals in the model\'s own words)', () => expectLinear((s) => saysNotGiven(s)));
  it('answerLanguage', () => expectLinear((s) => answerLanguage(s)));
  it('checkClaim (support: figures, names, quotes, content)', () =>
    expectLinear((s) => checkClaim({ text: s, cited: [7], evidence, lexicon, lang: 'zh' }), {
      shapes: ['spaces', '[7] [7] …', '第一', '“ unclosed', 'May 2023 ', 'Chinese answer', 'English answer', 'Han characters'],
      perCharMs: 0.01,
    }));
  it('checkCitations (everything at once; the answer is cut at its limit first)', () =>
    expectLinear((s) => checkCitations({ answer: s, question: '瓜达尔港？', paragraphs: statement.paragraphs, allowed: VALID, lexicon }), {
      shapes: ['spaces then x[7]', '[7] [7] …', '第7段', 'paragraph ', '<think>', '“ unclosed', '- list items', 'Chinese answer', 'English answer', 'Han characters'],
      perCharMs: 0.01,
    }));
  it('redactSecrets (bounded before any pattern runs)', () => expectLinear((s) => redactSecrets(s)));
});

describe('linear time on every user-text path', () => {
  it('sanitizeData, trusted and untrusted', () => {
    expectLinear((s) => sanitizeData(s));
    expectLinear((s) => sanitizeData(s, { untrusted: true, maxChars: 1500 }));
  });
  it('buildMessages with the question and every history turn at their limits', () =>
    expectLinear((s) => {
      const turn = s.slice(0, MAX_HISTORY_TURN_CHARS);
      const history: HistoryTurn[] = Array.from({ length: 20 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: turn }));
      buildMessages({ question: s.slice(0, 2000), resolvedQuestion: s, history, paragraphs: statement.paragraphs.slice(5, 10), lang: 'zh' });
    }));
});

describe('bounded helpers stay bounded whatever they are given', () => {
  it.each(Object.keys(SHAPES))('%s', (name) => {
    const s = SHAPES[name]!(LARGE);
    const t = best(() => {
      parseMarkerBody(s);
      matchReference(s, false);
      matchReference(s, true);
      parseFootnoteDefinition(s);
    });
    expect(t.wall).toBeLessThan(20);
  });
});

describe('the streaming filter: each delta costs its own length', () => {
  it('20,000 spaces, then 2,000 tiny deltas: no delta re-reads what came before', () => {
    const stream = createAnswerStream(VALID);
    stream.push(' '.repeat(20_000));
    const times: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const t = performance.now();
      stream.push(i % 50 === 0 ? '[7]' : 'ab');
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    // The median delta takes microseconds; re-reading 20,000 characters would take far longer.
    expect(times[1_000]!).toBeLessThan(0.5);
    expect(times.reduce((a, b) => a + b, 0)).toBeLessThan(200);
  });
});
