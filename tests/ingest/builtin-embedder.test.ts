import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBuiltinEmbedder, fitBuiltinEmbedder, fnv1a, hashFeatures, hashFeaturesSparse } from '../../src/ingest/embedders/builtin-embedder.js';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import type { LexiconData } from '../../src/text/lexicon.js';

const paragraphs = parseStatement(readFileSync('data/statement.zh.txt', 'utf8')).paragraphs.map((p) => p.text);
const state = fitBuiltinEmbedder(paragraphs, 512);
// A hand-made lexicon: the test does not depend on the dictionary build.
const lexicon: LexiconData = {
  toZh: { gwadar: [['瓜达尔港', 1]], port: [['港口', 1]], afghanistan: [['阿富汗', 1]], kashmir: [['克什米尔', 1]] },
  gloss: {},
};
const embedder = createBuiltinEmbedder(state, { lexicon });
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

async function nearest(question: string): Promise<number> {
  const [q] = await embedder.embed([question], 'query');
  const docs = await embedder.embed(paragraphs, 'passage');
  const sims = docs.map((d) => dot(q!, d));
  return sims.indexOf(Math.max(...sims)) + 1;
}

describe('the built-in offline embedder', () => {
  it('is deterministic and unit length, in the declared dimension', async () => {
    const [a] = await embedder.embed(['瓜达尔港有哪些项目？'], 'query');
    const [b] = await embedder.embed(['瓜达尔港有哪些项目？'], 'query');
    expect(a).toHaveLength(512);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Math.sqrt(dot(a!, a!))).toBeCloseTo(1, 5);
  });

  it('hashes stably (FNV-1a)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });

  it.each([
    ['瓜达尔港有哪些项目？', 7],
    ['双方在阿富汗问题上同意做什么？', 28],
    ['What about Gwadar port?', 7],
    ['What is said about Afghanistan?', 28],
    ['Kashmir', 22],
  ])('puts %s nearest paragraph %i', async (question, paragraph) => {
    expect(await nearest(question)).toBe(paragraph);
  });

  it('normalises exactly as a pass over every dimension would (terms sharing a dimension included)', () => {
    const tiny = fitBuiltinEmbedder(['甲乙', '丙丁'], 4);
    // Eight terms into four dimensions: several share one.
    const terms = new Map(['w:甲', 'w:乙', 'w:丙', 'w:丁', 'b:甲乙', 'b:丙丁', 'e:alpha', 'e:beta'].map((t, i) => [t, 1 + (i % 3)] as const));
    const v = hashFeatures(terms, tiny);
    const raw = new Float32Array(4);
    for (const [f, tf] of terms) {
      const h = fnv1a(f);
      const w = (1 + Math.log(tf)) * (tiny.idf[f] ?? tiny.defaultIdf);
      raw[h % 4]! += h & 0x80000000 ? -w : w;
    }
    let norm = 0;
    for (const x of raw) norm += x * x;
    expect(Array.from(v)).toEqual(Array.from(raw, (x) => Math.fround(x / Math.sqrt(norm))));
  });

  it.each(['瓜达尔港有哪些项目？', 'What about Gwadar port?', '', '港 港 港'])(
    'gives %j the same vector sparse (non-zero dimensions, in order) as dense, every time',
    async (question) => {
      const [dense] = await embedder.embed([question], 'query');
      for (let round = 0; round < 3; round++) {
        const sparse = embedder.embedQuerySparse!(question);
        const nonZero = Array.from(dense!).flatMap((x, d) => (x !== 0 ? [d] : []));
        expect(sparse.dims).toEqual(nonZero);
        expect(sparse.values).toEqual(nonZero.map((d) => dense![d]));
      }
    },
  );

  it('leaves no trace of one text in the next (the summing buffer is cleared)', () => {
    const tiny = fitBuiltinEmbedder(['甲乙', '丙丁'], 4);
    const first = new Map([['w:甲', 2] as const, ['w:乙', 1] as const]);
    const second = new Map([['w:丙', 1] as const]);
    const alone = hashFeaturesSparse(second, fitBuiltinEmbedder(['甲乙', '丙丁'], 4));
    hashFeaturesSparse(first, tiny);
    expect(hashFeaturesSparse(second, tiny)).toEqual(alone);
  });

  it('gives an empty text the zero vector rather than NaN', async () => {
    const [v] = await embedder.embed([''], 'passage');
    expect(Array.from(v!).every((x) => x === 0)).toBe(true);
  });
});
