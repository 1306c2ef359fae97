import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import type { PretrainedModelOptions, ProgressInfo, Tensor } from '@huggingface/transformers';
import { EmbeddingModelError } from '../../errors.js';
import type { Embedder } from '../../types.js';

/** ONNX weight variants transformers.js can load; each maps to `onnx/model<suffix>.onnx`. */
export type EmbedderDtype = 'q8' | 'fp32' | 'fp16' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** File-name suffixes transformers.js 4 appends per dtype (its DEFAULT_DTYPE_SUFFIX_MAPPING). */
const ONNX_SUFFIX: Readonly<Record<EmbedderDtype, string>> = {
  q8: '_quantized',
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Preference when the dtype is not given: small quantized weights first, then full precision. */
const DTYPE_PREFERENCE: readonly EmbedderDtype[] = ['q8', 'fp32', 'int8', 'uint8', 'fp16', 'q4', 'q4f16', 'bnb4'];

export interface EmbedderProgress {
  readonly status: string;
  /** The file being loaded; the model id for whole-model events (`progress_total`, `ready`). */
  readonly file: string;
  readonly loaded?: number;
  readonly total?: number;
}

/** The slice of a transformers.js feature-extraction pipeline this adapter uses. */
export type FeatureExtractor = (texts: string[], options: { pooling: 'mean'; normalize: true }) => Promise<Tensor>;

/** Builds the feature extractor; the default calls `pipeline('feature-extraction', …)`. Injectable for tests. */
export type LoadFeatureExtractor = (model: string, options: PretrainedModelOptions) => Promise<FeatureExtractor>;

export interface TransformersEmbedderOptions {
  /** Hub id, e.g. `Xenova/multilingual-e5-small`; files are looked up under `<modelsDir>/<model>/`. */
  readonly model: string;
  readonly modelsDir: string;
  /** When true, missing files are downloaded from the Hugging Face Hub into `<modelsDir>/<model>/`. */
  readonly allowRemote: boolean;
  /** Which ONNX weights to load. Default: the best variant present locally (see `chooseDtype`), else `q8`. */
  readonly dtype?: EmbedderDtype;
  /** Texts per forward pass. Default 32. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: EmbedderProgress) => void;
  readonly loadExtractor?: LoadFeatureExtractor;
}

// The error lives in the project's one error family (src/errors.ts); re-exported for existing importers.
export { EmbeddingModelError };

const E5_INSTRUCT_QUERY = 'Instruct: Given a question, retrieve passages of the document that answer it\nQuery: ';

/**
 * e5 models were trained with `query: ` / `passage: ` prefixes and lose accuracy without them;
 * e5 `-instruct` models want an instruction before queries and nothing before passages; others get none.
 */
export function prefixFor(modelId: string, kind: 'query' | 'passage'): string {
  const name = modelId.split('/').pop()?.toLowerCase() ?? '';
  if (!/(^|[-_])e5([-_.]|$)/.test(name)) return '';
  if (/[-_]instruct([-_.]|$)/.test(name)) return kind === 'query' ? E5_INSTRUCT_QUERY : '';
  return `${kind}: `;
}

/** Picks the dtype whose ONNX file is present in a model's `onnx/` folder (`q8` when none is, e.g. before a download). */
export function chooseDtype(onnxFiles: readonly string[]): EmbedderDtype {
  const present = new Set(onnxFiles);
  return DTYPE_PREFERENCE.find((dtype) => present.has(onnxFileName(dtype))) ?? 'q8';
}

/** The file transformers.js loads for a dtype, relative to the `onnx/` folder. */
export function onnxFileName(dtype: EmbedderDtype): string {
  return `model${ONNX_SUFFIX[dtype]}.onnx`;
}

/** Flattens transformers.js progress events into one shape a CLI can print. */
export function toEmbedderProgress(info: ProgressInfo): EmbedderProgress {
  switch (info.status) {
    case 'initiate':
    case 'download':
    case 'done':
      return { status: info.status, file: info.file };
    case 'progress':
      return { status: info.status, file: info.file, loaded: info.loaded, total: info.total };
    case 'progress_total':
      return { status: info.status, file: info.name, loaded: info.loaded, total: info.total };
    case 'ready':
      return { status: info.status, file: info.model };
  }
}

const loadPipeline: LoadFeatureExtractor = (model, options) => pipeline('feature-extraction', model, options);

// transformers.js `env` is a process-wide singleton read while a model loads, so loads run one at a time.
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * Loads a transformers.js feature-extraction model once and returns an Embedder over it
 * (mean pooling, L2-normalised, e5 prefixes added by `kind`). Throws EmbeddingModelError
 * when the model is missing (and downloads are off) or its files are unusable.
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const load = loadQueue.then(() => loadEmbedder(options));
  loadQueue = load.catch(() => undefined);
  return load;
}

async function loadEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const { model, allowRemote, onProgress } = options;
  const modelsDir = resolve(options.modelsDir);
  const modelDir = join(modelsDir, model);
  const dtype = options.dtype ?? chooseDtype(await listOnnxFiles(modelDir));
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const expected = `config.json, tokenizer.json, tokenizer_config.json and onnx/${onnxFileName(dtype)}`;

  env.localModelPath = modelsDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemote;

  let extractor: FeatureExtractor;
  try {
    extractor = await (options.loadExtractor ?? loadPipeline)(model, {
      dtype,
      // Downloads land in the same `<modelsDir>/<model>/` layout that local loading reads.
      cache_dir: modelsDir,
      local_files_only: !allowRemote,
      ...(onProgress ? { progress_callback: (info: ProgressInfo) => onProgress(toEmbedderProgress(info)) } : {}),
    });
  } catch (cause) {
    const hint = allowRemote
      ? `downloading to or reading from ${modelDir} failed (it should end up holding ${expected})`
      : `${modelDir} must hold valid ${expected}, as remote downloads are disabled`;
    throw new EmbeddingModelError(
      `Cannot load embedding model "${model}" (dtype ${dtype}) from ${modelsDir}: ${hint}. Cause: ${messageOf(cause)}`,
      { cause },
    );
  }

  const prefixes = { query: prefixFor(model, 'query'), passage: prefixFor(model, 'passage') };

  async function embed(texts: readonly string[], kind: 'query' | 'passage'): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize).map((text) => prefixes[kind] + text);
      let output: Tensor;
      try {
        output = await extractor(batch, { pooling: 'mean', normalize: true });
      } catch (cause) {
        throw new EmbeddingModelError(`Embedding model "${model}" (from ${modelsDir}) failed: ${messageOf(cause)}`, { cause });
      }
      vectors.push(...splitRows(output, batch.length, model));
    }
    return vectors;
  }

  const probe = await embed(['dimension probe'], 'query');
  const dimension = probe[0]?.length ?? 0;
  if (dimension === 0) {
    throw new EmbeddingModelError(`Embedding model "${model}" (from ${modelsDir}) produced an empty vector.`);
  }
  return { id: model, dimension, embed };
}

function splitRows(output: Tensor, rows: number, model: string): Float32Array[] {
  const tensor = output.type === 'float32' ? output : output.to('float32');
  const [count, dimension] = tensor.dims;
  if (tensor.dims.length !== 2 || count !== rows || dimension === undefined) {
    throw new EmbeddingModelError(
      `Embedding model "${model}" returned shape [${tensor.dims.join(', ')}], expected [${rows}, dimension].`,
    );
  }
  const data = tensor.data as Float32Array;
  return Array.from({ length: rows }, (_, i) => data.slice(i * dimension, (i + 1) * dimension));
}

async function listOnnxFiles(modelDir: string): Promise<string[]> {
  try {
    return await readdir(join(modelDir, 'onnx'));
  } catch {
    return [];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
