import { stat } from 'node:fs/promises';
import type { Config } from '../config.js';
import { DocumentError } from '../errors.js';
import { buildIndex, glossaryPathFor } from './build-index.js';
import { loadCedictEntries, readGlossary } from './cedict-source.js';
import type { EmbedderChoice, Logger } from './create-embedder.js';
import type { Manifest } from './index-schema.js';


/** A DocumentError naming the file and what to do when `path` is not a readable file. */
export async function checkDocument(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(err)})`;
    throw new DocumentError(`The document ${path} ${why}: set DOCUMENT to the statement's path, or pass it to \`npm run ingest -- <file>\`.`, undefined, { cause: err });
  }
  if (!st.isFile()) throw new DocumentError(`The document ${path} is not a file: set DOCUMENT to the statement's text file.`);
}

/** Builds the index for this document and embedder, writing it atomically; progress goes to `log.info`. */
export async function rebuildIndex(config: Pick<Config, 'documentPath' | 'indexDir'>, choice: EmbedderChoice, log: Logger): Promise<Manifest> {
  await checkDocument(config.documentPath);
  return buildIndex({
    documentPath: config.documentPath,
    indexDir: config.indexDir,
    embedder: choice,
    glossary: readGlossary(glossaryPathFor(config.documentPath)),
    loadDictionary: loadCedictEntries,
    onProgress: (step) => (log.debug ?? log.info).call(log, `ingest: ${step}`),
  });
}
