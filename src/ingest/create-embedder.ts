import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Embedder } from '../types.js';
import { BUILTIN_EMBEDDER_ID } from './embedders/builtin-embedder.js';
import type { createTransformersEmbedder } from './embedders/transformers-embedder.js';

/** Which embedder the index uses: the built-in one (fitted on the document), or a loaded model. */
export type EmbedderChoice =
  | { readonly kind: 'builtin'; readonly id: typeof BUILTIN_EMBEDDER_ID; readonly notice?: string }
  | { readonly kind: 'model'; readonly id: string; readonly embedder: Embedder };

/** Progress and notices in sentences (the CLIs print them; the server logs them). */
export interface Logger {
  /** Detail: progress steps. Printed at info when absent. */
  debug?(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
}

/**
 * Resolves `EMBEDDER`: `builtin`; `transformers` (a model must load, or this fails); `auto` (the model
 * when its files are in MODELS_DIR or downloading is allowed, else the built-in embedder, said once).
 */
export async function chooseEmbedder(
  config: Pick<Config, 'embedder' | 'embeddingModel' | 'modelsDir' | 'allowRemoteModels'>,
  log: Logger,
  load?: typeof createTransformersEmbedder,
): Promise<EmbedderChoice> {
  if (config.embedder === 'builtin') return { kind: 'builtin', id: BUILTIN_EMBEDDER_ID };
  const local = existsSync(join(config.modelsDir, config.embeddingModel, 'config.json'));
  if (config.embedder === 'auto' && !local && !config.allowRemoteModels) {
    const folder = join(config.modelsDir, config.embeddingModel);
    const notice = `Using the built-in offline embedder. For an embedding model, put ${config.embeddingModel}'s files in ${folder}/ or set ALLOW_REMOTE_MODELS=true (see the README); EMBEDDER=builtin says this is what you want.`;
    log.info(notice);
    return { kind: 'builtin', id: BUILTIN_EMBEDDER_ID, notice };
  }
  try {
    let lastShown = 0;
    // transformers.js (and onnxruntime) load only when a model is used: a start without one stays light.
    const loader = load ?? (await import('./embedders/transformers-embedder.js')).createTransformersEmbedder;
    const embedder = await loader({
      model: config.embeddingModel,
      modelsDir: config.modelsDir,
      allowRemote: config.allowRemoteModels,
      onProgress: (p) => {
        // Download progress, at most a line a second per file.
        if (p.status === 'progress' && p.total && Date.now() - lastShown > 1000) {
          lastShown = Date.now();
          log.info(`downloading ${p.file}: ${Math.round(((p.loaded ?? 0) / p.total) * 100)}%`);
        }
      },
    });
    log.info(`embedder: ${embedder.id} (${embedder.dimension} dimensions)`);
    return { kind: 'model', id: embedder.id, embedder };
  } catch (err) {
    if (config.embedder === 'transformers') throw err;
    const notice = `The embedding model ${config.embeddingModel} could not be loaded (${(err as Error).message}): using the built-in offline embedder.`;
    log.warn(notice);
    return { kind: 'builtin', id: BUILTIN_EMBEDDER_ID, notice };
  }
}
