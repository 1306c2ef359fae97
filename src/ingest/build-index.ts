import { readFileSync } from 'node:fs';
import { buildBm25 } from '../retrieve/bm25.js';
import { passageFeatures } from '../text/features.js';
import { buildLexicon, type CedictEntry } from '../text/lexicon.js';
import { parseStatement } from './parse-statement.js';
import { createBuiltinEmbedder, fitBuiltinEmbedder } from './embedders/builtin-embedder.js';
import type { EmbedderChoice } from './create-embedder.js';
import { sha256, writeIndex, type Manifest } from './index-store.js';

export interface BuildIndexOptions {
  readonly documentPath: string;
  readonly indexDir: string;
  readonly embedder: EmbedderChoice;
  readonly glossary: ReadonlyArray<readonly [string, string]>;
  readonly loadDictionary: () => Promise<Iterable<CedictEntry>>;
  readonly onProgress?: (step: string) => void;
}

/** Parses the document, builds lexicon, BM25 and vectors, and writes the index atomically. */
export async function buildIndex(options: BuildIndexOptions): Promise<Manifest> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const raw = readFileSync(options.documentPath, 'utf8');
  const statement = parseStatement(raw);
  progress(`parsed ${statement.paragraphs.length} paragraphs`);
  const texts = statement.paragraphs.map((p) => p.text);
  const documentText = [statement.title, ...texts, statement.source].join('\n');
  const lexicon = buildLexicon({ documentText, entries: await options.loadDictionary(), glossary: options.glossary });
  progress(`lexicon: ${Object.keys(lexicon.toZh).length} English keys`);
  const bm25 = buildBm25(texts.map(passageFeatures));
  const builtin = options.embedder.kind === 'builtin' ? fitBuiltinEmbedder(texts) : undefined;
  const embedder = builtin ? createBuiltinEmbedder(builtin, lexicon) : options.embedder.kind === 'model' ? options.embedder.embedder : undefined;
  if (!embedder) throw new Error('no embedder');
  const vectors: Float32Array[] = [];
  const batch = 8;
  for (let i = 0; i < texts.length; i += batch) {
    vectors.push(...(await embedder.embed(texts.slice(i, i + batch), 'passage')));
    progress(`embedded ${Math.min(i + batch, texts.length)}/${texts.length}`);
  }
  return writeIndex(options.indexDir, {
    statement,
    documentPath: options.documentPath,
    documentSha256: sha256(raw),
    embedder: { id: embedder.id, dimension: embedder.dimension },
    vectors,
    bm25,
    lexicon,
    builtin,
    buildMs: Math.round(performance.now() - started),
  });
}
