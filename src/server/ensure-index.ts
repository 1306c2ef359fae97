import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { IndexError } from '../errors.js';
import { buildIndex, sourceDigest } from '../ingest/build-index.js';
import { loadCedictEntries, readGlossary } from '../ingest/cedict-source.js';
import { chooseEmbedder, type EmbedderChoice, type Logger } from '../ingest/create-embedder.js';
import { createBuiltinEmbedder } from '../ingest/embedders/builtin-embedder.js';
import { loadIndex, readManifest, staleReason, type LoadedIndex, type Manifest } from '../ingest/index-store.js';
import type { Embedder } from '../types.js';

export interface ReadyIndex {
  readonly index: LoadedIndex;
  /** Embeds questions in the same space as the index's paragraphs. */
  readonly queryEmbedder: Embedder;
  readonly choice: EmbedderChoice;
  /** True when this call (re)built the index. */
  readonly built: boolean;
}

/** The glossary beside a document: `glossary.tsv` in the document's folder (data/glossary.tsv for the shipped statement). */
export function glossaryPathFor(documentPath: string): string {
  return join(dirname(documentPath), 'glossary.tsv');
}

/** Builds the index for this document and embedder; prints progress lines. */
export async function rebuildIndex(config: Config, choice: EmbedderChoice, log: Logger): Promise<Manifest> {
  return buildIndex({
    documentPath: config.documentPath,
    indexDir: config.indexDir,
    embedder: choice,
    glossary: readGlossary(glossaryPathFor(config.documentPath)),
    loadDictionary: loadCedictEntries,
    onProgress: (step) => log.info(`ingest: ${step}`),
  });
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
 * Loads the index, building it first when it is missing, stale (document or embedder changed)
 * or damaged. `npm start` and the eval use this; `npm run ingest` always rebuilds.
 */
export async function ensureIndex(config: Config, log: Logger, choice?: EmbedderChoice): Promise<ReadyIndex> {
  const embedderChoice = choice ?? (await chooseEmbedder(config, log));
  const documentSha256 = sourceDigest(config.documentPath);
  const reason = staleReason(readManifest(config.indexDir), { documentSha256, embedderId: embedderChoice.id });
  let built = false;
  if (reason) {
    log.info(`Building the index in ${config.indexDir} (${reason})…`);
    const m = await rebuildIndex(config, embedderChoice, log);
    log.info(`Index built: ${m.counts.paragraphs} paragraphs, ${m.embedder.id} (${m.embedder.dimension} dims) in ${m.buildMs} ms`);
    built = true;
  }
  let index: LoadedIndex;
  try {
    index = loadIndex(config.indexDir);
  } catch (err) {
    if (built || !(err instanceof IndexError)) throw err;
    log.warn(`${err.message} Rebuilding…`);
    await rebuildIndex(config, embedderChoice, log);
    index = loadIndex(config.indexDir);
    built = true;
  }
  return { index, queryEmbedder: queryEmbedderFor(index, embedderChoice), choice: embedderChoice, built };
}
