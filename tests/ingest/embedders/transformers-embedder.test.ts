import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import type { PretrainedModelOptions } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EmbeddingModelError,
  chooseDtype,
  createTransformersEmbedder,
  prefixFor,
  toEmbedderProgress,
} from '../../../src/ingest/embedders/transformers-embedder.js';
import type { EmbedderProgress, FeatureExtractor } from '../../../src/ingest/embedders/transformers-embedder.js';
import type { Embedder } from '../../../src/types.js';
import { writeTinyBertModel } from '../../helpers/tiny-onnx-model.js';

const MODEL = 'test/tiny-bert';

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
}

/** The real pipeline, wrapped so tests can count loads and see the texts sent to the model. */
function spyingLoader() {
  const calls: string[][] = [];
  const load = vi.fn(async (model: string, options: PretrainedModelOptions): Promise<FeatureExtractor> => {
    const extractor = await pipeline('feature-extraction', model, options);
    return (texts, opts) => {
      calls.push(texts);
      return extractor(texts, opts);
    };
  });
  return { load, calls };
}

describe('prefixFor', () => {
  it.each([
    ['Xenova/multilingual-e5-small', 'query', 'query: '],
    ['Xenova/multilingual-e5-small', 'passage', 'passage: '],
    ['intfloat/e5-base-v2', 'query', 'query: '],
    ['intfloat/e5-base-v2', 'passage', 'passage: '],
    ['Xenova/multilingual-e5-large', 'passage', 'passage: '],
    ['intfloat/multilingual-e5-large-instruct', 'passage', ''],
    ['Xenova/bge-m3', 'query', ''],
    ['Xenova/all-MiniLM-L6-v2', 'passage', ''],
    ['Xenova/paraphrase-multilingual-MiniLM-L12-v2', 'query', ''],
    ['test/tiny-bert', 'query', ''],
    ['someone/be5t-model', 'query', ''],
  ] as const)('%s (%s) → %j', (model, kind, expected) => {
    expect(prefixFor(model, kind)).toBe(expected);
  });

  it('gives e5-instruct queries an instruction ending in "Query: "', () => {
    expect(prefixFor('intfloat/multilingual-e5-large-instruct', 'query')).toMatch(/^Instruct: .+\nQuery: $/);
  });
});

describe('chooseDtype', () => {
  it.each([
    [['model.onnx', 'model_quantized.onnx', 'model_fp16.onnx'], 'q8'],
    [['model.onnx'], 'fp32'],
    [['model_fp16.onnx'], 'fp16'],
    [['model_int8.onnx', 'model_q4.onnx'], 'int8'],
    [[], 'q8'],
    [['README.md'], 'q8'],
  ] as const)('%j → %s', (files, expected) => {
    expect(chooseDtype(files)).toBe(expected);
  });
});

describe('toEmbedderProgress', () => {
  it.each([
    [{ status: 'initiate', name: 'm', file: 'config.json' }, { status: 'initiate', file: 'config.json' }],
    [
      { status: 'progress', name: 'm', file: 'onnx/model.onnx', progress: 50, loaded: 5, total: 10 },
      { status: 'progress', file: 'onnx/model.onnx', loaded: 5, total: 10 },
    ],
    [
      { status: 'progress_total', name: 'm', progress: 50, loaded: 5, total: 10, files: {} },
      { status: 'progress_total', file: 'm', loaded: 5, total: 10 },
    ],
    [{ status: 'ready', task: 'feature-extraction', model: 'm' }, { status: 'ready', file: 'm' }],
  ] as const)('%j', (info, expected) => {
    expect(toEmbedderProgress(info)).toEqual(expected);
  });
});

describe('createTransformersEmbedder (tiny real ONNX model, offline)', () => {
  let dir: string;
  let embedder: Embedder;
  let vocab: string[];
  const loader = spyingLoader();
  const progress: EmbedderProgress[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'transformers-embedder-'));
    ({ vocab } = await writeTinyBertModel(dir, MODEL));
    // The factory must set the global env itself, whatever state earlier code left it in.
    env.localModelPath = join(dir, 'elsewhere');
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    embedder = await createTransformersEmbedder({
      model: MODEL,
      modelsDir: dir,
      allowRemote: false,
      onProgress: (p) => progress.push(p),
      loadExtractor: loader.load,
    });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the model id and the dimension found by a probe', () => {
    expect(vocab.length).toBeGreaterThan(50);
    expect(embedder.id).toBe(MODEL);
    expect(embedder.dimension).toBe(16);
  });

  it('sets the global env from its options', () => {
    expect(env.localModelPath).toBe(dir);
    expect(env.allowLocalModels).toBe(true);
    expect(env.allowRemoteModels).toBe(false);
  });

  it('picks fp32 by default when only onnx/model.onnx exists, and reports progress', () => {
    expect(loader.load.mock.calls[0]?.[1]).toMatchObject({ dtype: 'fp32', local_files_only: true });
    expect(progress).toContainEqual({ status: 'done', file: 'onnx/model.onnx' });
    expect(progress).toContainEqual({ status: 'ready', file: MODEL });
  });

  it('returns one unit-length Float32Array per text', async () => {
    const texts = ['中国巴基斯坦经济走廊', 'China and Pakistan', '港口', 'unknownword'];
    const vectors = await embedder.embed(texts, 'passage');
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(16);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic, and a text embeds the same alone or padded in a batch', async () => {
    const [alone] = await embedder.embed(['经济'], 'query');
    const [again, , inBatch] = await embedder.embed(['经济', '中国巴基斯坦全天候战略合作伙伴', '经济'], 'query');
    expect(Array.from(again!)).toEqual(Array.from(alone!));
    for (let i = 0; i < 16; i++) expect(inBatch![i]).toBeCloseTo(alone![i]!, 6);
  });

  it('puts texts that share tokens closer than unrelated ones', async () => {
    const [a, b, c] = await embedder.embed(['中国巴基斯坦经济走廊', '巴基斯坦经济合作', 'energy trade port'], 'passage');
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.2);
  });

  it('creates the pipeline once and reuses it for every call', async () => {
    await embedder.embed(['安全'], 'query');
    await embedder.embed(['发展'], 'passage');
    expect(loader.load).toHaveBeenCalledTimes(1);
    expect(loader.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('adds no prefix for a non-e5 model, so query and passage vectors match', async () => {
    const [q] = await embedder.embed(['和平'], 'query');
    const [p] = await embedder.embed(['和平'], 'passage');
    expect(Array.from(q!)).toEqual(Array.from(p!));
    expect(loader.calls.at(-1)).toEqual(['和平']);
  });

  it('returns no vectors (and runs nothing) for no texts', async () => {
    const before = loader.calls.length;
    expect(await embedder.embed([], 'query')).toEqual([]);
    expect(loader.calls.length).toBe(before);
  });
});

describe('createTransformersEmbedder (prefixes, batches, failures)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'transformers-embedder-'));
    await writeTinyBertModel(dir, 'test/tiny-e5-small');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefixes e5 texts by kind and splits large inputs into batches', async () => {
    const loader = spyingLoader();
    const e5 = await createTransformersEmbedder({
      model: 'test/tiny-e5-small',
      modelsDir: dir,
      allowRemote: false,
      batchSize: 2,
      loadExtractor: loader.load,
    });
    loader.calls.length = 0;
    const vectors = await e5.embed(['中国', '巴基斯坦', '走廊', '港口', '能源'], 'passage');
    expect(vectors).toHaveLength(5);
    expect(loader.calls).toEqual([
      ['passage: 中国', 'passage: 巴基斯坦'],
      ['passage: 走廊', 'passage: 港口'],
      ['passage: 能源'],
    ]);
    const [query] = await e5.embed(['中国'], 'query');
    expect(loader.calls.at(-1)).toEqual(['query: 中国']);
    expect(Array.from(query!)).not.toEqual(Array.from(vectors[0]!));
  });

  it('fails fast with a clear error naming the model and folder when the model is missing', async () => {
    const started = Date.now();
    const error: unknown = await createTransformersEmbedder({
      model: 'nobody/missing-model',
      modelsDir: dir,
      allowRemote: false,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(EmbeddingModelError);
    const { message, cause } = error as EmbeddingModelError;
    expect(message).toContain('"nobody/missing-model"');
    expect(message).toContain(dir);
    expect(message).toContain('remote downloads are disabled');
    expect(message).toContain('onnx/model_quantized.onnx');
    expect(cause).toBeInstanceOf(Error);
  });

  it('names the missing ONNX file when the requested dtype is not present', async () => {
    const error = await createTransformersEmbedder({
      model: 'test/tiny-e5-small',
      modelsDir: dir,
      allowRemote: false,
      dtype: 'q8',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingModelError);
    expect((error as Error).message).toMatch(/test\/tiny-e5-small.*onnx\/model_quantized\.onnx/s);
  });

  it('wraps a corrupt ONNX file with the model, the folder and the cause', async () => {
    await writeTinyBertModel(dir, 'test/corrupt');
    await writeFile(join(dir, 'test/corrupt', 'onnx', 'model.onnx'), 'this is not a protobuf');
    const error = await createTransformersEmbedder({
      model: 'test/corrupt',
      modelsDir: dir,
      allowRemote: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingModelError);
    expect((error as Error).message).toContain('"test/corrupt"');
    expect((error as Error).message).toContain(dir);
    expect((error as Error).cause).toBeDefined();
  });

  it('loads models from different folders concurrently', async () => {
    const other = await mkdtemp(join(tmpdir(), 'transformers-embedder-other-'));
    try {
      await writeTinyBertModel(other, 'other/only-here');
      const [a, b] = await Promise.all([
        createTransformersEmbedder({ model: 'test/tiny-e5-small', modelsDir: dir, allowRemote: false }),
        createTransformersEmbedder({ model: 'other/only-here', modelsDir: other, allowRemote: false }),
      ]);
      expect(a.dimension).toBe(16);
      expect(b.dimension).toBe(16);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
