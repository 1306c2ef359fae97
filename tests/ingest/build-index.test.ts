import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, sourceDigest } from '../../src/ingest/build-index.js';
import { loadCedictEntries } from '../../src/ingest/cedict-source.js';
import { loadIndex } from '../../src/ingest/index-store.js';
import { BUILTIN_EMBEDDER_ID } from '../../src/ingest/embedders/builtin-embedder.js';
import { MADE_UP_EN, MADE_UP_GLOSSARY, MADE_UP_PARAPHRASES, MADE_UP_ZH } from '../helpers/made-up-statement.js';
import { tempDir } from '../helpers/ops-harness.js';

const work = tempDir('build');
afterAll(() => work.remove());

async function build(files: Record<string, string>): Promise<Awaited<ReturnType<typeof loadIndex>>> {
  const dir = join(work.dir, `doc-${Object.keys(files).join('-').replace(/[^\w-]/gu, '')}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  await buildIndex({
    documentPath: join(dir, 'other.zh.txt'),
    indexDir: join(dir, 'index'),
    embedder: { kind: 'builtin', id: BUILTIN_EMBEDDER_ID },
    glossary: MADE_UP_GLOSSARY,
    loadDictionary: loadCedictEntries,
  });
  return loadIndex(join(dir, 'index'));
}

describe('another statement', () => {
  it('is indexed without a rendering or paraphrases (English answers then quote the Chinese)', async () => {
    const index = await build({ 'other.zh.txt': MADE_UP_ZH });
    expect(index.statement.paragraphs).toHaveLength(6);
    expect(index.statement.paragraphs.every((p) => p.en === undefined)).toBe(true);
    expect(index.expansions).toBeUndefined();
  }, 60_000);

  it('is indexed with the rendering and paraphrases beside it', async () => {
    const index = await build({ 'other.zh.txt': MADE_UP_ZH, 'other.en.txt': MADE_UP_EN, 'other.paraphrases.txt': MADE_UP_PARAPHRASES });
    expect(index.statement.paragraphs[5]?.en).toEqual(['During the visit, the two sides signed 12 cooperation agreements, covering agriculture, transport, education and other fields.']);
    expect(index.statement.titleEn).toBe('Joint Statement of the Republic of Yalan and the Kingdom of Berto');
    expect(index.expansions?.['3.2']?.zh).toContain('淡水厂');
  }, 60_000);

  it('refuses a rendering that does not fit, naming the paragraph', async () => {
    await expect(build({ 'other.zh.txt': MADE_UP_ZH, 'other.en.txt': MADE_UP_EN.replace('signed 12', 'signed twelve') })).rejects.toThrow(
      /paragraph 6 lacks the figure 12/u,
    );
  }, 60_000);
});

describe('sourceDigest', () => {
  it('changes when any file the index is built from changes: the document, its rendering, its paraphrases, the glossary', () => {
    const dir = join(work.dir, 'digest');
    mkdirSync(dir, { recursive: true });
    const doc = join(dir, 'statement.zh.txt');
    writeFileSync(doc, MADE_UP_ZH);
    const seen = new Set([sourceDigest(doc)]);
    const steps: Array<[string, string]> = [
      ['statement.en.txt', MADE_UP_EN],
      ['statement.paraphrases.txt', MADE_UP_PARAPHRASES],
      ['glossary.tsv', 'Yalan\t雅兰\n'],
      ['glossary.tsv', 'Yalan\t雅兰\nBerto\t柏托\n'],
      ['statement.zh.txt', `${MADE_UP_ZH}\n`],
    ];
    for (const [name, text] of steps) {
      writeFileSync(join(dir, name), text);
      const digest = sourceDigest(doc);
      expect(seen.has(digest), `after writing ${name}`).toBe(false);
      seen.add(digest);
    }
    expect(sourceDigest(doc)).toBe([...seen].at(-1));
  });
});
