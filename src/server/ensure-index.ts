import type { Config } from '../config.js';
import { IndexError } from '../errors.js';
import { chooseEmbedder, type EmbedderChoice, type Logger } from '../ingest/create-embedder.js';
import { createBuiltinEmbedder } from '../ingest/embedders/builtin-embedder.js';
import { sourceDigest } from '../ingest/build-index.js';
import { loadIndex, readManifest, staleReason, type LoadedIndex } from '../ingest/index-store.js';
import { checkDocument, rebuildIndex } from '../ingest/rebuild-index.js';
import type { Embedder } from '../types.js';

export { rebuildIndex } from '../ingest/rebuild-index.js';

export interface ReadyIndex {
  readonly index: LoadedIndex;
  /** Embeds questions in the same space as the index's paragraphs. */
  readonly queryEmbedder: Embedder;
  readonly choice: EmbedderChoice;
  /** True when this call (re)built the index. */
  readonly built: boolean;
}

/** The query embedder for a loaded index: the model itself, or the built-in embedder with the index's statistics. */
export function queryEmbedderFor(index: LoadedIndex, choice: EmbedderChoice): Embedder {
  if (choice.kind === 'model') return choice.embedder;
  if (!index.builtin) throw new IndexError(`The index in ${index.dir} lacks the built-in embedder's statistics; rebuild with \`npm run ingest\`.`);
  return createBuiltinEmbedder(index.builtin, {
    lexicon: index.lexicon,
    synonyms: index.synonyms,
    rendering: index.statement.paragraphs.some((p) => p.en !== undefined),
  });
}

/**
 * Builds the index when it is missing, stale (document or embedder changed) or damaged, without
 * loading it. Says whether it built. The cluster's primary runs this before its workers start.
 */
export async function prepareIndex(config: Config, log: Logger, choice: EmbedderChoice): Promise<boolean> {
  await checkDocument(config.documentPath);
  // The document and what is read beside it (its rendering, its paraphrases): a change to any rebuilds.
  const documentSha256 = sourceDigest(config.documentPath);
  const reason = staleReason(await readManifest(config.indexDir), { documentSha256, embedderId: choice.id });
  if (!reason) return false;
  log.info(`Building the index in ${config.indexDir} (${reason})…`);
  const m = await rebuildIndex(config, choice, log);
  log.info(`Index built: ${m.counts.paragraphs} paragraphs, ${m.embedder.id} (${m.embedder.dimension} dims) in ${m.buildMs} ms`);
  return true;
}

/**
 * Loads the index, building it first when it is missing, stale (document or embedder changed)
 * or damaged. `npm start` and the eval use this; `npm run ingest` always rebuilds.
 */
export async function ensureIndex(config: Config, log: Logger, choice?: EmbedderChoice): Promise<ReadyIndex> {
  const embedderChoice = choice ?? (await chooseEmbedder(config, log));
  let built = await prepareIndex(config, log, embedderChoice);
  let index: LoadedIndex;
  try {
    index = await loadIndex(config.indexDir);
  } catch (err) {
    if (built || !(err instanceof IndexError)) throw err;
    log.warn(`${err.message} Rebuilding…`);
    await rebuildIndex(config, embedderChoice, log);
    index = await loadIndex(config.indexDir);
    built = true;
  }
  return { index, queryEmbedder: queryEmbedderFor(index, embedderChoice), choice: embedderChoice, built };
}
