import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createExtractiveAnswerer } from '../../src/answer/extractive.js';
import { createRetriever } from '../../src/retrieve/create-retriever.js';
import { ensureIndex } from '../../src/server/ensure-index.js';

const dir = mkdtempSync(join(tmpdir(), 'retrieve-it-'));
let retriever: ReturnType<typeof createRetriever>;
let ready: Awaited<ReturnType<typeof ensureIndex>>;

beforeAll(async () => {
  const config = loadConfig({ INDEX_DIR: dir, EMBEDDER: 'builtin' });
  ready = await ensureIndex(config, { info: () => {}, warn: () => {} });
  retriever = createRetriever({ index: ready.index, embedder: ready.queryEmbedder });
}, 20_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('retrieval over the real statement', () => {
  it.each([
    ['两国航天机构签署了关于什么的合作文件？', 21],
    ['双方同意在哪些领域加强中巴矿业合作？', 12],
    ['What did the two sides urge in order to prevent a larger humanitarian catastrophe in Gaza?', 29],
    ['What role do the two sides say the Khunjerab road port plays?', 19],
  ])('%s → paragraph %i first', async (question, paragraph) => {
    const r = await retriever.retrieve({ question });
    expect(r.retrieved[0]?.paragraph).toBe(paragraph);
    expect(r.covered).toBe(true);
  });

  it('resolves a follow-up against the history', async () => {
    const r = await retriever.retrieve({
      question: '那机场呢？',
      history: [
        { role: 'user', content: '瓜达尔港有哪些项目？' },
        { role: 'assistant', content: '海水淡化厂等。' },
      ],
    });
    expect(r.resolvedQuestion).toContain('瓜达尔港');
    expect(r.retrieved[0]?.paragraph).toBe(7);
  });

  // A long translation (巴基斯坦) must not drown a short, decisive one (台湾, 南海).
  it.each([
    ['What does Pakistan say about Taiwan?', 4],
    ['Does Pakistan support China on the South China Sea?', 4],
    ['What did Premier Li Qiang discuss with Kakar?', 2],
  ])('%s → paragraph %i in the top 3', async (question, paragraph) => {
    const r = await retriever.retrieve({ question });
    expect(r.retrieved.slice(0, 3).map((x) => x.paragraph)).toContain(paragraph);
  });

  it('keeps a standalone question standalone even with history', async () => {
    const r = await retriever.retrieve({
      question: 'What is the position on Kashmir?',
      history: [{ role: 'user', content: 'What did the two sides agree regarding Gwadar Port?' }],
    });
    expect(r.resolvedQuestion).toBe('What is the position on Kashmir?');
    expect(r.retrieved[0]?.paragraph).toBe(22);
  });

  it.each(['What is the capital of France?', "What's the weather like in Paris today?", 'How do I bake sourdough bread?'])(
    'does not cover the off-topic %s',
    async (question) => expect((await retriever.retrieve({ question })).covered).toBe(false),
  );

  // The statement speaks of these subjects but not of what is asked: the answer is partial, never "answered".
  it.each(['明天北京的天气怎么样？', 'How much funding will China contribute to the lunar research station?', '中巴两国本币互换协议的规模是多少？', '两国军队下一次联合演习将在哪个城市举行？'])(
    'does not answer %s',
    async (question) => {
      const r = await retriever.retrieve({ question });
      const answer = createExtractiveAnswerer({ context: retriever.context }).answer(r, { question });
      expect(answer.coverage).not.toBe('answered');
    },
  );
});

describe('the source line', () => {
  it.each(['What did Xinhua report, and when?', '新华社是哪天发的？'])('%s is read as a question about the source line: only it names the agency', async (question) => {
    expect((await retriever.retrieve({ question })).reference).toEqual({ kind: 'source' });
  });
});

describe('exclusions', () => {
  it('"Besides X, which …": X does not pull the ranking', async () => {
    const r = await retriever.retrieve({ question: 'Besides Gwadar, which other projects does the statement mention?' });
    expect(r.retrieved[0]?.paragraph).not.toBe(7);
    const withX = await retriever.retrieve({ question: 'Which projects at Gwadar does the statement mention?' });
    expect(withX.retrieved[0]?.paragraph).toBe(7);
  });
});

describe('the query vector, sparse or dense', () => {
  it.each(['瓜达尔港有哪些项目？', 'What did the two sides say about Kashmir?', '第12段说了什么？', 'xyz'])(
    '%s ranks alike whether the embedder gives its non-zero dimensions or the whole vector',
    async (question) => {
      // The same embedder without its sparse method: the retriever reads the dense vector.
      const { embedQuerySparse: _sparse, ...dense } = ready.queryEmbedder;
      expect(_sparse).toBeTypeOf('function');
      const viaDense = createRetriever({ index: ready.index, embedder: dense, context: retriever.context });
      const a = await retriever.retrieve({ question });
      const b = await viaDense.retrieve({ question });
      expect(b.retrieved).toEqual(a.retrieved);
    },
  );
});
