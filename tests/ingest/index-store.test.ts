import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { IndexError } from '../../src/errors.js';
import { loadIndex, readManifest, staleReason } from '../../src/ingest/index-store.js';
import { ensureIndex } from '../../src/server/ensure-index.js';

const quiet = { info: () => {}, warn: () => {} };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'index-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configFor(document = 'data/statement.zh.txt') {
  return loadConfig({ INDEX_DIR: join(dir, 'index'), DOCUMENT: document, EMBEDDER: 'builtin' });
}

function currentBuild(): string {
  const pointer = JSON.parse(readFileSync(join(dir, 'index', 'current.json'), 'utf8')) as { build: string };
  return join(dir, 'index', pointer.build);
}

describe('the index on disk', () => {
  it('round-trips: built, then loaded with the same paragraphs, manifest and vectors', async () => {
    const first = await ensureIndex(configFor(), quiet);
    expect(first.built).toBe(true);
    const m = first.index.manifest;
    expect(m.counts.paragraphs).toBe(31);
    expect(m.embedder).toEqual({ id: 'builtin-hash-v2', dimension: 1024 });
    expect(m.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(m.files).sort()).toEqual(['lexical.json', 'statement.json', 'vectors.hnsw']);

    const loaded = await loadIndex(join(dir, 'index'));
    expect(loaded.statement).toEqual(first.index.statement);
    expect(loaded.vectors.getCurrentCount()).toBe(31);
    const again = await ensureIndex(configFor(), quiet);
    expect(again.built).toBe(false);
  });

  it('is stale when the document or the embedder changes', async () => {
    await ensureIndex(configFor(), quiet);
    const manifest = await readManifest(join(dir, 'index'));
    expect(staleReason(manifest, { documentSha256: manifest!.document.sha256, embedderId: 'builtin-hash-v2' })).toBeUndefined();
    expect(staleReason(manifest, { documentSha256: 'x', embedderId: 'builtin-hash-v2' })).toMatch(/document changed/);
    expect(staleReason(manifest, { documentSha256: manifest!.document.sha256, embedderId: 'Xenova/e5' })).toMatch(/embedder changed/);
    expect(staleReason(undefined, { documentSha256: 'x', embedderId: 'y' })).toMatch(/no index/);

    const doc = join(dir, 'other.txt');
    writeFileSync(doc, '另一份声明\n1.第一段。\n2.第二段。\n');
    const rebuilt = await ensureIndex(configFor(doc), quiet);
    expect(rebuilt.built).toBe(true);
    expect(rebuilt.index.statement.paragraphs).toHaveLength(2);
  });

  it('a truncated file gives a clear error naming it, and ensureIndex rebuilds', async () => {
    await ensureIndex(configFor(), quiet);
    const vectors = join(currentBuild(), 'vectors.hnsw');
    truncateSync(vectors, 100);
    await expect(loadIndex(join(dir, 'index'))).rejects.toThrow(IndexError);
    await expect(loadIndex(join(dir, 'index'))).rejects.toThrow(/vectors\.hnsw is truncated or damaged/);
    const repaired = await ensureIndex(configFor(), quiet);
    expect(repaired.built).toBe(true);
    expect(repaired.index.vectors.getCurrentCount()).toBe(31);
  });

  it('a manifest that omits a file, or has the wrong shape, is damaged, not trusted', async () => {
    await ensureIndex(configFor(), quiet);
    const manifestPath = join(currentBuild(), 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, unknown> };
    delete manifest.files['lexical.json'];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await expect(loadIndex(join(dir, 'index'))).rejects.toThrow(/does not list lexical\.json/);
    expect(staleReason({ formatVersion: 4 } as never, { documentSha256: 'x', embedderId: 'y' })).toMatch(/document changed/);
    const repaired = await ensureIndex(configFor(), quiet);
    expect(repaired.built).toBe(true);
  });

  it('a missing index gives a clear error', async () => {
    await expect(loadIndex(join(dir, 'nothing'))).rejects.toThrow(/No index in .*npm run ingest/);
  });

  it('a crash mid-build leaves the previous index in force', async () => {
    await ensureIndex(configFor(), quiet);
    const before = readFileSync(join(dir, 'index', 'current.json'), 'utf8');
    // A half-written build folder, as a crash would leave it: never pointed at.
    writeFileSync(join(dir, 'index', '.tmp-build-0-dead'), 'partial');
    expect(readFileSync(join(dir, 'index', 'current.json'), 'utf8')).toBe(before);
    expect((await loadIndex(join(dir, 'index'))).statement.paragraphs).toHaveLength(31);
    expect(readdirSync(join(dir, 'index')).filter((f) => f.startsWith('build-'))).toHaveLength(1);
  });
});

describe('index schemas', () => {
  it('refuse a lexical file whose postings are not pairs of numbers, naming the field', async () => {
    const { LexicalSchema } = await import('../../src/ingest/index-schema.js');
    const lexical = { bm25: { k1: 1.2, b: 0.75, avgLength: 10, lengths: [10], postings: { 瓜达尔: [[0, 'x']] }, docCount: 1 }, lexicon: { toZh: {}, gloss: {} }, builtin: null };
    const parsed = LexicalSchema.safeParse(lexical);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe('bm25.postings');
    lexical.bm25.postings = { 瓜达尔: [[0, 2]] };
    expect(LexicalSchema.safeParse(lexical).success).toBe(true);
  });
});
