import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chooseEmbedder } from '../../src/ingest/create-embedder.js';
import { createRetriever } from '../../src/retrieve/create-retriever.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { writeTinyBertModel } from '../helpers/tiny-onnx-model.js';

const MODEL = 'test/tiny-bert';
const dir = mkdtempSync(join(tmpdir(), 'choose-embedder-'));
const models = join(dir, 'models');
const warnings: string[] = [];
const infos: string[] = [];
const log = { info: (m: string) => void infos.push(m), warn: (m: string) => void warnings.push(m) };

beforeAll(async () => {
  await writeTinyBertModel(models, MODEL);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chooseEmbedder (EMBEDDER=auto|builtin|transformers)', () => {
  it('auto without model files and without downloads: the built-in embedder, said once as plain information on how to add a model', async () => {
    warnings.length = 0;
    infos.length = 0;
    const choice = await chooseEmbedder(loadConfig({ MODELS_DIR: join(dir, 'empty'), EMBEDDING_MODEL: MODEL }), log);
    expect(choice.kind).toBe('builtin');
    expect(warnings).toHaveLength(0);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/built-in offline embedder/);
    expect(infos[0]).toContain(join(dir, 'empty', MODEL));
    expect(infos[0]).toMatch(/ALLOW_REMOTE_MODELS=true/);
  });

  it('builtin: no attempt to load a model', async () => {
    const choice = await chooseEmbedder(loadConfig({ EMBEDDER: 'builtin', MODELS_DIR: models, EMBEDDING_MODEL: MODEL }), log);
    expect(choice.kind).toBe('builtin');
  });

  it('auto with the model in MODELS_DIR: the transformers.js model', async () => {
    const choice = await chooseEmbedder(loadConfig({ MODELS_DIR: models, EMBEDDING_MODEL: MODEL }), log);
    expect(choice.kind).toBe('model');
    expect(choice.id).toBe(MODEL);
  });

  it('transformers with a missing model fails clearly instead of falling back', async () => {
    await expect(chooseEmbedder(loadConfig({ EMBEDDER: 'transformers', MODELS_DIR: join(dir, 'empty'), EMBEDDING_MODEL: MODEL }), log)).rejects.toThrow(
      /test\/tiny-bert/,
    );
  });

  it('builds and searches a real index with the transformers.js model (offline, tiny ONNX model)', async () => {
    const config = loadConfig({ EMBEDDER: 'transformers', MODELS_DIR: models, EMBEDDING_MODEL: MODEL, INDEX_DIR: join(dir, 'index') });
    const ready = await ensureIndex(config, log);
    expect(ready.index.manifest.embedder.id).toBe(MODEL);
    expect(ready.index.manifest.embedder.dimension).toBe(16);
    const retriever = createRetriever({ index: ready.index, embedder: ready.queryEmbedder });
    const r = await retriever.retrieve({ question: '瓜达尔港有哪些项目？' });
    // BM25 carries this toy model; the point is the dense path runs end to end with model vectors.
    expect(r.retrieved[0]?.paragraph).toBe(7);
    // Switching back to the built-in embedder makes the index stale and rebuilds it.
    const back = await ensureIndex(loadConfig({ EMBEDDER: 'builtin', INDEX_DIR: join(dir, 'index') }), log);
    expect(back.built).toBe(true);
    expect(back.index.manifest.embedder.id).toBe('builtin-hash-v2');
  }, 60_000);
});
