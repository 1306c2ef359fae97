import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractiveAnswerer } from '../../src/answer/extractive.js';
import { loadConfig } from '../../src/config.js';
import { analyzeQuestion } from '../../src/match/analyze-question.js';
import { questionConcepts } from '../../src/match/concepts.js';
import { matchConcepts } from '../../src/match/coverage.js';
import { queryTerms } from '../../src/match/query-terms.js';
import { createRetriever } from '../../src/retrieve/create-retriever.js';
import { isFollowUp } from '../../src/retrieve/follow-up.js';
import { parseReference } from '../../src/retrieve/references.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { dropExcluded } from '../../src/text/drop-excluded.js';
import { withoutQuestionWords } from '../../src/text/segment.js';
import { best, expectLinear, SHAPES } from '../helpers/linear-time.js';

/*
 * The matching core reads every question (at most MAX_QUESTION_CHARS, 2,000 characters) and a
 * follow-up's earlier question (cut to 500): each of its steps must stay linear in the text it is given,
 * here at 2,000 and 8,000 characters of pathological shape, and a whole answer at the limit must be quick.
 */

const dir = mkdtempSync(join(tmpdir(), 'question-timing-'));
let retriever: ReturnType<typeof createRetriever>;

beforeAll(async () => {
  const ready = await ensureIndex(loadConfig({ INDEX_DIR: dir, EMBEDDER: 'builtin' }), { info: () => {}, warn: () => {} });
  retriever = createRetriever({ index: ready.index, embedder: ready.queryEmbedder });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUESTION_SHAPES = [
  'spaces', 'newlines', '[', '( and （', 'digits', '第', '第一', '第7段', 'paragraph ', 'para 7, and ', '<', '“ unclosed', '. ',
  'A. B. ', 'May 2023 ', 'Chinese answer', 'English answer', 'Han characters',
];
const sizes = { small: 2_000, large: 8_000, shapes: QUESTION_SHAPES, perCharMs: 0.05 };

describe('linear time on every question path', () => {
  it('analyzeQuestion', () => expectLinear((s) => analyzeQuestion(s), sizes));
  it('dropExcluded and withoutQuestionWords', () => {
    expectLinear((s) => dropExcluded(s), sizes);
    expectLinear((s) => dropExcluded(`besides ${s}`), sizes);
    expectLinear((s) => withoutQuestionWords(s), sizes);
  });
  it('parseReference and isFollowUp', () => expectLinear((s) => [parseReference(s, 31), isFollowUp(s)], sizes));
  it('the question as concepts, matched against every sentence', () => {
    // Segmentation remembers short texts (a question is often asked twice); a fresh text each run keeps
    // the small size from being timed out of that memo while the large one is computed.
    let run = 0;
    expectLinear((s) => matchConcepts(questionConcepts(analyzeQuestion(`${s} ${run++}`), retriever.context.sources), retriever.context.model), sizes);
  });
  it('the question as search terms', () => expectLinear((s) => queryTerms(`${s} `, retriever.context.sources), sizes));
});

describe('a whole answer at the question limit stays quick', () => {
  const answerer = () => createExtractiveAnswerer({ context: retriever.context });
  it.each(QUESTION_SHAPES)('%s', async (name) => {
    const question = SHAPES[name]!(2_000);
    const a = answerer();
    const started = performance.now();
    const r = await retriever.retrieve({ question, history: [{ role: 'user', content: SHAPES[name]!(8_000) }] });
    a.answer(r, { question });
    expect(performance.now() - started).toBeLessThan(400);
    // The synchronous part alone, once warm.
    expect(best(() => a.answer(r, { question })).wall).toBeLessThan(100);
  });
});
