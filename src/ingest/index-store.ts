import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { IndexError } from '../errors.js';
import type { Bm25Index } from '../match/bm25.js';
import type { Synonyms } from '../match/concepts.js';
import type { Expansions } from '../match/document-model.js';
import type { LexiconData } from '../text/lexicon.js';
import type { Statement } from '../types.js';
import type { BuiltinEmbedderState } from './embedders/builtin-embedder.js';

const { HierarchicalNSW } = hnswlib;
export type VectorIndex = InstanceType<typeof HierarchicalNSW>;

export const INDEX_FORMAT_VERSION = 4;
const POINTER = 'current.json';

export interface Manifest {
  readonly formatVersion: number;
  readonly builtAt: string;
  readonly document: { readonly path: string; readonly sha256: string };
  readonly embedder: { readonly id: string; readonly dimension: number };
  readonly counts: { readonly paragraphs: number; readonly lexiconKeys: number; readonly features: number };
  readonly files: Record<string, { readonly bytes: number; readonly sha256: string }>;
  readonly buildMs: number;
}

/** Everything retrieval needs, loaded once per process. */
export interface LoadedIndex {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly statement: Statement;
  readonly bm25: Bm25Index;
  readonly lexicon: LexiconData;
  readonly builtin: BuiltinEmbedderState | undefined;
  readonly vectors: VectorIndex;
  /** Per sentence, the ways people would say what it says (absent when the document has none). */
  readonly expansions?: Expansions | undefined;
  /** English words → the document's English words they are synonyms of (WordNet). */
  readonly synonyms?: Synonyms | undefined;
}

export interface IndexContents {
  readonly statement: Statement;
  readonly documentPath: string;
  readonly documentSha256: string;
  readonly embedder: { readonly id: string; readonly dimension: number };
  readonly vectors: readonly Float32Array[];
  readonly bm25: Bm25Index;
  readonly lexicon: LexiconData;
  readonly builtin: BuiltinEmbedderState | undefined;
  readonly expansions?: Expansions | undefined;
  readonly synonyms?: Synonyms | undefined;
  readonly buildMs: number;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface Lexical {
  readonly bm25: Bm25Index;
  readonly lexicon: LexiconData;
  readonly builtin: BuiltinEmbedderState | null;
  readonly expansions?: Expansions | null;
  readonly synonyms?: Synonyms | null;
}

/**
 * Writes the index atomically: every file goes into a fresh build folder, then one small pointer file
 * (`current.json`) is replaced by rename. A crash mid-build leaves the previous index in force.
 */
export function writeIndex(indexDir: string, contents: IndexContents): Manifest {
  mkdirSync(indexDir, { recursive: true });
  const name = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const tmp = join(indexDir, `.tmp-${name}`);
  mkdirSync(tmp);
  try {
    const vectors = new HierarchicalNSW('cosine', contents.embedder.dimension);
    vectors.initIndex({ maxElements: Math.max(1, contents.vectors.length), m: 16, efConstruction: 200, randomSeed: 42 });
    contents.vectors.forEach((v, i) => vectors.addPoint(Array.from(v), i));
    vectors.writeIndexSync(join(tmp, 'vectors.hnsw'));
    const lexical: Lexical = {
      bm25: contents.bm25,
      lexicon: contents.lexicon,
      builtin: contents.builtin ?? null,
      expansions: contents.expansions ?? null,
      synonyms: contents.synonyms ?? null,
    };
    writeFileSync(join(tmp, 'statement.json'), JSON.stringify(contents.statement));
    writeFileSync(join(tmp, 'lexical.json'), JSON.stringify(lexical));
    const files: Record<string, { bytes: number; sha256: string }> = {};
    for (const f of ['statement.json', 'lexical.json', 'vectors.hnsw']) {
      const buf = readFileSync(join(tmp, f));
      files[f] = { bytes: buf.length, sha256: sha256(buf) };
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      document: { path: contents.documentPath, sha256: contents.documentSha256 },
      embedder: contents.embedder,
      counts: {
        paragraphs: contents.statement.paragraphs.length,
        lexiconKeys: Object.keys(contents.lexicon.toZh).length,
        features: Object.keys(contents.bm25.postings).length,
      },
      files,
      buildMs: contents.buildMs,
    };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    renameSync(tmp, join(indexDir, name));
    const pointerTmp = join(indexDir, `.${POINTER}.${randomBytes(4).toString('hex')}`);
    writeFileSync(pointerTmp, JSON.stringify({ build: name }));
    renameSync(pointerTmp, join(indexDir, POINTER));
    removeOldBuilds(indexDir, name);
    return manifest;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new IndexError(`Could not write the index in ${indexDir}: ${(err as Error).message}`, { cause: err });
  }
}

// Older builds are removed, but not ones a moment old: another process may still be reading them.
function removeOldBuilds(indexDir: string, keep: string): void {
  const cutoff = Date.now() - 60_000;
  for (const entry of readdirSync(indexDir)) {
    if (entry === keep || !(entry.startsWith('build-') || entry.startsWith('.tmp-build-'))) continue;
    const path = join(indexDir, entry);
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { recursive: true, force: true });
    } catch {
      // Already gone: another process cleaned it.
    }
  }
}

function currentBuild(indexDir: string): string {
  const pointer = join(indexDir, POINTER);
  if (!existsSync(pointer)) throw new IndexError(`No index in ${indexDir}: run \`npm run ingest\` (or \`npm start\`, which builds it).`);
  let build: unknown;
  try {
    build = (JSON.parse(readFileSync(pointer, 'utf8')) as { build?: unknown }).build;
  } catch (err) {
    throw new IndexError(`The index pointer ${pointer} is unreadable; rebuild with \`npm run ingest\`.`, { cause: err });
  }
  if (typeof build !== 'string' || !/^build-[\w-]+$/.test(build)) throw new IndexError(`The index pointer ${pointer} is malformed; rebuild with \`npm run ingest\`.`);
  return join(indexDir, build);
}

/** Reads the manifest of the current index, or undefined when there is none. */
export function readManifest(indexDir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(currentBuild(indexDir), 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Why an index must be rebuilt for this document and embedder, or undefined when it is current. */
export function staleReason(manifest: Manifest | undefined, expected: { documentSha256: string; embedderId: string }): string | undefined {
  if (!manifest) return 'no index yet';
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return `index format ${String(manifest.formatVersion)} ≠ ${INDEX_FORMAT_VERSION}`;
  // A manifest of the right version but the wrong shape is damaged: rebuild it too.
  if (manifest.document?.sha256 !== expected.documentSha256) return 'the document changed';
  if (manifest.embedder?.id !== expected.embedderId) return `embedder changed (${String(manifest.embedder?.id)} → ${expected.embedderId})`;
  return undefined;
}

const INDEX_FILES = ['statement.json', 'lexical.json', 'vectors.hnsw'] as const;

/**
 * Loads the current index, checking every file against the manifest first, so a missing or
 * truncated file gives a clear IndexError rather than a native crash in hnswlib.
 */
export function loadIndex(indexDir: string): LoadedIndex {
  const dir = currentBuild(indexDir);
  const manifestPath = join(dir, 'manifest.json');
  const rebuild = 'rebuild with `npm run ingest`.';
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (err) {
    throw new IndexError(`The index manifest ${manifestPath} is missing or unreadable; ${rebuild}`, { cause: err });
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexError(`The index in ${dir} has format ${String(manifest.formatVersion)}, this version reads ${INDEX_FORMAT_VERSION}; ${rebuild}`);
  }
  if (typeof manifest.embedder?.dimension !== 'number' || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new IndexError(`The index manifest ${manifestPath} is malformed; ${rebuild}`);
  }
  // Every file the loader reads must be listed and verified: none is trusted unchecked.
  const buffers = new Map<string, Buffer>();
  for (const file of INDEX_FILES) {
    const expected = manifest.files[file];
    const path = join(dir, file);
    if (!expected) throw new IndexError(`The index manifest ${manifestPath} does not list ${file}; ${rebuild}`);
    if (!existsSync(path)) throw new IndexError(`The index file ${path} is missing; ${rebuild}`);
    const buf = readFileSync(path);
    if (buf.length !== expected.bytes) {
      throw new IndexError(`The index file ${path} is truncated or damaged (${buf.length} bytes, manifest says ${expected.bytes}); ${rebuild}`);
    }
    if (sha256(buf) !== expected.sha256) throw new IndexError(`The index file ${path} does not match its checksum; ${rebuild}`);
    buffers.set(file, buf);
  }
  let statement: Statement;
  let lexical: Lexical;
  try {
    statement = JSON.parse(buffers.get('statement.json')!.toString('utf8')) as Statement;
    lexical = JSON.parse(buffers.get('lexical.json')!.toString('utf8')) as Lexical;
  } catch (err) {
    throw new IndexError(`The index in ${dir} holds unreadable JSON; ${rebuild}`, { cause: err });
  }
  if (!Array.isArray(statement.paragraphs) || typeof lexical.bm25 !== 'object' || typeof lexical.lexicon !== 'object') {
    throw new IndexError(`The index in ${dir} is malformed; ${rebuild}`);
  }
  const vectors = new HierarchicalNSW('cosine', manifest.embedder.dimension);
  vectors.readIndexSync(join(dir, 'vectors.hnsw'));
  if (vectors.getCurrentCount() !== statement.paragraphs.length) {
    throw new IndexError(`The vector index in ${dir} holds ${vectors.getCurrentCount()} vectors for ${statement.paragraphs.length} paragraphs; ${rebuild}`);
  }
  vectors.setEf(Math.max(50, statement.paragraphs.length));
  return {
    dir,
    manifest,
    statement,
    bm25: lexical.bm25,
    lexicon: lexical.lexicon,
    builtin: lexical.builtin ?? undefined,
    vectors,
    expansions: lexical.expansions ?? undefined,
    synonyms: lexical.synonyms ?? undefined,
  };
}
