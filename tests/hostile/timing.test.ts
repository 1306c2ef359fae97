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

/*
 * Every function that reads user or model text, fed pathological shapes at the size limits, must finish
 * in time proportional to the input: under a per-character budget at 60,000 characters (wall clock),
 * and growing well under 16× (what a quadratic one does) when the input grows 4× (CPU time of this
 * process, so other processes on a busy machine do not count). Each figure is the best of two runs
 * after a warm-up.
 */

const SMALL = 15_000;
const LARGE = 60_000;
/** Budget at LARGE: a fixed part plus this many milliseconds per character (5 µs). */
const BASE_MS = 60;
const PER_CHAR_MS = 0.005;
/** 4× the input may take at most this many times as long (plus noise): linear is 4, quadratic 16. */
const GROWTH = 8;
const NOISE_MS = 25;

const repeat = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Inputs of pathological shape, `n` characters long. */
const SHAPES: Readonly<Record<string, (n: number) => string>> = {
  'spaces': (n) => ' '.repeat(n),
  'spaces then x[7]': (n) => `${' '.repeat(n - 4)}x[7]`,
  'newlines': (n) => '\n'.repeat(n),
  'full-width spaces': (n) => '\u3000'.repeat(n),
  '[': (n) => '['.repeat(n),
  '【': (n) => '【'.repeat(n),
  '( and （': (n) => repeat('(（', n),
  '[7] [7] …': (n) => repeat('[7] ', n),
  '[7 unclosed': (n) => repeat('[7', n),
  '[ then digits': (n) => `[${'7'.repeat(n - 1)}`,
  'digits': (n) => '7'.repeat(n),
  '[^1] footnotes': (n) => repeat('[^1]: x\n', n),
  '第': (n) => '第'.repeat(n),
  '第一': (n) => repeat('第一', n),
  '第7段': (n) => repeat('第7段', n),
  'paragraph ': (n) => repeat('paragraph ', n),
  'para 7, and ': (n) => repeat('para 7, and ', n),
  '<': (n) => '<'.repeat(n),
  '<think>': (n) => repeat('<think>', n),
  '</think': (n) => repeat('</think', n),
  '<system + spaces': (n) => `<system${' '.repeat(n - 7)}`,
  '＜/question＞': (n) => repeat('＜/question＞', n),
  '“ unclosed': (n) => repeat('“a', n),
  '"': (n) => '"'.repeat(n),
  '. ': (n) => repeat('. ', n),
  'A. B. ': (n) => repeat('A. ', n),
  'May 2023 ': (n) => repeat('May 2023 ', n),
  'does not say ': (n) => repeat('does not say ', n),
  '没有提及': (n) => repeat('没有提及', n),
  '- list items': (n) => repeat('- 一项[7]\n', n),
  'Chinese answer': (n) => repeat('双方同意加快推进瓜达尔港配套设施建设[7]。', n),
  'English answer': (n) => repeat('Both sides agreed to speed up the supporting facilities at Gwadar Port [7]. ', n),
  'Han characters': (n) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20_000))).join(''),
  'sk- keys': (n) => repeat('sk-abcdefgh ', n),
};

/** Best wall-clock and best CPU milliseconds of `runs` runs. */
function best(fn: () => unknown, runs = 2): { wall: number; cpu: number } {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const used = process.cpuUsage();
    fn();
    const d = process.cpuUsage(used);
    wall = Math.min(wall, performance.now() - started);
    cpu = Math.min(cpu, (d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

/** Runs `fn` on every shape at both sizes and asserts the budget and the growth. */
function expectLinear(fn: (text: string) => unknown, options: { shapes?: readonly string[]; perCharMs?: number } = {}): void {
  const names = options.shapes ?? Object.keys(SHAPES);
  const perChar = options.perCharMs ?? PER_CHAR_MS;
  const report: string[] = [];
  for (const name of names) {
    const make = SHAPES[name]!;
    const small = make(SMALL);
    const large = make(LARGE);
    fn(small);
    const ts = best(() => fn(small));
    const tl = best(() => fn(large));
    report.push(`${name}: ${ts.cpu.toFixed(1)} → ${tl.cpu.toFixed(1)} ms CPU, ${tl.wall.toFixed(1)} ms wall`);
    expect(tl.wall, `${name} at ${LARGE} chars: ${tl.wall.toFixed(1)} ms`).toBeLessThan(BASE_MS + perChar * LARGE);
    expect(tl.cpu, `${name}: ${ts.cpu.toFixed(1)} ms at ${SMALL}, ${tl.cpu.toFixed(1)} ms at ${LARGE} (CPU)`).toBeLessThan(GROWTH * ts.cpu + NOISE_MS);
  }
  // Shown with --reporter=verbose; handy when a budget needs a look.
  if (process.env['TIMING_REPORT']) console.log(report.join('\n'));
}

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
